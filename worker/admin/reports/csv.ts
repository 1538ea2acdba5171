// A cycle's report as CSV for French spreadsheets: French headers, decimal commas, one line per figure a spreadsheet sums.
import { csvMoney, toCsv } from '../../../domain/csv.ts';
import { shortRef } from '../../pages/order-text.ts';
import { paymentRowLabel } from '../shared/labels.ts';
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
        ...r.rows.map((x) => [
          shortRef(x.publicId),
          x.shopperName,
          x.phone,
          x.shippingName,
          x.producerName,
          x.productName,
          x.variantName,
          String(x.quantity),
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
        ],
        ...r.rows.map((x) => [shortRef(x.publicId), x.shopperName, x.paymentName, paymentRowLabel(tr, x), csvMoney(x.totalCents)]),
      ]);
  }
}

/** The file's name: the report, the hub and the cycle. */
export const reportFilename = (slug: string, hubSlug: string, cycleId: number) => `${slug}-${hubSlug}-cycle-${cycleId}.csv`;
