// Orders in the JSON API: a hub's orders per cycle, one order with its history, mark paid, move,
// cancel; and a producer's sales per cycle.
import { Hono } from 'hono';
import * as v from 'valibot';
import { cycleOrders, orderHistory, producerCycles, producerSales } from '../../../db/orders/hub-orders.ts';
import { findOrder } from '../../../db/orders/order-records.ts';
import { DomainError } from '../../../domain/errors.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { idParamSchema, orderIdSchema, slugSchema } from '../../schemas.ts';
import { cardPaymentsFor } from '../../stripe.ts';
import { validate } from '../../validate.ts';
import { filtersOf, REASON_MAX, stateSchema } from './form.ts';
import { cancelOrder, cycleOrFail, moveOrder, recordOfflinePayment } from './use-cases.ts';

const hubParam = validate('param', v.object({ ent: slugSchema }));
const orderParam = validate('param', v.object({ ent: slugSchema, ord: orderIdSchema }));

/** One order as the API shows it: its states, how it is paid and collected, its lines and history. */
async function orderJson(db: ReturnType<typeof databaseFor>, hubId: number, publicId: string) {
  const record = await findOrder(db, publicId);
  if (!record || record.order.hubId !== hubId) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
  const { order: o } = record;
  return {
    id: o.publicId,
    cycleId: o.cycleId,
    state: o.state,
    paymentState: o.paymentState,
    payment: { kind: o.paymentKind, name: o.paymentName },
    shipping: { kind: o.shippingKind, name: o.shippingName },
    contact: { name: o.name, email: o.email, phone: o.phone },
    lines: record.lines.map((x) => ({
      variantId: x.variantId,
      productName: x.productName,
      variantName: x.variantName,
      producerName: x.producerName,
      quantity: x.quantity,
      lineTotalCents: x.lineTotalCents,
    })),
    totalCents: o.totalCents,
    placedAt: o.placedAt,
    history: await orderHistory(db, o.publicId),
  };
}

export const orderApi = new Hono<AdminEnv>()
  .get('/hubs/:ent/cycles/:id/orders', validate('param', v.object({ ent: slugSchema, id: idParamSchema })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const db = databaseFor(c.env);
    const cycle = await cycleOrFail(db, e.id, String(c.req.valid('param').id));
    return c.json({ cycle, orders: await cycleOrders(db, e.id, cycle.id, filtersOf(c.req.query())) });
  })
  .get('/hubs/:ent/orders/:ord', orderParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await orderJson(databaseFor(c.env), e.id, c.req.valid('param').ord));
  })
  .post('/hubs/:ent/orders/:ord/mark-paid', orderParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(
      await recordOfflinePayment({
        db: databaseFor(c.env),
        hubId: e.id,
        publicId: c.req.valid('param').ord,
        actor: c.get('actor'),
        now: Date.now(),
      }),
    );
  })
  .post(
    '/hubs/:ent/orders/:ord/state',
    orderParam,
    validate('json', v.strictObject({ state: stateSchema('État inconnu : ready, collected ou delivered.') })),
    async (c) => {
      const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
      return c.json(
        await moveOrder({
          db: databaseFor(c.env),
          hubId: e.id,
          publicId: c.req.valid('param').ord,
          to: c.req.valid('json').state,
          actor: c.get('actor'),
          now: Date.now(),
        }),
      );
    },
  )
  .post(
    '/hubs/:ent/orders/:ord/cancel',
    orderParam,
    validate('json', v.strictObject({ reason: v.optional(v.pipe(v.string(), v.maxLength(REASON_MAX)), '') })),
    async (c) => {
      const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
      return c.json(
        await cancelOrder({
          db: databaseFor(c.env),
          payments: cardPaymentsFor(c.env),
          hubId: e.id,
          publicId: c.req.valid('param').ord,
          actor: c.get('actor'),
          reason: c.req.valid('json').reason,
          now: Date.now(),
        }),
      );
    },
  )
  .get('/producers/:ent/sales', hubParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'sales.view');
    const db = databaseFor(c.env);
    const cycles = await producerCycles(db, e.id);
    const cycleId = Number(c.req.query('cycle') ?? cycles[0]?.id ?? 0);
    if (!cycles.some((x) => x.id === cycleId)) return c.json({ cycles, cycleId: null, sales: [] });
    return c.json({ cycles, cycleId, sales: await producerSales(db, e.id, cycleId) });
  });
