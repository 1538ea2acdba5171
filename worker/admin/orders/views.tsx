// The order pages of the back office: a hub's orders in a cycle (filters, reports, sales chart), one
// order with its history and the actions its state allows, and what was ordered from a producer.
import type { FC } from 'hono/jsx';
import type { cycleOrders, hubCycle, orderHistory, OrderFilters, producerCycles, producerSales } from '../../../db/orders/hub-orders.ts';
import type { findOrder } from '../../../db/orders/order-records.ts';
import { type producerSalesCycles, REPORT_KINDS, type salesPerProducer } from '../../../db/orders/reports.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import { formatMoney } from '../../../domain/money.ts';
import { canMoveOrder, PAYMENT_STATES, SALE_STATES } from '../../../domain/orders.ts';
import { shortRef } from '../../pages/order-text.ts';
import { BarChart } from '../shared/chart.tsx';
import { orderStateLabel, paymentStateLabel } from '../shared/labels.ts';
import { paths, reportSlug, reportTitle, translator, type Locale } from '../shared/paths.ts';
import { Csrf, LabelledInput, LabelledSelect, Notice } from '../shared/ui.tsx';
import { REASON_MAX } from './form.ts';
import { canCancel, canRecordPayment, handOverState } from './use-cases.ts';

type Rows<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
type Enterprise = { slug: string };

/** The states a hub's order list shows: the sales and the cancelled orders (a card attempt under way is not an order yet). */
const LISTED_STATES = [...SALE_STATES, 'cancelled'] as const;

