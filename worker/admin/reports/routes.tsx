// Reports of a hub's cycle: totals per producer (what to bring), packing per shopper (each bag),
// packing per product, payments — on screen, printable, and as CSV for French spreadsheets.
import { Hono } from 'hono';
import * as v from 'valibot';
import type { Db } from '../../../db/core/client.ts';
import { packingByProduct, packingByShopper, paymentsReport, producerTotals, type PackingLine, type PaymentRow } from '../../../db/orders/reports.ts';
import { csvMoney, toCsv } from '../../../domain/csv.ts';
import { DomainError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { shortRef } from '../../pages/order-text.ts';
import { idParamSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { csvResponse } from '../catalog/routes.tsx';
import { hubCycle } from '../../../db/orders/hub-orders.ts';
import { paymentStateLabel } from '../shared/labels.ts';
import { paths, reportKindOf, reportSlug, reportTitle, translator, type Locale, type ReportKindKey, type Tr } from '../shared/paths.ts';
import { AdminLayout } from '../shared/ui.tsx';

type Report =
  | { kind: 'producers'; rows: Awaited<ReturnType<typeof producerTotals>> }
  | { kind: 'shoppers' | 'products'; rows: PackingLine[] }
  | { kind: 'payments'; rows: Awaited<ReturnType<typeof paymentsReport>> };

export async function loadReport(db: Db, kind: ReportKindKey, hubId: number, cycleId: number): Promise<Report> {
  switch (kind) {
    case 'producers':
      return { kind, rows: await producerTotals(db, hubId, cycleId) };
    case 'shoppers':
      return { kind, rows: await packingByShopper(db, hubId, cycleId) };
    case 'products':
      return { kind, rows: await packingByProduct(db, hubId, cycleId) };
    case 'payments':
      return { kind, rows: await paymentsReport(db, hubId, cycleId) };
  }
}

/** The report as CSV rows: French headers, decimal commas, one line per figure a spreadsheet sums. */
export function reportCsv(r: Report, tr: Tr): string {
  switch (r.kind) {
    case 'producers':
      return toCsv([
        [tr('producteur', 'producer'), tr('produit', 'product'), tr('variante', 'variant'), tr('quantite', 'quantity'), tr('montant_producteur_ttc', 'producer_amount_incl_vat'), tr('ventes_ttc', 'sales_incl_vat')],
        ...r.rows.map((x) => [x.producerName, x.productName, x.variantName, String(x.quantity), csvMoney(x.baseCents), csvMoney(x.salesCents)]),
      ]);
    case 'shoppers':
    case 'products':
      return toCsv([
        [tr('reference', 'reference'), tr('client', 'shopper'), tr('telephone', 'phone'), tr('retrait', 'collection'), tr('producteur', 'producer'), tr('produit', 'product'), tr('variante', 'variant'), tr('quantite', 'quantity')],
        ...r.rows.map((x) => [shortRef(x.publicId), x.shopperName, x.phone, x.shippingName, x.producerName, x.productName, x.variantName, String(x.quantity)]),
      ]);
    case 'payments':
      return toCsv([
        [tr('reference', 'reference'), tr('client', 'shopper'), tr('moyen', 'method'), tr('etat', 'state'), tr('montant_ttc', 'amount_incl_vat')],
        ...r.rows.map((x) => [shortRef(x.publicId), x.shopperName, x.paymentName, paymentLabel(tr, x), csvMoney(x.totalCents)]),
      ]);
  }
}

/** The payment's state, and « commande annulée » when the order was cancelled after the money moved. */
function paymentLabel(tr: Tr, x: PaymentRow): string {
  return paymentStateLabel(tr, x.paymentState) + (x.cancelled ? tr(' — commande annulée', ' — order cancelled') : '');
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Array<[string, T[]]> {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
  return [...map.entries()];
}

export function reportPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const app = new Hono<AdminEnv>();

  app.get(p.report(':ent', ':id', ':kind'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const raw = param(c, 'kind');
    const asCsv = raw.endsWith('.csv');
    const kind = reportKindOf(l, asCsv ? raw.slice(0, -4) : raw);
    if (!kind) throw new DomainError('NOT_FOUND', tr('Ce rapport n’existe pas.', 'No such report.'));
    const db = databaseFor(c.env);
    const cycle = await hubCycle(db, e.id, parseOrThrowId(param(c, 'id')));
    if (!cycle) throw new DomainError('NOT_FOUND', tr('Ce cycle n’existe pas pour votre boutique.', 'No such cycle for your shop.'));
    const report = await loadReport(db, kind, e.id, cycle.id);
    if (asCsv) return csvResponse(reportCsv(report, tr), `${reportSlug(l, kind)}-${e.slug}-cycle-${cycle.id}.csv`);
    const title = reportTitle(tr, kind);
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.cycles(e.slug) })} title={`${title} — ${cycle.name}`}>
        <p class="eyebrow no-print">
          <a href={p.cycleOrders(e.slug, cycle.id)}>{cycle.name}</a>
        </p>
        <h1>
          {title} <small class="muted">— {e.name}, {cycle.name}</small>
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
                  {rows[0]!.shopperName} <small class="muted">{shortRef(ref)} · {rows[0]!.phone} · {rows[0]!.shippingName}</small>
                </h2>
                <table class="grid">
                  <tbody>
                    {rows.map((x) => (
                      <tr>
                        <td class="num" style="width:4rem">{x.quantity} ×</td>
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
                        <td class="num" style="width:4rem">{x.quantity} ×</td>
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
                    <td>{paymentLabel(tr, x)}</td>
                    <td class="num">{money(x.totalCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>{tr('Totaux', 'Totals')}</h2>
            <table class="grid">
              <tbody>
                {groupBy(report.rows, (x) => `${x.paymentName} — ${paymentLabel(tr, x)}`).map(([label, rows]) => (
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
      </AdminLayout>,
    );
  });
  return app;
}

function parseOrThrowId(text: string): number {
  const r = v.safeParse(idParamSchema, text);
  if (!r.success) throw new DomainError('NOT_FOUND', 'No such cycle.');
  return r.output;
}

export const reportApi = new Hono<AdminEnv>().get(
  '/hubs/:ent/cycles/:id/reports/:kind',
  validate('param', v.object({ ent: slugSchema, id: idParamSchema, kind: v.picklist(['producers', 'shoppers', 'products', 'payments', 'producers.csv', 'shoppers.csv', 'products.csv', 'payments.csv'], 'Rapport inconnu.') })),
  async (c) => {
    const { ent, id, kind: raw } = c.req.valid('param');
    const e = await requireEnterprise(c, ent, 'shop.run');
    const db = databaseFor(c.env);
    const cycle = await hubCycle(db, e.id, id);
    if (!cycle) throw new DomainError('NOT_FOUND', 'No such cycle for this shop.');
    const kind = raw.replace('.csv', '') as ReportKindKey;
    const report = await loadReport(db, kind, e.id, cycle.id);
    if (raw.endsWith('.csv')) return csvResponse(reportCsv(report, translator('fr')), `${reportSlug('fr', kind)}-${e.slug}-cycle-${cycle.id}.csv`);
    return c.json({ cycle, kind, rows: report.rows });
  },
);
