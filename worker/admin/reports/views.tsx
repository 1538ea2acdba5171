// A report of a hub's cycle on screen and printable: totals per producer (what to bring), one bag per
// shopper, packing per product, payments with their totals per method and state.
import type { FC } from 'hono/jsx';
import { formatMoney } from '../../../domain/money.ts';
import { shortRef } from '../../pages/order-text.ts';
import { paymentRowLabel } from '../shared/labels.ts';
import { paths, reportSlug, translator, type Locale } from '../shared/paths.ts';
import type { Report } from './use-cases.ts';

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Array<[string, T[]]> {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
  return [...map.entries()];
}

export const ReportPage: FC<{
  l: Locale;
  enterprise: { slug: string; name: string };
  cycle: { id: number; name: string };
  title: string;
  report: Report;
}> = ({ l, enterprise: e, cycle, title, report }) => {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const kind = report.kind;
  return (
    <>
      <p class="eyebrow no-print">
        <a href={p.cycleOrders(e.slug, cycle.id)}>{cycle.name}</a>
      </p>
      <h1>
        {title}{' '}
        <small class="muted">
          — {e.name}, {cycle.name}
        </small>
      </h1>
      <p class="actions no-print">
        <a href={p.report(e.slug, cycle.id, `${reportSlug(l, kind)}.csv`)} download>
          {tr('Télécharger en CSV', 'Download as CSV')}
        </a>
        <button type="button" data-print hidden>
          {tr('Imprimer', 'Print')}
        </button>
      </p>
      {report.rows.length === 0 ? <p>{tr('Aucune commande dans ce cycle.', 'No orders in this cycle.')}</p> : null}
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
      <script src={paths('fr').asset('print.js')} defer></script>
    </>
  );
};