export const CycleOrdersPage: FC<{
  l: Locale;
  enterprise: Enterprise;
  cycle: NonNullable<Rows<typeof hubCycle>>;
  filters: OrderFilters;
  list: Rows<typeof cycleOrders>;
  sales: Rows<typeof salesPerProducer>;
}> = ({ l, enterprise: e, cycle, filters, list, sales }) => {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  return (
    <>
      <p class="eyebrow">
        <a href={p.cycles(e.slug)}>{tr('Cycles de vente', 'Order cycles')}</a>
      </p>
      <h1>{cycle.name}</h1>
      <p class="actions">
        {tr('Rapports :', 'Reports:')}
        {REPORT_KINDS.map((k) => (
          <a href={p.report(e.slug, cycle.id, reportSlug(l, k))}>{reportTitle(tr, k)}</a>
        ))}
      </p>
      {sales.length ? (
        <figure>
          <BarChart
            l={l}
            title={tr('Ventes par producteur (TTC)', 'Sales per producer (incl. VAT)')}
            rows={sales.map((s) => ({ label: s.producerName, cents: s.salesCents }))}
          />
          <figcaption class="muted">
            {tr('Ventes par producteur, prix TTC payés par les clients.', 'Sales per producer, VAT-inclusive prices paid by shoppers.')}
          </figcaption>
        </figure>
      ) : null}
      <form method="get" class="filters no-print">
        <LabelledSelect
          id="state"
          name="state"
          label={tr('État', 'State')}
          options={[['', tr('tous', 'all')], ...LISTED_STATES.map((x) => [x, orderStateLabel(tr, x)] as const)]}
          selected={filters.state}
        />
        <LabelledSelect
          id="payment"
          name="payment"
          label={tr('Paiement', 'Payment')}
          options={[['', tr('tous', 'all')], ...PAYMENT_STATES.map((x) => [x, paymentStateLabel(tr, x)] as const)]}
          selected={filters.paymentState}
        />
        <LabelledInput id="q" label={tr('Client ou référence', 'Shopper or reference')} name="q" value={filters.q ?? ''} />
        <button type="submit">{tr('Filtrer', 'Filter')}</button>
      </form>
      <table class="grid" data-testid="orders">
        <caption class="sr-only">{tr('Commandes', 'Orders')}</caption>
        <thead>
          <tr>
            <th>{tr('Réf.', 'Ref.')}</th>
            <th>{tr('Client', 'Shopper')}</th>
            <th>{tr('Retrait', 'Collection')}</th>
            <th>{tr('État', 'State')}</th>
            <th>{tr('Paiement', 'Payment')}</th>
            <th class="num">{tr('Total', 'Total')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((o) => (
            <tr>
              <td>
                <a href={p.order(e.slug, o.publicId)}>{shortRef(o.publicId)}</a>
              </td>
              <td>
                {o.name} <small class="muted">{o.email}</small>
              </td>
              <td>{o.shippingName}</td>
              <td>{orderStateLabel(tr, o.state)}</td>
              <td>
                {o.paymentName} — {paymentStateLabel(tr, o.paymentState)}
              </td>
              <td class="num">{money(o.totalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length === 0 ? <p>{tr('Aucune commande.', 'No orders.')}</p> : null}
    </>
  );
};

export const OrderPage: FC<{
  l: Locale;
  csrf: string | null;
  enterprise: Enterprise;
  record: NonNullable<Rows<typeof findOrder>>;
  history: Rows<typeof orderHistory>;
  notice?: string | undefined;
}> = ({ l, csrf, enterprise: e, record, history, notice }) => {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const o = record.order;
  const handOver = handOverState(o.shippingKind);
  return (
    <>
      <p class="eyebrow">
        <a href={p.cycleOrders(e.slug, o.cycleId)}>{record.cycleName}</a>
      </p>
      <h1>
        {tr('Commande', 'Order')} {shortRef(o.publicId)} — {o.name}
      </h1>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      <dl class="facts">
        <dt>{tr('État', 'State')}</dt>
        <dd data-testid="admin-order-state">{orderStateLabel(tr, o.state)}</dd>
        <dt>{tr('Paiement', 'Payment')}</dt>
        <dd data-testid="admin-payment-state">
          {o.paymentName} — {paymentStateLabel(tr, o.paymentState)}
        </dd>
        <dt>{tr('Contact', 'Contact')}</dt>
        <dd>
          {o.email} · {o.phone}
        </dd>
        <dt>{o.shippingKind === 'delivery' ? tr('Livraison', 'Delivery') : tr('Retrait', 'Collection')}</dt>
        <dd>
          {o.shippingName}
          {o.addressLine ? `, ${o.addressLine}, ${o.postalCode} ${o.city}` : ''}
        </dd>
        <dt>{tr('Passée le', 'Placed')}</dt>
        <dd>{formatDateTime(o.placedAt ?? o.createdAt, l)}</dd>
      </dl>
      <table class="grid">
        <thead>
          <tr>
            <th>{tr('Produit', 'Product')}</th>
            <th>{tr('Producteur', 'Producer')}</th>
            <th class="num">{tr('Quantité', 'Quantity')}</th>
            <th class="num">{tr('Total', 'Total')}</th>
          </tr>
        </thead>
        <tbody>
          {record.lines.map((x) => (
            <tr>
              <td>
                {x.productName} — {x.variantName}
              </td>
              <td>{x.producerName}</td>
              <td class="num">{x.quantity}</td>
              <td class="num">{money(x.lineTotalCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colspan={3}>{tr('Total TTC', 'Total incl. VAT')}</th>
            <td class="num">{money(o.totalCents)}</td>
          </tr>
        </tfoot>
      </table>
      <div class="actions no-print">
        {canRecordPayment(o) ? (
          <form method="post" action={p.orderPaid(e.slug, o.publicId)}>
            <Csrf token={csrf} />
            <button type="submit">{tr('Marquer comme payée', 'Mark as paid')}</button>
          </form>
        ) : null}
        {canMoveOrder(o.state, handOver) ? (
          <form method="post" action={p.orderState(e.slug, o.publicId)}>
            <Csrf token={csrf} />
            {canMoveOrder(o.state, 'ready') ? (
              <button type="submit" name="state" value="ready">
                {tr('Marquer prête', 'Mark as ready')}
              </button>
            ) : null}{' '}
            <button type="submit" name="state" value={handOver}>
              {handOver === 'delivered' ? tr('Marquer livrée', 'Mark as delivered') : tr('Marquer retirée', 'Mark as collected')}
            </button>
          </form>
        ) : null}
        {canCancel(o.state) ? (
          <form method="post" action={p.orderCancel(e.slug, o.publicId)} class="filters">
            <Csrf token={csrf} />
            <div class="field">
              <label for="reason">{tr('Motif d’annulation', 'Reason for cancelling')}</label>
              <input id="reason" name="reason" maxlength={REASON_MAX} />
            </div>
            <button type="submit">
              {o.paymentState === 'paid' && o.paymentKind === 'card'
                ? tr('Annuler et rembourser', 'Cancel and refund')
                : tr('Annuler la commande', 'Cancel the order')}
            </button>
          </form>
        ) : null}
      </div>
      <h2>{tr('Historique', 'History')}</h2>
      <ul data-testid="order-history">
        {history.map((h) => (
          <li>
            {formatDateTime(h.at, l)} — {h.action} — {h.email ?? tr('système ou jeton d’API', 'system or API token')}
          </li>
        ))}
      </ul>
    </>
  );
};

export const SalesPage: FC<{
  l: Locale;
  cycles: Rows<typeof producerSalesCycles>;
  cycle: Rows<typeof producerSalesCycles>[number] | undefined;
  rows: Rows<typeof producerSales>;
}> = ({ l, cycles, cycle, rows }) => {
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const hubs = [...new Set(rows.map((r) => r.hubName))];
  return (
    <>
      <h1>{tr('Ce qui vous a été commandé', 'What was ordered from you')}</h1>
      <form method="get" class="filters no-print">
        <LabelledSelect
          id="cycle"
          name="cycle"
          label={tr('Cycle', 'Cycle')}
          options={cycles.map(
            (x) =>
              [
                String(x.id),
                `${x.name} — ${x.hubNames || tr('aucune boutique', 'no shop')} (${tr(`${x.orderCount} commande(s)`, `${x.orderCount} order(s)`)})`,
              ] as const,
          )}
          selected={cycle ? String(cycle.id) : undefined}
        />
        <button type="submit">{tr('Afficher', 'Show')}</button>
      </form>
      {hubs.length === 0 ? (
        <p>{tr('Aucune commande de vos produits dans ce cycle.', 'No orders of your products in this cycle.')}</p>
      ) : null}
      {hubs.map((h) => (
        <section>
          <h2>{h}</h2>
          <table class="grid">
            <thead>
              <tr>
                <th>{tr('Produit', 'Product')}</th>
                <th class="num">{tr('Quantité', 'Quantity')}</th>
                <th class="num">{tr('Commandes', 'Orders')}</th>
                <th class="num">{tr('Pour vous (TTC)', 'Your share (incl. VAT)')}</th>
              </tr>
            </thead>
            <tbody>
              {rows
                .filter((r) => r.hubName === h)
                .map((r) => (
                  <tr>
                    <td>
                      {r.productName} — {r.variantName}
                    </td>
                    <td class="num">{r.quantity}</td>
                    <td class="num">{r.orders}</td>
                    <td class="num">{money(r.baseCents)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
};
