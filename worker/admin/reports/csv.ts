// A cycle's report as CSV for French spreadsheets: French headers, decimal commas, one line per figure a spreadsheet sums.
import { csvMoney, csvPercent, toCsv } from '../../../domain/csv.ts';
import { shortRef } from '../../pages/order-text.ts';
import { feeRoleLabel, paymentRowLabel } from '../shared/labels.ts';
import type { Tr } from '../shared/paths.ts';
import type { Report } from './use-cases.ts';

export function reportCsv(r: Report, tr: Tr): string {
  switch (r.kind) {
    case 'producers':
      return toCsv([
        [
          tr('producteur', 'producer'),
          tr('produit', 'product'),
          tr('variante', 'variant'),
          tr('quantite', 'quantity'),
          tr('montant_producteur_ttc', 'producer_amount_incl_vat'),
          tr('ventes_ttc', 'sales_incl_vat'),
        ],
        ...r.rows.map((x) => [
          x.producerName,
          x.productName,
          x.variantName,
          String(x.quantity),
          csvMoney(x.baseCents),
          csvMoney(x.salesCents),
        ]),
      ]);
    case 'shoppers':
    case 'products':
      return toCsv([
        [
          tr('reference', 'reference'),
          tr('client', 'shopper'),
          tr('telephone', 'phone'),
          tr('retrait', 'collection'),
          tr('producteur', 'producer'),
          tr('produit', 'product'),
          tr('variante', 'variant'),
          tr('quantite', 'quantity'),
        ],
        ...(r.kind === 'shoppers'
          ? r.rows.flatMap((b) => b.lines.map((x) => [b, x.producerName, x.productName, x.variantName, x.quantity] as const))
          : r.rows.flatMap((x) => x.shoppers.map((b) => [b, x.producerName, x.productName, x.variantName, b.quantity] as const))
        ).map(([b, producer, product, variant, quantity]) => [
          shortRef(b.publicId),
          b.shopperName,
          b.phone,
          b.shippingName,
          producer,
          product,
          variant,
          String(quantity),
        ]),
      ]);
    case 'payments':
      return toCsv([
        [
          tr('reference', 'reference'),
          tr('client', 'shopper'),
          tr('moyen', 'method'),
          tr('etat', 'state'),
          tr('montant_ttc', 'amount_incl_vat'),
          tr('rendu_ttc', 'given_back_incl_vat'),
          tr('a_rendre_ttc', 'to_give_back_incl_vat'),
        ],
        ...r.rows.map((x) => [
          shortRef(x.publicId),
          x.shopperName,
          x.paymentName,
          paymentRowLabel(tr, x),
          csvMoney(x.totalCents),
          csvMoney(x.backCents),
          csvMoney(x.owedBackCents),
        ]),
      ]);
    case 'fees':
      return toCsv([
        [
          tr('entreprise', 'enterprise'),
          tr('role', 'role'),
          tr('marge', 'fee'),
          tr('sur', 'on'),
          tr('taux_tva', 'vat_rate'),
          tr('commandes', 'orders'),
          tr('montant_ht', 'amount_excl_vat'),
          tr('tva', 'vat'),
          tr('montant_ttc', 'amount_incl_vat'),
        ],
        ...r.rows.map((x) => [
          x.enterpriseName,
          feeRoleLabel(tr, x.role),
          x.feeName,
          x.perItem ? tr('articles', 'items') : tr('commande', 'order'),
          csvPercent(x.vatRateBp),
          String(x.orders),
          csvMoney(x.amountCents - x.vatCents),
          csvMoney(x.vatCents),
          csvMoney(x.amountCents),
        ]),
      ]);
    case 'vat':
      // One table a spreadsheet filters: the sales per rate as invoiced, the documents issued (credit
      // notes negative), then each producer's goods.
      return toCsv([
        [
          tr('producteur', 'producer'),
          tr('taux_tva', 'vat_rate'),
          tr('montant_ht', 'amount_excl_vat'),
          tr('tva', 'vat'),
          tr('montant_ttc', 'amount_incl_vat'),
        ],
        ...r.rows.rates.map((x) => [
          tr('Tous (factures)', 'All (invoices)'),
          csvPercent(x.rateBp),
          csvMoney(x.ttcCents - x.vatCents),
          csvMoney(x.vatCents),
          csvMoney(x.ttcCents),
        ]),
        ...r.rows.documents.flatMap((x) => [
          [
            tr('Factures émises', 'Invoices issued'),
            csvPercent(x.rateBp),
            csvMoney(x.invoicedTtcCents - x.invoicedVatCents),
            csvMoney(x.invoicedVatCents),
            csvMoney(x.invoicedTtcCents),
          ],
          [
            tr('Avoirs émis', 'Credit notes issued'),
            csvPercent(x.rateBp),
            csvMoney(-(x.creditedTtcCents - x.creditedVatCents)),
            csvMoney(-x.creditedVatCents),
            csvMoney(-x.creditedTtcCents),
          ],
        ]),
        ...r.rows.producers.map((x) => [
          x.producerName,
          csvPercent(x.rateBp),
          csvMoney(x.ttcCents - x.vatCents),
          csvMoney(x.vatCents),
          csvMoney(x.ttcCents),
        ]),
      ]);
    case 'payouts':
      return toCsv([
        [
          tr('producteur', 'producer'),
          tr('boutique', 'shop'),
          tr('ventes_ttc', 'sales_incl_vat'),
          tr('marges_retenues_ttc', 'fees_kept_incl_vat'),
          tr('a_reverser_ttc', 'owed_incl_vat'),
        ],
        ...r.rows.map((x) => [x.producerName, x.hubName, csvMoney(x.salesCents), csvMoney(x.othersFeesCents), csvMoney(x.owedCents)]),
      ]);
    case 'customers':
      return toCsv([
        [
          tr('client', 'shopper'),
          tr('email', 'email'),
          tr('boutique', 'shop'),
          tr('commandes', 'orders'),
          tr('articles_ttc', 'items_incl_vat'),
          tr('frais_commande_ttc', 'order_fees_incl_vat'),
          tr('livraison_ttc', 'shipping_incl_vat'),
          tr('total_ttc', 'total_incl_vat'),
          tr('paye_ttc', 'paid_incl_vat'),
          tr('a_rendre_ttc', 'to_give_back_incl_vat'),
        ],
        ...r.rows.map((x) => [
          x.shopperName,
          x.email,
          x.hubName,
          String(x.orders),
          csvMoney(x.itemsCents),
          csvMoney(x.orderFeesCents),
          csvMoney(x.shippingCents),
          csvMoney(x.totalCents),
          csvMoney(x.paidCents),
          csvMoney(x.owedBackCents),
        ]),
      ]);
  }
}

/** The file's name: the report, the hub and the cycle or the period (« 2026-11-01_2026-11-30 »). */
export const reportFilename = (slug: string, hubSlug: string, cycleId: number | string) =>
  `${slug}-${hubSlug}-${typeof cycleId === 'number' ? `cycle-${cycleId}` : cycleId}.csv`;
