// POST /api/manage/hubs/:ent/cycles/:id/orders: an order the hub takes for a customer, through the
// shop's quote and placement (stock guarded the same), paid offline; answers as the shop's checkout does.
import { Hono } from 'hono';
import * as v from 'valibot';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { orderPath, publicUrl } from '../../links.ts';
import { idParamSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { cycleOrFail } from '../orders/use-cases.ts';
import { takenOrderSchema } from './form.ts';
import { takeOrder } from './use-cases.ts';

export const hubOrderApi = new Hono<AdminEnv>().post(
  '/hubs/:ent/cycles/:id/orders',
  validate('param', v.object({ ent: slugSchema, id: idParamSchema })),
  validate('json', takenOrderSchema),
  async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const db = databaseFor(c.env);
    const cycle = await cycleOrFail(db, e.id, String(c.req.valid('param').id));
    const order = c.req.valid('json');
    const placed = await takeOrder({
      db,
      hub: e,
      cycleId: cycle.id,
      order,
      actor: c.get('actor'),
      now: Date.now(),
      siteUrl: publicUrl(c.env) ?? '',
    });
    return c.json(
      {
        id: placed.publicId,
        state: placed.state,
        paymentState: placed.paymentState,
        totalCents: placed.totals.totalCents,
        url: orderPath(placed.publicId, order.locale),
      },
      201,
    );
  },
);
