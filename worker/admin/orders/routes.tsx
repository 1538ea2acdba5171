// Orders in the back office, as pages: a hub's orders per cycle with filters and bulk actions, an
// order's detail and history, mark an offline payment paid, move it along, correct its lines, cancel,
// record money handed back; and a producer's sales per cycle and hub.
import { Hono } from 'hono';
import { cycleOrders, orderHistory, producerSales } from '../../../db/orders/hub-orders.ts';
import { saleItemChoices } from '../../../db/orders/corrections.ts';
import { findOrder, type OrderRecord } from '../../../db/orders/order-records.ts';
import { producerSalesCycles, salesCycleToShow, salesPerProducer } from '../../../db/orders/reports.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { isSale } from '../../../domain/orders.ts';
import { publicUrl } from '../../links.ts';
import { correctOrder } from '../../use-cases/correct-order.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { orderIdSchema } from '../../schemas.ts';
import { shortRef } from '../../pages/order-text.ts';
import { cardPaymentsFor, refundsFor } from '../../stripe.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { formStrings, parseOrThrow } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { filtersOf, readBulkForm, readCancelReason, readCorrectionForm, readStateForm } from './form.ts';
import { bulkOrderAction, cancelOrder, cycleOrFail, markRepaid, moveOrder, recordOfflinePayment } from './use-cases.ts';
import { CycleOrdersPage, OrderPage, SalesPage } from './views.tsx';

export function orderPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const notes: Record<string, string> = {
    paid: tr('Paiement enregistré.', 'Payment recorded.'),
    cancelled: tr('Commande annulée ; le stock est rendu.', 'Order cancelled; the stock is back.'),
    moved: tr('État de la commande mis à jour.', 'Order state updated.'),
    corrected: tr('Commande modifiée ; le client est prévenu par e-mail.', 'Order corrected; the shopper is told by e-mail.'),
    repaid: tr('Somme rendue enregistrée.', 'Amount handed back recorded.'),
    taken: tr('Commande enregistrée pour le client.', 'Order placed for the customer.'),
  };
  /** The order page, with the correction form re-shown with its messages when a correction was refused. */
  const orderPage = async (
    c: Ctx,
    e: Awaited<ReturnType<typeof target>>['e'],
    record: OrderRecord,
    extra: { notice?: string | undefined; errors?: FieldError[]; raw?: Record<string, string> } = {},
  ) => {
    const db = databaseFor(c.env);
    const [history, items] = await Promise.all([
      orderHistory(db, record.order.publicId),
      isSale(record.order.state) ? saleItemChoices(db, e.id, record.order.cycleId) : Promise.resolve([]),
    ]);
    return c.render(
      <OrderPage
        l={l}
        csrf={csrfOf(c)}
        enterprise={e}
        record={record}
        history={history}
        items={items}
        notice={extra.notice}
        errors={extra.errors}
        raw={extra.raw}
      />,
      {
        title: `${tr('Commande', 'Order')} ${shortRef(record.order.publicId)}`,
        enterprise: e,
        current: p.cycles(e.slug),
      },
    );
  };
  const recordOf = async (c: Ctx, hubId: number, id: string) => {
    const record = await findOrder(databaseFor(c.env), id);
    if (!record || record.order.hubId !== hubId)
      throw new DomainError('NOT_FOUND', tr('Cette commande n’existe pas dans votre boutique.', 'No such order in your shop.'));
    return record;
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
      return c.render(
        <CycleOrdersPage
          l={l}
          csrf={csrfOf(c)}
          enterprise={e}
          cycle={cycle}
          filters={filters}
          list={list}
          sales={sales}
          allTicked={c.req.query('tout') === '1'}
        />,
        {
          title: `${tr('Commandes', 'Orders')} — ${cycle.name}`,
          enterprise: e,
          current: p.cycles(e.slug),
        },
      );
    })
    .get(p.order(':ent', ':ord'), async (c) => {
      const { e, id } = await target(c);
      const record = await recordOf(c, e.id, id);
      const done = c.req.query('ok');
      return orderPage(c, e, record, { notice: done ? notes[done] : undefined });
    })
    .post(p.orderCorrect(':ent', ':ord'), async (c) => {
      const { e, id } = await target(c);
      const db = databaseFor(c.env);
      const record = await recordOf(c, e.id, id);
      let raw: Record<string, string> = {};
      try {
        const form = await readCorrectionForm(c, record.lines);
        raw = form.raw;
        const who = auditActor(c.get('actor'));
        await correctOrder({
          db,
          refunds: refundsFor(c.env),
          hubId: e.id,
          publicId: id,
          changes: form.changes,
          actor: { userId: who.userId, via: who.via },
          now: Date.now(),
          siteUrl: publicUrl(c.env) ?? '',
        });
      } catch (err) {
        // A refused correction re-shows the order with what was typed and why, never a bare error page.
        if (!(err instanceof DomainError) || !['VALIDATION', 'OUT_OF_STOCK', 'NOT_IN_SHOP', 'NOT_FOUND'].includes(err.code)) throw err;
        c.status(422);
        // The body is parsed once and kept by Hono: what was typed is still there when the form refused it.
        if (Object.keys(raw).length === 0) raw = await formStrings(c);
        return orderPage(c, e, record, { errors: err.fields.length ? err.fields : [{ field: 'changes', message: err.message }], raw });
      }
      return c.redirect(`${p.order(e.slug, id)}?ok=corrected`, 303);
    })
    .post(p.orderRepaid(':ent', ':ord'), async (c) => {
      const { e, id } = await target(c);
      const moneyBackId = Number((await formStrings(c)).id);
      if (!Number.isInteger(moneyBackId)) throw new DomainError('VALIDATION', tr('Somme inconnue.', 'Unknown amount.'));
      await markRepaid({ db: databaseFor(c.env), hubId: e.id, publicId: id, moneyBackId, actor: c.get('actor'), now: Date.now() });
      return c.redirect(`${p.order(e.slug, id)}?ok=repaid`, 303);
    })
    .post(p.cycleOrdersBulk(':ent', ':id'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
      const db = databaseFor(c.env);
      const cycle = await cycleOrFail(db, e.id, param(c, 'id'));
      const form = await readBulkForm(c);
      const outcome = await bulkOrderAction({
        db,
        hubId: e.id,
        cycleId: cycle.id,
        publicIds: form.orders,
        action: form.action,
        actor: c.get('actor'),
        now: Date.now(),
      });
      const [list, sales] = await Promise.all([cycleOrders(db, e.id, cycle.id), salesPerProducer(db, e.id, cycle.id)]);
      return c.render(
        <CycleOrdersPage l={l} csrf={csrfOf(c)} enterprise={e} cycle={cycle} filters={{}} list={list} sales={sales} outcome={outcome} />,
        { title: `${tr('Commandes', 'Orders')} — ${cycle.name}`, enterprise: e, current: p.cycles(e.slug) },
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
        siteUrl: publicUrl(c.env) ?? '',
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
