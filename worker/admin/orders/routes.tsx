// Orders in the back office, as pages: a hub's orders per cycle with filters, an order's detail and
// history, mark an offline payment paid, move it along, cancel; and a producer's sales per cycle and hub.
import { Hono } from 'hono';
import { cycleOrders, orderHistory, producerCycles, producerSales } from '../../../db/orders/hub-orders.ts';
import { findOrder } from '../../../db/orders/order-records.ts';
import { producerSalesCycles, salesCycleToShow, salesPerProducer } from '../../../db/orders/reports.ts';
import { DomainError } from '../../../domain/errors.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { orderIdSchema } from '../../schemas.ts';
import { shortRef } from '../../pages/order-text.ts';
import { cardPaymentsFor } from '../../stripe.ts';
import { parseOrThrow } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { filtersOf, readCancelReason, readStateForm } from './form.ts';
import { cancelOrder, cycleOrFail, moveOrder, recordOfflinePayment } from './use-cases.ts';
import { CycleOrdersPage, OrderPage, SalesPage } from './views.tsx';

export function orderPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const notes: Record<string, string> = {
    paid: tr('Paiement enregistré.', 'Payment recorded.'),
    cancelled: tr('Commande annulée ; le stock est rendu.', 'Order cancelled; the stock is back.'),
    moved: tr('État de la commande mis à jour.', 'Order state updated.'),
  };
  /** The hub and the order the path names (the order is checked to be the hub's by each use case). */
  const target = async (c: Ctx) => ({
    e: await requireEnterprise(c, param(c, 'ent'), 'shop.run'),
    id: parseOrThrow(orderIdSchema, param(c, 'ord')),
  });

  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.cycleOrders(':ent', ':id'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
      const db = databaseFor(c.env);
      const cycle = await cycleOrFail(db, e.id, param(c, 'id'));
      const filters = filtersOf(c.req.query());
      const [list, sales] = await Promise.all([cycleOrders(db, e.id, cycle.id, filters), salesPerProducer(db, e.id, cycle.id)]);
      return c.render(<CycleOrdersPage l={l} enterprise={e} cycle={cycle} filters={filters} list={list} sales={sales} />, {
        title: `${tr('Commandes', 'Orders')} — ${cycle.name}`,
        enterprise: e,
        current: p.cycles(e.slug),
      });
    })
    .get(p.order(':ent', ':ord'), async (c) => {
      const { e, id } = await target(c);
      const db = databaseFor(c.env);
      const record = await findOrder(db, id);
      if (!record || record.order.hubId !== e.id)
        throw new DomainError('NOT_FOUND', tr('Cette commande n’existe pas dans votre boutique.', 'No such order in your shop.'));
      const history = await orderHistory(db, id);
      const done = c.req.query('ok');
      return c.render(
        <OrderPage l={l} csrf={csrfOf(c)} enterprise={e} record={record} history={history} notice={done ? notes[done] : undefined} />,
        {
          title: `${tr('Commande', 'Order')} ${shortRef(record.order.publicId)}`,
          enterprise: e,
          current: p.cycles(e.slug),
        },
      );
    })
    .post(p.orderPaid(':ent', ':ord'), async (c) => {
      const { e, id } = await target(c);
      await recordOfflinePayment({ db: databaseFor(c.env), hubId: e.id, publicId: id, actor: c.get('actor'), now: Date.now() });
      return c.redirect(`${p.order(e.slug, id)}?ok=paid`, 303);
    })
    .post(p.orderState(':ent', ':ord'), async (c) => {
      const { e, id } = await target(c);
      const to = await readStateForm(c);
      await moveOrder({ db: databaseFor(c.env), hubId: e.id, publicId: id, to, actor: c.get('actor'), now: Date.now() });
      return c.redirect(`${p.order(e.slug, id)}?ok=moved`, 303);
    })
    .post(p.orderCancel(':ent', ':ord'), async (c) => {
      const { e, id } = await target(c);
      const reason = await readCancelReason(c);
      await cancelOrder({
        db: databaseFor(c.env),
        payments: cardPaymentsFor(c.env),
        hubId: e.id,
        publicId: id,
        actor: c.get('actor'),
        reason,
        now: Date.now(),
      });
      return c.redirect(`${p.order(e.slug, id)}?ok=cancelled`, 303);
    })
    .get(p.sales(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'sales.view');
      const db = databaseFor(c.env);
      const cycles = await producerSalesCycles(db, e.id);
      const chosen = c.req.query('cycle');
      // Unless one is asked for, the cycle where orders wait (not an upcoming empty one).
      const cycle = cycles.find((x) => String(x.id) === chosen) ?? salesCycleToShow(cycles, Date.now());
      const rows = cycle ? await producerSales(db, e.id, cycle.id) : [];
      return c.render(<SalesPage l={l} cycles={cycles} cycle={cycle} rows={rows} />, {
        title: tr('Ventes', 'Sales'),
        enterprise: e,
        current: p.sales(e.slug),
      });
    });
}
