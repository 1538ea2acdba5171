// Orders in the back office: a hub's orders per cycle with filters, an order's detail and history,
// mark an offline payment paid, cancel; and a producer's sales per cycle and hub. Pages and JSON.
import { Hono } from 'hono';
import * as v from 'valibot';
import { cycleOrders, hubCycle, orderHistory, producerCycles, producerSales, type OrderFilters } from '../../../db/orders/hub-orders.ts';
import { findOrder } from '../../../db/orders/order-records.ts';
import { REPORT_KINDS, salesPerProducer } from '../../../db/orders/reports.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import { DomainError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { ORDER_STATES, PAYMENT_STATES, } from '../../../domain/orders.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { shortRef } from '../../pages/order-text.ts';
import { idParamSchema, orderIdSchema, slugSchema } from '../../schemas.ts';
import { cardPaymentsFor } from '../../stripe.ts';
import { validate } from '../../validate.ts';
import { BarChart } from '../shared/chart.tsx';
import { formStrings, parseOrThrow } from '../shared/forms.ts';
import { paths, reportSlug, reportTitle, translator, type Locale, } from '../shared/paths.ts';
import { orderStateLabel, paymentStateLabel } from '../shared/labels.ts';
import { AdminLayout, Csrf, Notice } from '../shared/ui.tsx';
import { cancelOrder, MANUAL_ORDER_STATES, moveOrder, recordOfflinePayment } from './use-cases.ts';

const filterSchema = v.object({
  state: v.optional(v.union([v.literal(''), v.picklist(ORDER_STATES)])),
  payment: v.optional(v.union([v.literal(''), v.picklist(PAYMENT_STATES)])),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
});
const filtersOf = (query: Record<string, string>): OrderFilters => {
  const f = v.safeParse(filterSchema, query);
  if (!f.success) throw new DomainError('VALIDATION', 'Invalid filters.', { fields: [{ field: 'filters', message: 'Filtres invalides.' }] });
  return { state: f.output.state || undefined, paymentState: f.output.payment || undefined, q: f.output.q || undefined };
};

async function cycleOrFail(c: Ctx, hubId: number, idText: string) {
  const id = parseOrThrow(idParamSchema, idText);
  const cycle = await hubCycle(databaseFor(c.env), hubId, id);
  if (!cycle) throw new DomainError('NOT_FOUND', 'No such cycle for this shop.');
  return cycle;
}

