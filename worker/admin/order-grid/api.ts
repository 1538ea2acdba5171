// The pickup-day grid and its actions in the JSON API, for the same managers and tokens as the pages:
//   GET  /hubs/:ent/cycles/:id/grid?q=&page=        the cycle's sales with their lines
//   POST /hubs/:ent/orders/:ord/corrections          one order's changes  { changes: [...], version? }
//   POST /hubs/:ent/cycles/:id/corrections           several orders' changes { orders: [{ id, changes, version? }] }
//   POST /hubs/:ent/cycles/:id/orders/bulk           { action: paid | ready | handed-over, orders: [ids] }
// Bad input is problem+json with field messages (`changes.0.quantity`); on several orders, each
// refused order is listed with its own problem and the others are saved. `version` is the order's
// updatedAt as the client read it (the grid's): an order changed since is refused (STATE_CONFLICT, 409).
import { Hono } from 'hono';
import * as v from 'valibot';
import { GRID_PAGE_SIZE, orderGrid } from '../../../db/orders/order-grid.ts';
import type { LineChange } from '../../../domain/corrections.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { publicUrl } from '../../links.ts';
import { idParamSchema, idSchema, orderIdSchema, slugSchema } from '../../schemas.ts';
import { refundsFor } from '../../stripe.ts';
import { validate } from '../../validate.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { correctOrder } from '../../use-cases/correct-order.ts';
import { BULK_ACTIONS } from '../orders/form.ts';
import { bulkOrderAction, cycleOrFail } from '../orders/use-cases.ts';
import { correctSeveralOrders } from './use-cases.ts';

const count = (min: number) =>
  v.pipe(
    v.number('Un nombre entier est attendu.'),
    v.integer('Un nombre entier est attendu.'),
    v.minValue(min, min === 0 ? 'Une quantité de 0 (retirer la ligne) ou plus.' : 'Une quantité de 1 ou plus.'),
    v.maxValue(9999, 'Au plus 9 999.'),
  );

/** One change of an order, as domain/corrections.ts' LineChange. */
const changeSchema = v.variant(
  'kind',
  [
    v.strictObject({ kind: v.literal('quantity'), lineId: idSchema, quantity: count(0) }),
    v.strictObject({
      kind: v.literal('weight'),
      lineId: idSchema,
      grams: v.pipe(
        v.number('Un poids en grammes est attendu.'),
        v.integer('Un poids en grammes entier est attendu.'),
        v.minValue(1, 'Un poids au-dessus de 0.'),
        v.maxValue(1_000_000, 'Au plus 1 000 kg.'),
      ),
    }),
    v.strictObject({ kind: v.literal('add'), variantId: idSchema, quantity: count(1) }),
  ],
  'Type de modification inconnu : quantity, weight ou add.',
);
const changesSchema = v.pipe(
  v.array(changeSchema, 'Une liste de modifications est attendue.'),
  v.minLength(1, 'Aucune modification.'),
  v.maxLength(200, 'Au plus 200 modifications.'),
);

/** The order's updatedAt as read, for the correction to refuse an order changed since. */
const versionSchema = v.optional(
  v.pipe(
    v.number('La version lue de la commande (updatedAt) est attendue.'),
    v.integer('Une version entière est attendue.'),
    v.minValue(0, 'Une version de 0 ou plus.'),
  ),
);

const cycleParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema }));

export const orderGridApi = new Hono<AdminEnv>()
  .get(
    '/hubs/:ent/cycles/:id/grid',
    cycleParam,
    validate(
      'query',
      v.strictObject({
        q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, 'Au plus 100 caractères.'))),
        page: v.optional(v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'Un numéro de page (0 pour la première).'), v.transform(Number))),
      }),
    ),
    async (c) => {
      const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
      const db = databaseFor(c.env);
      const cycle = await cycleOrFail(db, e.id, String(c.req.valid('param').id));
      const { q, page } = c.req.valid('query');
      return c.json({ cycle, ...(await orderGrid(db, e.id, cycle.id, { q: q || undefined, page })) });
    },
  )
  .post(
    '/hubs/:ent/orders/:ord/corrections',
    validate('param', v.object({ ent: slugSchema, ord: orderIdSchema })),
    validate('json', v.strictObject({ changes: changesSchema, version: versionSchema })),
    async (c) => {
      const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
      const who = auditActor(c.get('actor'));
      return c.json(
        await correctOrder({
          db: databaseFor(c.env),
          refunds: refundsFor(c.env),
          hubId: e.id,
          publicId: c.req.valid('param').ord,
          changes: c.req.valid('json').changes as LineChange[],
          expectVersion: c.req.valid('json').version,
          actor: { userId: who.userId, via: who.via },
          now: Date.now(),
          siteUrl: publicUrl(c.env) ?? '',
        }),
      );
    },
  )
  .post(
    '/hubs/:ent/cycles/:id/corrections',
    cycleParam,
    validate(
      'json',
      v.strictObject({
        orders: v.pipe(
          v.array(
            v.strictObject({ id: orderIdSchema, changes: changesSchema, version: versionSchema }),
            'Une liste de commandes est attendue.',
          ),
          v.minLength(1, 'Aucune commande.'),
          v.maxLength(GRID_PAGE_SIZE, `Au plus ${GRID_PAGE_SIZE} commandes à la fois.`),
          v.check((list) => new Set(list.map((o) => o.id)).size === list.length, 'Une commande apparaît deux fois.'),
        ),
      }),
    ),
    async (c) => {
      const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
      const db = databaseFor(c.env);
      const cycle = await cycleOrFail(db, e.id, String(c.req.valid('param').id));
      const out = await correctSeveralOrders({
        db,
        refunds: refundsFor(c.env),
        hubId: e.id,
        cycleId: cycle.id,
        requests: c.req.valid('json').orders.map((o) => ({ publicId: o.id, changes: o.changes as LineChange[], version: o.version })),
        actor: c.get('actor'),
        now: Date.now(),
        siteUrl: publicUrl(c.env) ?? '',
      });
      return c.json({
        saved: out.saved,
        refused: out.refused.map((r) => ({
          id: r.publicId,
          code: r.error.code,
          title: r.error.message,
          ...(r.error.fields.length ? { errors: r.error.fields } : {}),
        })),
      });
    },
  )
  .post(
    '/hubs/:ent/cycles/:id/orders/bulk',
    cycleParam,
    validate(
      'json',
      v.strictObject({
        action: v.picklist(BULK_ACTIONS, 'Action inconnue : paid, ready ou handed-over.'),
        orders: v.pipe(
          v.array(orderIdSchema, 'Une liste de commandes est attendue.'),
          v.minLength(1, 'Cochez au moins une commande.'),
          v.maxLength(500, 'Au plus 500 commandes à la fois.'),
        ),
      }),
    ),
    async (c) => {
      const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
      const db = databaseFor(c.env);
      const cycle = await cycleOrFail(db, e.id, String(c.req.valid('param').id));
      const { action, orders } = c.req.valid('json');
      return c.json(
        await bulkOrderAction({
          db,
          hubId: e.id,
          cycleId: cycle.id,
          publicIds: [...new Set(orders)],
          action,
          actor: c.get('actor'),
          now: Date.now(),
        }),
      );
    },
  );
