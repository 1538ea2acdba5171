// A report on screen and printable: of a hub's cycle or of a period. Totals per producer (what to
// bring), one bag per shopper, packing per product, payments with their totals per method and state,
// and the money: fees per enterprise and role, VAT per rate and per producer, what each producer is
// owed, totals per customer; the invoices and credit notes behind the VAT. Every money table ends
// with its total row; all are the shared DataTable.
import type { FC } from 'hono/jsx';
import { REPORT_KINDS, type VatDocumentRow } from '../../../db/orders/reports.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatVatRate } from '../../../domain/vat.ts';
import { shortRef } from '../../pages/order-text.ts';
import { type Column, DataTable } from '../shared/data-table.tsx';
import { feeRoleLabel, paymentRowLabel } from '../shared/labels.ts';
import { paths, type ReportKindKey, reportSlug, reportTitle, translator, type Locale } from '../shared/paths.ts';
import { errorFor, FormErrors } from '../shared/ui.tsx';
import { isEmpty, type PeriodInput, type Report } from './use-cases.ts';

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Array<[string, T[]]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return [...map.entries()];
}

const total = <T,>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, x) => s + f(x), 0);

/** The period's form: which report, from which day to which day, this hub or every cycle it coordinates. */
export const PeriodForm: FC<{
  l: Locale;
  slug: string;
  kind: ReportKindKey;
  period: PeriodInput;
  allHubs: boolean;
  errors: readonly FieldError[];
  compact?: boolean;
}> = ({ l, slug, kind, period, allHubs, errors, compact }) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      {compact ? null : <h1>{tr('Rapports sur une période', 'Reports over a period')}</h1>}
      <FormErrors errors={errors} l={l} />
      <form method="get" action={p.reports(slug)} class="filters no-print" data-testid="period-form">
        <div class="field">
          <label for="report-kind">{tr('Rapport', 'Report')}</label>
          <select id="report-kind" name="kind">
            {REPORT_KINDS.map((k) => (
              <option value={reportSlug(l, k)} selected={k === kind}>
                {reportTitle(tr, k)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="from">{tr('Du (commandes passées ce jour inclus)', 'From (orders placed that day included)')}</label>
          <input id="from" name="from" type="date" value={period.from} aria-invalid={errorFor(errors, 'from') ? 'true' : undefined} />
        </div>
        <div class="field">
          <label for="to">{tr('Au (inclus)', 'To (included)')}</label>
          <input id="to" name="to" type="date" value={period.to} aria-invalid={errorFor(errors, 'to') ? 'true' : undefined} />
        </div>
        <div class="choice">
          <input type="checkbox" id="hubs-all" name="hubs" value="all" checked={allHubs} />
          <label for="hubs-all">{tr('Toutes les boutiques des cycles que je coordonne', 'Every shop of the cycles I coordinate')}</label>
        </div>
        <button type="submit">{tr('Voir le rapport', 'Show the report')}</button>
      </form>
    </>
  );
};

export const ReportPage: FC<{
  l: Locale;
  enterprise: { slug: string; name: string };
  /** The cycle's name or the period in words. */
  scopeName: string;
  back: string;
  /** The address of another report (or its CSV with ext '.csv') on the same scope. */
  link: (kind: ReportKindKey, ext?: string) => string;
  allHubs: boolean;
  /** Switches between this hub and every hub (coordinator only), null when it cannot. */
  allHubsLink: string | null;
  /** Over a period, « every shop » means those of the cycles the hub coordinates. */
  period?: boolean;
  title: string;
  report: Report;
}> = ({ l, enterprise: e, scopeName, back, link, allHubs, allHubsLink, period, title, report }) => {
  const p = paths(l);
  const tr = translator(l);
  const kind = report.kind;
  return (
    <>
      <p class="eyebrow no-print">
        <a href={back}>{scopeName}</a> · <a href={p.reports(e.slug)}>{tr('Rapports sur une période', 'Reports over a period')}</a>
      </p>
      <h1>
        {title}{' '}
        <small class="muted">
          — {allHubs ? tr(`toutes les boutiques (${e.name} coordinateur)`, `every shop (${e.name} coordinating)`) : e.name}, {scopeName}
        </small>
      </h1>
      <nav class="actions no-print report-kinds" aria-label={tr('Autres rapports', 'Other reports')}>
        {REPORT_KINDS.map((k) =>
          k === kind ? <strong aria-current="page">{reportTitle(tr, k)}</strong> : <a href={link(k)}>{reportTitle(tr, k)}</a>,
        )}
      </nav>
      <p class="actions no-print">
        <a href={link(kind, '.csv')} download>
          {tr('Télécharger en CSV', 'Download as CSV')}
        </a>
        <button type="button" data-print hidden>
          {tr('Imprimer', 'Print')}
        </button>
        {allHubsLink ? (
          <a href={allHubsLink}>
            {allHubs
              ? tr('Ma boutique seulement', 'My shop only')
              : period
                ? tr('Toutes les boutiques des cycles que je coordonne', 'Every shop of the cycles I coordinate')
                : tr('Toutes les boutiques du cycle', 'Every shop of the cycle')}
          </a>
        ) : null}
      </p>
      {isEmpty(report) ? <p>{tr('Aucune commande sur cette période ou ce cycle.', 'No orders in this cycle or period.')}</p> : null}
      <ReportBody l={l} report={report} allHubs={allHubs} period={period ?? false} />
      <script src={paths('fr').asset('print.js')} defer></script>
    </>
  );
};

/** The report's tables, each a DataTable of its columns. */
const ReportBody: FC<{ l: Locale; report: Report; allHubs: boolean; period: boolean }> = ({ l, report, allHubs, period }) => {
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const rate = (bp: number) => formatVatRate(bp, l);
  const sum =
    <T,>(f: (r: T) => number) =>
    (rows: readonly T[]) =>
      money(total(rows, f));
  const count =
    <T,>(f: (r: T) => number) =>
    (rows: readonly T[]) =>
      total(rows, f);
  const totalLabel = tr('Total', 'Total');
  const shop = <T extends { hubName: string }>(): Column<T> | false => allHubs && { label: tr('Boutique', 'Shop'), cell: (x) => x.hubName };
  const ht = { label: tr('HT', 'Excl. VAT'), num: true } as const;
  const vat = { label: tr('TVA', 'VAT'), num: true } as const;
  const ttc = { label: tr('TTC', 'Incl. VAT'), num: true } as const;
  switch (report.kind) {
    case 'producers':
      return (
        <>
          {groupBy(report.rows, (x) => x.producerName).map(([producer, rows]) => (
            <section class="bag">
              <h2>{producer}</h2>
              <DataTable
                rows={rows}
                totalLabel={totalLabel}
                columns={[
                  { label: tr('Produit', 'Product'), cell: (x) => `${x.productName} — ${x.variantName}` },
                  { label: tr('Quantité', 'Quantity'), num: true, cell: (x) => x.quantity, total: count((x) => x.quantity) },
                  {
                    label: tr('Pour le producteur', 'To the producer'),
                    num: true,
                    cell: (x) => money(x.baseCents),
                    total: sum((x) => x.baseCents),
                  },
                ]}
              />
            </section>
          ))}
        </>
      );
    case 'shoppers':
      return (
        <>
          {report.rows.map((bag) => (
            <section class="bag" data-testid="bag">
              <h2>
                {bag.shopperName}{' '}
                <small class="muted">
                  {shortRef(bag.publicId)} · {bag.phone} · {bag.shippingName}
                  {allHubs ? ` · ${bag.hubName}` : ''}
                </small>
              </h2>
              <DataTable
                rows={bag.lines}
                head={false}
                columns={[
                  { label: tr('Quantité', 'Quantity'), num: true, width: '4rem', cell: (x) => `${x.quantity} ×` },
                  { label: tr('Produit', 'Product'), cell: (x) => `${x.productName} — ${x.variantName}` },
                  { label: tr('Producteur', 'Producer'), cell: (x) => <span class="muted">{x.producerName}</span> },
                ]}
              />
            </section>
          ))}
        </>
      );
    case 'products':
      return (
        <>
          {report.rows.map((product) => (
            <section class="bag">
              <h2>
                {product.producerName} · {product.productName} — {product.variantName} <small class="muted">— {product.quantity}</small>
              </h2>
              <DataTable
                rows={product.shoppers}
                head={false}
                columns={[
                  { label: tr('Quantité', 'Quantity'), num: true, width: '4rem', cell: (x) => `${x.quantity} ×` },
                  { label: tr('Client', 'Shopper'), cell: (x) => (allHubs ? `${x.shopperName} · ${x.hubName}` : x.shopperName) },
                  { label: tr('Réf.', 'Ref.'), cell: (x) => <span class="muted">{shortRef(x.publicId)}</span> },
                ]}
              />
            </section>
          ))}
        </>
      );
    case 'payments': {
      type Group = { label: string; rows: typeof report.rows };
      const groups: Group[] = groupBy(report.rows, (x) => `${x.paymentName} — ${paymentRowLabel(tr, x)}`).map(([label, rows]) => ({
        label,
        rows,
      }));
      const owed = total(report.rows, (x) => x.owedBackCents);
      const moneyColumns = <T,>(f: (r: T) => { totalCents: number; backCents: number; owedBackCents: number }): Column<T>[] => [
        { label: tr('Montant', 'Amount'), num: true, cell: (x) => money(f(x).totalCents), total: sum((x) => f(x).totalCents) },
        { label: tr('Rendu', 'Given back'), num: true, cell: (x) => money(f(x).backCents), total: sum((x) => f(x).backCents) },
        { label: tr('À rendre', 'To give back'), num: true, cell: (x) => money(f(x).owedBackCents), total: sum((x) => f(x).owedBackCents) },
      ];
      return report.rows.length ? (
        <>
          {owed > 0 ? (
            <p class="notice" data-testid="owed-back">
              {tr(
                `À rendre aux clients : ${money(owed)} (paiements au retrait à rendre en main propre, ou remboursements par carte à relancer).`,
                `To give back to shoppers: ${money(owed)} (offline payments to hand back, or card refunds to retry).`,
              )}
            </p>
          ) : null}
          <DataTable
            rows={report.rows}
            scroll
            testid="report-payments"
            totalLabel={totalLabel}
            columns={[
              { label: tr('Réf.', 'Ref.'), cell: (x) => shortRef(x.publicId) },
              { label: tr('Client', 'Shopper'), cell: (x) => x.shopperName },
              shop(),
              { label: tr('Moyen', 'Method'), cell: (x) => x.paymentName },
              { label: tr('État', 'State'), cell: (x) => paymentRowLabel(tr, x) },
              ...moneyColumns((x: (typeof report.rows)[number]) => x),
            ]}
          />
          <h2>{tr('Totaux par moyen et état', 'Totals per method and state')}</h2>
          <DataTable
            rows={groups}
            scroll
            totalLabel={totalLabel}
            columns={[
              { label: tr('Moyen et état', 'Method and state'), rowHeader: true, cell: (g) => g.label },
              { label: tr('Commandes', 'Orders'), num: true, cell: (g) => g.rows.length, total: count((g) => g.rows.length) },
              ...moneyColumns((g: Group) => ({
                totalCents: total(g.rows, (x) => x.totalCents),
                backCents: total(g.rows, (x) => x.backCents),
                owedBackCents: total(g.rows, (x) => x.owedBackCents),
              })),
            ]}
          />
          <p class="muted">
            {tr(
              'Montant : le total de la commande après ses corrections (d’une commande annulée, celui qu’elle avait). Rendu : remboursé par carte ou rendu par la boutique.',
              'Amount: the order’s total after its corrections (a cancelled order’s as it was). Given back: refunded by card or handed back by the shop.',
            )}
          </p>
        </>
      ) : null;
    }
    case 'fees':
      return report.rows.length ? (
        <>
          <DataTable
            rows={report.rows}
            scroll
            testid="report-fees"
            totalLabel={totalLabel}
            columns={[
              { label: tr('Entreprise', 'Enterprise'), cell: (x) => x.enterpriseName },
              { label: tr('Rôle', 'Role'), cell: (x) => feeRoleLabel(tr, x.role) },
              { label: tr('Marge ou commission', 'Fee'), cell: (x) => x.feeName },
              { label: tr('Sur', 'On'), cell: (x) => (x.perItem ? tr('articles', 'items') : tr('commande', 'order')) },
              { label: tr('Commandes', 'Orders'), num: true, cell: (x) => x.orders },
              { ...ht, cell: (x) => money(x.amountCents - x.vatCents), total: sum((x) => x.amountCents - x.vatCents) },
              {
                ...vat,
                cell: (x) => (
                  <>
                    {money(x.vatCents)} <small class="muted">({rate(x.vatRateBp)})</small>
                  </>
                ),
                total: sum((x) => x.vatCents),
              },
              { ...ttc, cell: (x) => money(x.amountCents), total: sum((x) => x.amountCents) },
            ]}
          />
          <h2>{tr('Par entreprise et rôle', 'Per enterprise and role')}</h2>
          <DataTable
            rows={groupBy(report.rows, (x) => `${x.enterpriseName} — ${feeRoleLabel(tr, x.role)}`)}
            totalLabel={totalLabel}
            columns={[
              { label: tr('Entreprise et rôle', 'Enterprise and role'), rowHeader: true, cell: ([label]) => label },
              {
                ...ttc,
                cell: ([, rows]) => money(total(rows, (x) => x.amountCents)),
                total: sum(([, rows]) => total(rows, (x) => x.amountCents)),
              },
            ]}
          />
        </>
      ) : null;
    case 'vat': {
      const { rates, producers, documents, counts } = report.rows;
      return producers.length || documents.length ? (
        <>
          <h2>{tr('Par taux, comme sur les factures', 'Per rate, as invoiced')}</h2>
          <DataTable
            rows={rates}
            testid="report-vat-rates"
            totalLabel={totalLabel}
            columns={[
              { label: tr('Taux', 'Rate'), cell: (x) => rate(x.rateBp) },
              { ...ht, cell: (x) => money(x.ttcCents - x.vatCents), total: sum((x) => x.ttcCents - x.vatCents) },
              { ...vat, cell: (x) => money(x.vatCents), total: sum((x) => x.vatCents) },
              { ...ttc, cell: (x) => money(x.ttcCents), total: sum((x) => x.ttcCents) },
            ]}
          />
          <p class="muted">
            {tr(
              'Les ventes après leurs corrections (une commande annulée n’en est plus une) : articles, frais par commande et livraison ; la TVA est calculée sur le total de chaque taux de chaque commande, comme sur sa facture.',
              'Sales after their corrections (a cancelled order is no longer one): items, per-order fees and delivery; VAT is computed on each rate’s total of each order, as on its invoice.',
            )}
          </p>
          <h2>{tr('Factures et avoirs émis', 'Invoices and credit notes issued')}</h2>
          <p data-testid="document-counts">
            {tr(
              `${counts.invoices} facture(s), ${counts.supplements} facture(s) complémentaire(s), ${counts.creditNotes} avoir(s)`,
              `${counts.invoices} invoice(s), ${counts.supplements} supplementary invoice(s), ${counts.creditNotes} credit note(s)`,
            )}
            {period
              ? tr(' émis sur la période.', ' issued in the period.')
              : tr(' pour les commandes du cycle.', ' for the cycle’s orders.')}
          </p>
          <DataTable
            rows={documents}
            scroll
            testid="report-vat-documents"
            totalLabel={totalLabel}
            columns={[
              { label: tr('Taux', 'Rate'), cell: (x) => rate(x.rateBp) },
              {
                label: tr('Facturé TTC', 'Invoiced incl. VAT'),
                num: true,
                cell: (x) => money(x.invoicedTtcCents),
                total: sum((x) => x.invoicedTtcCents),
              },
              {
                label: tr('Avoirs TTC', 'Credited incl. VAT'),
                num: true,
                cell: (x) => money(-x.creditedTtcCents),
                total: sum((x) => -x.creditedTtcCents),
              },
              {
                label: tr('Net HT', 'Net excl. VAT'),
                num: true,
                cell: (x) => money(netTtc(x) - netVat(x)),
                total: sum((x) => netTtc(x) - netVat(x)),
              },
              { label: tr('TVA nette', 'Net VAT'), num: true, cell: (x) => money(netVat(x)), total: sum(netVat) },
              { label: tr('Net TTC', 'Net incl. VAT'), num: true, cell: (x) => money(netTtc(x)), total: sum(netTtc) },
            ]}
          />
          <p class="muted">
            {tr(
              'Chaque document tel qu’il a été émis : les factures (et les factures complémentaires d’une correction à la hausse), moins les avoirs (annulations et corrections à la baisse). Le net égale les ventes ci-dessus, à l’arrondi près (chaque document arrondit sa TVA au centime)',
              'Each document as it was issued: the invoices (and the supplementary invoices of a correction upwards), minus the credit notes (cancellations and corrections downwards). The net equals the sales above, to the rounding (each document rounds its VAT to the cent)',
            )}
            {period
              ? tr(
                  ', quand les documents d’une commande sont émis dans la même période qu’elle a été passée.',
                  ', when an order’s documents are issued in the period it was placed in.',
                )
              : '.'}
          </p>
          <h2>{tr('Par producteur (articles)', 'Per producer (items)')}</h2>
          <DataTable
            rows={producers}
            testid="report-vat-producers"
            totalLabel={totalLabel}
            columns={[
              { label: tr('Producteur', 'Producer'), cell: (x) => x.producerName },
              { label: tr('Taux', 'Rate'), cell: (x) => rate(x.rateBp) },
              { ...ht, cell: (x) => money(x.ttcCents - x.vatCents), total: sum((x) => x.ttcCents - x.vatCents) },
              { ...vat, cell: (x) => money(x.vatCents), total: sum((x) => x.vatCents) },
              { ...ttc, cell: (x) => money(x.ttcCents), total: sum((x) => x.ttcCents) },
            ]}
          />
        </>
      ) : null;
    }
    case 'payouts':
      return report.rows.length ? (
        <>
          <DataTable
            rows={report.rows}
            testid="report-payouts"
            totalLabel={totalLabel}
            columns={[
              { label: tr('Producteur', 'Producer'), cell: (x) => x.producerName },
              shop(),
              { label: tr('Ventes TTC', 'Sales incl. VAT'), num: true, cell: (x) => money(x.salesCents), total: sum((x) => x.salesCents) },
              {
                label: tr('Marges retenues', 'Fees kept'),
                num: true,
                cell: (x) => money(x.othersFeesCents),
                total: sum((x) => x.othersFeesCents),
              },
              { label: tr('À reverser', 'Owed'), num: true, cell: (x) => money(x.owedCents), total: sum((x) => x.owedCents) },
            ]}
          />
          <p class="muted">
            {tr(
              'À reverser : les articles du producteur au prix payé (TTC) après les corrections, moins les marges et commissions de la boutique, du coordinateur et de la plateforme sur ces articles. Les frais par commande et la livraison restent à la boutique.',
              'Owed: the producer’s items at the price paid (incl. VAT) after corrections, minus the fees of the shop, the coordinator and the platform on them. Per-order fees and delivery stay with the shop.',
            )}
          </p>
        </>
      ) : null;
    case 'customers':
      return report.rows.length ? (
        <DataTable
          rows={report.rows}
          scroll
          testid="report-customers"
          totalLabel={totalLabel}
          columns={[
            {
              label: tr('Client', 'Shopper'),
              cell: (x) => (
                <>
                  {x.shopperName} <small class="muted">{x.email}</small>
                </>
              ),
            },
            shop(),
            { label: tr('Commandes', 'Orders'), num: true, cell: (x) => x.orders, total: count((x) => x.orders) },
            { label: tr('Articles', 'Items'), num: true, cell: (x) => money(x.itemsCents), total: sum((x) => x.itemsCents) },
            { label: tr('Frais', 'Fees'), num: true, cell: (x) => money(x.orderFeesCents), total: sum((x) => x.orderFeesCents) },
            { label: tr('Livraison', 'Delivery'), num: true, cell: (x) => money(x.shippingCents), total: sum((x) => x.shippingCents) },
            { label: tr('Total TTC', 'Total'), num: true, cell: (x) => money(x.totalCents), total: sum((x) => x.totalCents) },
            { label: tr('Payé', 'Paid'), num: true, cell: (x) => money(x.paidCents), total: sum((x) => x.paidCents) },
            {
              label: tr('À rendre', 'To give back'),
              num: true,
              cell: (x) => money(x.owedBackCents),
              total: sum((x) => x.owedBackCents),
            },
          ]}
        />
      ) : null;
  }
};

const netTtc = (x: VatDocumentRow) => x.invoicedTtcCents - x.creditedTtcCents;
const netVat = (x: VatDocumentRow) => x.invoicedVatCents - x.creditedVatCents;