export function orderPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const app = new Hono<AdminEnv>();

  app.get(p.cycleOrders(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const cycle = await cycleOrFail(c, e.id, param(c, 'id'));
    const db = databaseFor(c.env);
    const filters = filtersOf(c.req.query());
    const [list, sales] = await Promise.all([cycleOrders(db, e.id, cycle.id, filters), salesPerProducer(db, e.id, cycle.id)]);
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.cycles(e.slug) })} title={`${tr('Commandes', 'Orders')} — ${cycle.name}`}>
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
            <BarChart l={l} title={tr('Ventes par producteur (TTC)', 'Sales per producer (incl. VAT)')} rows={sales.map((s) => ({ label: s.producerName, cents: s.salesCents }))} />
            <figcaption class="muted">{tr('Ventes par producteur, prix TTC payés par les clients.', 'Sales per producer, VAT-inclusive prices paid by shoppers.')}</figcaption>
          </figure>
        ) : null}
        <form method="get" class="filters no-print">
          <div class="field">
            <label for="state">{tr('État', 'State')}</label>
            <select id="state" name="state">
              <option value="">{tr('tous', 'all')}</option>
              {ORDER_STATES.filter((s) => s !== 'checkout').map((s) => (
                <option value={s} selected={filters.state === s}>
                  {orderStateLabel(tr, s)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="payment">{tr('Paiement', 'Payment')}</label>
            <select id="payment" name="payment">
              <option value="">{tr('tous', 'all')}</option>
              {PAYMENT_STATES.map((s) => (
                <option value={s} selected={filters.paymentState === s}>
                  {paymentStateLabel(tr, s)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="q">{tr('Client ou référence', 'Shopper or reference')}</label>
            <input id="q" name="q" value={filters.q ?? ''} />
          </div>
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
      </AdminLayout>,
    );
  });

  const renderOrder = async (c: Ctx, e: { id: number; slug: string; name: string; isProducer: boolean; isHub: boolean }, publicId: string, notice?: string) => {
    const db = databaseFor(c.env);
    const record = await findOrder(db, publicId);
    if (!record || record.order.hubId !== e.id) throw new DomainError('NOT_FOUND', tr('Cette commande n’existe pas dans votre boutique.', 'No such order in your shop.'));
    const history = await orderHistory(db, publicId);
    const o = record.order;
    const csrf = frameOf(c, l).csrf;
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.cycles(e.slug) })} title={`${tr('Commande', 'Order')} ${shortRef(o.publicId)}`}>
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
          {o.paymentKind === 'offline' && (o.paymentState === 'pending' || o.paymentState === 'failed') && o.state !== 'cancelled' && o.state !== 'checkout' ? (
            <form method="post" action={p.orderPaid(e.slug, o.publicId)}>
              <Csrf token={csrf} />
              <button type="submit">{tr('Marquer comme payée', 'Mark as paid')}</button>
            </form>
          ) : null}
          {o.state === 'placed' || o.state === 'ready' ? (
            <form method="post" action={p.orderState(e.slug, o.publicId)}>
              <Csrf token={csrf} />
              {o.state === 'placed' ? (
                <button type="submit" name="state" value="ready">
                  {tr('Marquer prête', 'Mark as ready')}
                </button>
              ) : null}{' '}
              <button type="submit" name="state" value={o.shippingKind === 'delivery' ? 'delivered' : 'collected'}>
                {o.shippingKind === 'delivery' ? tr('Marquer livrée', 'Mark as delivered') : tr('Marquer retirée', 'Mark as collected')}
              </button>
            </form>
          ) : null}
          {o.state === 'placed' || o.state === 'ready' ? (
            <form method="post" action={p.orderCancel(e.slug, o.publicId)} class="filters">
              <Csrf token={csrf} />
              <div class="field">
                <label for="reason">{tr('Motif d’annulation', 'Reason for cancelling')}</label>
                <input id="reason" name="reason" maxlength={200} />
              </div>
              <button type="submit">{o.paymentState === 'paid' && o.paymentKind === 'card' ? tr('Annuler et rembourser', 'Cancel and refund') : tr('Annuler la commande', 'Cancel the order')}</button>
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
      </AdminLayout>,
    );
  };

  app.get(p.order(':ent', ':ord'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(orderIdSchema, param(c, 'ord'));
    const done = c.req.query('ok');
    const notes: Record<string, string> = { paid: tr('Paiement enregistré.', 'Payment recorded.'), cancelled: tr('Commande annulée ; le stock est rendu.', 'Order cancelled; the stock is back.'), moved: tr('État de la commande mis à jour.', 'Order state updated.') };
    return renderOrder(c, e, id, done ? notes[done] : undefined);
  });
  app.post(p.orderPaid(':ent', ':ord'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(orderIdSchema, param(c, 'ord'));
    await recordOfflinePayment({ db: databaseFor(c.env), hubId: e.id, publicId: id, actor: c.get('actor'), now: Date.now() });
    return c.redirect(`${p.order(e.slug, id)}?ok=paid`, 303);
  });
  app.post(p.orderState(':ent', ':ord'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(orderIdSchema, param(c, 'ord'));
    const to = parseOrThrow(v.picklist(MANUAL_ORDER_STATES, 'État inconnu.'), (await formStrings(c)).state ?? '');
    await moveOrder({ db: databaseFor(c.env), hubId: e.id, publicId: id, to, actor: c.get('actor'), now: Date.now() });
    return c.redirect(`${p.order(e.slug, id)}?ok=moved`, 303);
  });
  app.post(p.orderCancel(':ent', ':ord'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(orderIdSchema, param(c, 'ord'));
    const reason = ((await formStrings(c)).reason ?? '').trim().slice(0, 200);
    await cancelOrder({ db: databaseFor(c.env), payments: cardPaymentsFor(c.env), hubId: e.id, publicId: id, actor: c.get('actor'), reason, now: Date.now() });
    return c.redirect(`${p.order(e.slug, id)}?ok=cancelled`, 303);
  });

  app.get(p.sales(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'sales.view');
    const db = databaseFor(c.env);
    const cycles = await producerCycles(db, e.id);
    const chosen = c.req.query('cycle');
    const cycle = cycles.find((x) => String(x.id) === chosen) ?? cycles[0];
    const rows = cycle ? await producerSales(db, e.id, cycle.id) : [];
    const hubs = [...new Set(rows.map((r) => r.hubName))];
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.sales(e.slug) })} title={tr('Ventes', 'Sales')}>
        <h1>{tr('Ce qui vous a été commandé', 'What was ordered from you')}</h1>
        <form method="get" class="filters no-print">
          <div class="field">
            <label for="cycle">{tr('Cycle', 'Cycle')}</label>
            <select id="cycle" name="cycle">
              {cycles.map((x) => (
                <option value={String(x.id)} selected={x.id === cycle?.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{tr('Afficher', 'Show')}</button>
        </form>
        {hubs.length === 0 ? <p>{tr('Aucune commande de vos produits dans ce cycle.', 'No orders of your products in this cycle.')}</p> : null}
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
      </AdminLayout>,
    );
  });
  return app;
}

const hubParam = validate('param', v.object({ ent: slugSchema }));
const orderParam = validate('param', v.object({ ent: slugSchema, ord: orderIdSchema }));

export const orderApi = new Hono<AdminEnv>()
  .get('/hubs/:ent/cycles/:id/orders', validate('param', v.object({ ent: slugSchema, id: idParamSchema })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const cycle = await cycleOrFail(c, e.id, String(c.req.valid('param').id));
    return c.json({ cycle, orders: await cycleOrders(databaseFor(c.env), e.id, cycle.id, filtersOf(c.req.query())) });
  })
  .get('/hubs/:ent/orders/:ord', orderParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const db = databaseFor(c.env);
    const record = await findOrder(db, c.req.valid('param').ord);
    if (!record || record.order.hubId !== e.id) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
    const { order: o } = record;
    return c.json({
      id: o.publicId,
      cycleId: o.cycleId,
      state: o.state,
      paymentState: o.paymentState,
      payment: { kind: o.paymentKind, name: o.paymentName },
      shipping: { kind: o.shippingKind, name: o.shippingName },
      contact: { name: o.name, email: o.email, phone: o.phone },
      lines: record.lines.map((x) => ({ variantId: x.variantId, productName: x.productName, variantName: x.variantName, producerName: x.producerName, quantity: x.quantity, lineTotalCents: x.lineTotalCents })),
      totalCents: o.totalCents,
      placedAt: o.placedAt,
      history: await orderHistory(db, o.publicId),
    });
  })
  .post('/hubs/:ent/orders/:ord/mark-paid', orderParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await recordOfflinePayment({ db: databaseFor(c.env), hubId: e.id, publicId: c.req.valid('param').ord, actor: c.get('actor'), now: Date.now() }));
  })
  .post('/hubs/:ent/orders/:ord/state', orderParam, validate('json', v.strictObject({ state: v.picklist(MANUAL_ORDER_STATES, 'État inconnu : ready, collected ou delivered.') })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await moveOrder({ db: databaseFor(c.env), hubId: e.id, publicId: c.req.valid('param').ord, to: c.req.valid('json').state, actor: c.get('actor'), now: Date.now() }));
  })
  .post('/hubs/:ent/orders/:ord/cancel', orderParam, validate('json', v.strictObject({ reason: v.optional(v.pipe(v.string(), v.maxLength(200)), '') })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await cancelOrder({ db: databaseFor(c.env), payments: cardPaymentsFor(c.env), hubId: e.id, publicId: c.req.valid('param').ord, actor: c.get('actor'), reason: c.req.valid('json').reason, now: Date.now() }));
  })
  .get('/producers/:ent/sales', hubParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'sales.view');
    const db = databaseFor(c.env);
    const cycles = await producerCycles(db, e.id);
    const cycleId = Number(c.req.query('cycle') ?? cycles[0]?.id ?? 0);
    if (!cycles.some((x) => x.id === cycleId)) return c.json({ cycles, cycleId: null, sales: [] });
    return c.json({ cycles, cycleId, sales: await producerSales(db, e.id, cycleId) });
  });
