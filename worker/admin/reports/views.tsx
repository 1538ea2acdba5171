// A report on screen and printable: of a hub's cycle or of a period. Totals per producer (what to
// bring), one bag per shopper, packing per product, payments with their totals per method and state,
// and the money: fees per enterprise and role, VAT per rate and per producer, what each producer is
// owed, totals per customer. Every money table ends with its total row.
import type { FC } from 'hono/jsx';
import { REPORT_KINDS } from '../../../db/orders/reports.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatVatRate } from '../../../domain/vat.ts';
import { shortRef } from '../../pages/order-text.ts';
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
  const money = (c: number) => formatMoney(c, l);
  const rate = (bp: number) => formatVatRate(bp, l);
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
      {report.kind === 'producers'
        ? groupBy(report.rows, (x) => x.producerName).map(([producer, rows]) => (
            <section class="bag">
              <h2>{producer}</h2>
              <table class="grid">
                <thead>
                  <tr>
                    <th>{tr('Produit', 'Product')}</th>
                    <th class="num">{tr('Quantité', 'Quantity')}</th>
                    <th class="num">{tr('Pour le producteur', 'To the producer')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((x) => (
                    <tr>
                      <td>
                        {x.productName} — {x.variantName}
                      </td>
                      <td class="num">{x.quantity}</td>
                      <td class="num">{money(x.baseCents)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th>{tr('Total', 'Total')}</th>
                    <td class="num">{rows.reduce((s, x) => s + x.quantity, 0)}</td>
                    <td class="num">{money(rows.reduce((s, x) => s + x.baseCents, 0))}</td>
                  </tr>
                </tfoot>
              </table>
            </section>
          ))
        : null}
      {report.kind === 'shoppers'
        ? groupBy(report.rows, (x) => x.publicId).map(([ref, rows]) => (
            <section class="bag" data-testid="bag">
              <h2>
                {rows[0]!.shopperName}{' '}
                <small class="muted">
                  {shortRef(ref)} · {rows[0]!.phone} · {rows[0]!.shippingName}
                  {allHubs ? ` · ${rows[0]!.hubName}` : ''}
                </small>
              </h2>
              <table class="grid">
                <tbody>
                  {rows.map((x) => (
                    <tr>
                      <td class="num" style="width:4rem">
                        {x.quantity} ×
                      </td>
                      <td>
                        {x.productName} — {x.variantName}
                      </td>
                      <td class="muted">{x.producerName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))
        : null}
      {report.kind === 'products'
        ? groupBy(report.rows, (x) => `${x.producerName} · ${x.productName} — ${x.variantName}`).map(([label, rows]) => (
            <section class="bag">
              <h2>
                {label} <small class="muted">— {rows.reduce((s, x) => s + x.quantity, 0)}</small>
              </h2>
              <table class="grid">
                <tbody>
                  {rows.map((x) => (
                    <tr>
                      <td class="num" style="width:4rem">
                        {x.quantity} ×
                      </td>
                      <td>{x.shopperName}</td>
                      <td class="muted">{shortRef(x.publicId)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))
        : null}
      {report.kind === 'payments' ? (
        <>
          <table class="grid">
            <thead>
              <tr>
                <th>{tr('Réf.', 'Ref.')}</th>
                <th>{tr('Client', 'Shopper')}</th>
                <th>{tr('Moyen', 'Method')}</th>
                <th>{tr('État', 'State')}</th>
                <th class="num">{tr('Montant', 'Amount')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((x) => (
                <tr>
                  <td>{shortRef(x.publicId)}</td>
                  <td>{x.shopperName}</td>
                  <td>{x.paymentName}</td>
                  <td>{paymentRowLabel(tr, x)}</td>
                  <td class="num">{money(x.totalCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{tr('Totaux', 'Totals')}</h2>
          <table class="grid">
            <tbody>
              {groupBy(report.rows, (x) => `${x.paymentName} — ${paymentRowLabel(tr, x)}`).map(([label, rows]) => (
                <tr>
                  <th>{label}</th>
                  <td class="num">{rows.length}</td>
                  <td class="num">{money(rows.reduce((s, x) => s + x.totalCents, 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {report.kind === 'fees' && report.rows.length ? (
        <div class="table-scroll">
          <table class="grid" data-testid="report-fees">
            <thead>
              <tr>
                <th>{tr('Entreprise', 'Enterprise')}</th>
                <th>{tr('Rôle', 'Role')}</th>
                <th>{tr('Marge ou commission', 'Fee')}</th>
                <th>{tr('Sur', 'On')}</th>
                <th class="num">{tr('Commandes', 'Orders')}</th>
                <th class="num">{tr('HT', 'Excl. VAT')}</th>
                <th class="num">{tr('TVA', 'VAT')}</th>
                <th class="num">{tr('TTC', 'Incl. VAT')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((x) => (
                <tr>
                  <td>{x.enterpriseName}</td>
                  <td>{feeRoleLabel(tr, x.role)}</td>
                  <td>{x.feeName}</td>
                  <td>{x.perItem ? tr('articles', 'items') : tr('commande', 'order')}</td>
                  <td class="num">{x.orders}</td>
                  <td class="num">{money(x.amountCents - x.vatCents)}</td>
                  <td class="num">
                    {money(x.vatCents)} <small class="muted">({rate(x.vatRateBp)})</small>
                  </td>
                  <td class="num">{money(x.amountCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colspan={5}>{tr('Total', 'Total')}</th>
                <td class="num">{money(total(report.rows, (x) => x.amountCents - x.vatCents))}</td>
                <td class="num">{money(total(report.rows, (x) => x.vatCents))}</td>
                <td class="num" data-testid="total">
                  {money(total(report.rows, (x) => x.amountCents))}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      {report.kind === 'fees' && report.rows.length ? (
        <>
          <h2>{tr('Par entreprise et rôle', 'Per enterprise and role')}</h2>
          <table class="grid">
            <tbody>
              {groupBy(report.rows, (x) => `${x.enterpriseName} — ${feeRoleLabel(tr, x.role)}`).map(([label, rows]) => (
                <tr>
                  <th>{label}</th>
                  <td class="num">{money(total(rows, (x) => x.amountCents))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {report.kind === 'vat' && report.rows.producers.length ? (
        <>
          <h2>{tr('Par taux, comme sur les factures', 'Per rate, as invoiced')}</h2>
          <table class="grid" data-testid="report-vat-rates">
            <thead>
              <tr>
                <th>{tr('Taux', 'Rate')}</th>
                <th class="num">{tr('HT', 'Excl. VAT')}</th>
                <th class="num">{tr('TVA', 'VAT')}</th>
                <th class="num">{tr('TTC', 'Incl. VAT')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.rates.map((x) => (
                <tr>
                  <td>{rate(x.rateBp)}</td>
                  <td class="num">{money(x.ttcCents - x.vatCents)}</td>
                  <td class="num">{money(x.vatCents)}</td>
                  <td class="num">{money(x.ttcCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>{tr('Total', 'Total')}</th>
                <td class="num">{money(total(report.rows.rates, (x) => x.ttcCents - x.vatCents))}</td>
                <td class="num">{money(total(report.rows.rates, (x) => x.vatCents))}</td>
                <td class="num">{money(total(report.rows.rates, (x) => x.ttcCents))}</td>
              </tr>
            </tfoot>
          </table>
          <p class="muted">
            {tr(
              'Articles, frais par commande et livraison ; la TVA est calculée sur le total de chaque taux de chaque commande, comme sur sa facture.',
              'Items, per-order fees and delivery; VAT is computed on each rate’s total of each order, as on its invoice.',
            )}
          </p>
          <h2>{tr('Par producteur (articles)', 'Per producer (items)')}</h2>
          <table class="grid" data-testid="report-vat-producers">
            <thead>
              <tr>
                <th>{tr('Producteur', 'Producer')}</th>
                <th>{tr('Taux', 'Rate')}</th>
                <th class="num">{tr('HT', 'Excl. VAT')}</th>
                <th class="num">{tr('TVA', 'VAT')}</th>
                <th class="num">{tr('TTC', 'Incl. VAT')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.producers.map((x) => (
                <tr>
                  <td>{x.producerName}</td>
                  <td>{rate(x.rateBp)}</td>
                  <td class="num">{money(x.ttcCents - x.vatCents)}</td>
                  <td class="num">{money(x.vatCents)}</td>
                  <td class="num">{money(x.ttcCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colspan={2}>{tr('Total', 'Total')}</th>
                <td class="num">{money(total(report.rows.producers, (x) => x.ttcCents - x.vatCents))}</td>
                <td class="num">{money(total(report.rows.producers, (x) => x.vatCents))}</td>
                <td class="num">{money(total(report.rows.producers, (x) => x.ttcCents))}</td>
              </tr>
            </tfoot>
          </table>
        </>
      ) : null}
      {report.kind === 'payouts' && report.rows.length ? (
        <>
          <table class="grid" data-testid="report-payouts">
            <thead>
              <tr>
                <th>{tr('Producteur', 'Producer')}</th>
                {allHubs ? <th>{tr('Boutique', 'Shop')}</th> : null}
                <th class="num">{tr('Ventes TTC', 'Sales incl. VAT')}</th>
                <th class="num">{tr('Marges retenues', 'Fees kept')}</th>
                <th class="num">{tr('À reverser', 'Owed')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((x) => (
                <tr>
                  <td>{x.producerName}</td>
                  {allHubs ? <td>{x.hubName}</td> : null}
                  <td class="num">{money(x.salesCents)}</td>
                  <td class="num">{money(x.othersFeesCents)}</td>
                  <td class="num">{money(x.owedCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colspan={allHubs ? 2 : 1}>{tr('Total', 'Total')}</th>
                <td class="num">{money(total(report.rows, (x) => x.salesCents))}</td>
                <td class="num">{money(total(report.rows, (x) => x.othersFeesCents))}</td>
                <td class="num">{money(total(report.rows, (x) => x.owedCents))}</td>
              </tr>
            </tfoot>
          </table>
          <p class="muted">
            {tr(
              'À reverser : les articles du producteur au prix payé (TTC), moins les marges et commissions de la boutique, du coordinateur et de la plateforme sur ces articles. Les frais par commande et la livraison restent à la boutique.',
              'Owed: the producer’s items at the price paid (incl. VAT), minus the fees of the shop, the coordinator and the platform on them. Per-order fees and delivery stay with the shop.',
            )}
          </p>
        </>
      ) : null}
      {report.kind === 'customers' && report.rows.length ? (
        <div class="table-scroll">
          <table class="grid" data-testid="report-customers">
            <thead>
              <tr>
                <th>{tr('Client', 'Shopper')}</th>
                {allHubs ? <th>{tr('Boutique', 'Shop')}</th> : null}
                <th class="num">{tr('Commandes', 'Orders')}</th>
                <th class="num">{tr('Articles', 'Items')}</th>
                <th class="num">{tr('Frais', 'Fees')}</th>
                <th class="num">{tr('Livraison', 'Delivery')}</th>
                <th class="num">{tr('Total TTC', 'Total')}</th>
                <th class="num">{tr('Payé', 'Paid')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((x) => (
                <tr>
                  <td>
                    {x.shopperName} <small class="muted">{x.email}</small>
                  </td>
                  {allHubs ? <td>{x.hubName}</td> : null}
                  <td class="num">{x.orders}</td>
                  <td class="num">{money(x.itemsCents)}</td>
                  <td class="num">{money(x.orderFeesCents)}</td>
                  <td class="num">{money(x.shippingCents)}</td>
                  <td class="num">{money(x.totalCents)}</td>
                  <td class="num">{money(x.paidCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colspan={allHubs ? 2 : 1}>{tr('Total', 'Total')}</th>
                <td class="num">{total(report.rows, (x) => x.orders)}</td>
                <td class="num">{money(total(report.rows, (x) => x.itemsCents))}</td>
                <td class="num">{money(total(report.rows, (x) => x.orderFeesCents))}</td>
                <td class="num">{money(total(report.rows, (x) => x.shippingCents))}</td>
                <td class="num">{money(total(report.rows, (x) => x.totalCents))}</td>
                <td class="num">{money(total(report.rows, (x) => x.paidCents))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      <script src={paths('fr').asset('print.js')} defer></script>
    </>
  );
};
