// Order cycles as JSON under /api/manage/hubs/:ent/cycles/…: list, create, edit, clone, and the other
// hubs selling in a cycle; the same use cases as the pages.
import { Hono } from 'hono';
import * as v from 'valibot';
import { cycleForEdit, cycleList, hubsOtherThan, otherHubsOfCycle, outgoingOf } from '../../../db/catalog/cycles.ts';
import { enterpriseBySlug } from '../../../db/enterprises/enterprises.ts';
import { DomainError } from '../../../domain/errors.ts';
import { FEE_ROLES } from '../../../domain/fees.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { epochSchema as epoch, idParamSchema, idSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { writeContext } from '../shared/forms.ts';
import { cloneCycle, coordinated, createCycle, MAX_FEES, MAX_SELECTION, removeCycleHub, setCycleHub, updateCycle } from './use-cases.ts';

const text = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `${max} caractères au maximum.`)), '');
const exchangeEntries = {
  collectionStartsAt: v.optional(v.nullable(epoch), null),
  collectionEndsAt: v.optional(v.nullable(epoch), null),
  collectionPlace: text(200),
  instructions: text(2000),
  requiredTag: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(40))), null),
  variantIds: v.pipe(v.array(idSchema), v.maxLength(MAX_SELECTION, '20 000 variantes au maximum.')),
  /** Which of the hub's methods the exchange offers, both lists together; absent, a new exchange offers all its hub's active ones, a stored one keeps its own. */
  methods: v.optional(
    v.strictObject({
      shippingIds: v.pipe(v.array(idSchema), v.maxLength(200)),
      paymentIds: v.pipe(v.array(idSchema), v.maxLength(200)),
    }),
  ),
};
const settingsSchema = v.strictObject({
  name: v.pipe(v.string('Nom attendu.'), v.trim(), v.nonEmpty('Donnez un nom au cycle.'), v.maxLength(120)),
  opensAt: epoch,
  closesAt: epoch,
  ...exchangeEntries,
  fees: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          feeId: idSchema,
          role: v.picklist(FEE_ROLES),
          producerId: v.optional(v.nullable(idSchema), null),
          hubId: v.optional(v.nullable(idSchema), null),
        }),
      ),
      v.maxLength(MAX_FEES, '200 marges au maximum.'),
    ),
    [],
  ),
});
const exchangeSchema = v.strictObject(exchangeEntries);
const cloneSchema = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.nonEmpty('Donnez un nom au cycle.'), v.maxLength(120)),
  opensAt: epoch,
  closesAt: epoch,
});

const entParam = validate('param', v.object({ ent: slugSchema }));
const cycleParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema }));
const cycleHubParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema, hub: slugSchema }));

/** A hub's exchange as the API shows it: without the row's own keys. */
const exchangeJson = ({ id: _outgoingId, cycleId: _cycleId, ...exchange }: NonNullable<Awaited<ReturnType<typeof outgoingOf>>>) => exchange;

export const cycleApi = new Hono<AdminEnv>()
  .get('/hubs/:ent/cycles', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json({ cycles: await cycleList(databaseFor(c.env), e.id) });
  })
  .post('/hubs/:ent/cycles', entParam, validate('json', settingsSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { methods, ...settings } = c.req.valid('json');
    const id = await createCycle({ ...writeContext(c), hub: e, settings, methods });
    return c.json({ id }, 201, { location: `/api/manage/hubs/${e.slug}/cycles/${id}` });
  })
  .get('/hubs/:ent/cycles/:id', cycleParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const found = await cycleForEdit(databaseFor(c.env), c.req.valid('param').id, e.id);
    if (!found || (found.cycle.coordinatorId !== e.id && !found.outgoing))
      throw new DomainError('NOT_FOUND', 'No such cycle for this shop.');
    // A hub selling in another's cycle sees the fees that apply to its shop, not the other hubs' terms.
    if (found.cycle.coordinatorId !== e.id)
      return c.json({ ...found, fees: found.fees.filter((f) => f.hubId === null || f.hubId === e.id) });
    return c.json(found);
  })
  .put('/hubs/:ent/cycles/:id', cycleParam, validate('json', settingsSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { methods, ...settings } = c.req.valid('json');
    await updateCycle({ ...writeContext(c), hub: e, cycleId: c.req.valid('param').id, settings, methods });
    return c.json(await cycleForEdit(databaseFor(c.env), c.req.valid('param').id, e.id));
  })
  .get('/hubs/:ent/cycles/:id/hubs', cycleParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { id } = c.req.valid('param');
    const db = databaseFor(c.env);
    await coordinated(db, e.id, id);
    const [hubs, all] = await Promise.all([otherHubsOfCycle(db, id, e.id), hubsOtherThan(db, e.id)]);
    return c.json({ hubs, canAdd: all.filter((h) => !hubs.some((x) => x.hubId === h.id)) });
  })
  .get('/hubs/:ent/cycles/:id/hubs/:hub', cycleHubParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { id, hub } = c.req.valid('param');
    const db = databaseFor(c.env);
    await coordinated(db, e.id, id);
    const target = await enterpriseBySlug(db, hub);
    const o = target && target.id !== e.id ? await outgoingOf(db, id, target.id) : null;
    if (!target || !o) throw new DomainError('NOT_FOUND', 'This shop does not sell in this cycle.');
    return c.json({ hub: { id: target.id, slug: target.slug, name: target.name }, ...exchangeJson(o) });
  })
  .put('/hubs/:ent/cycles/:id/hubs/:hub', cycleHubParam, validate('json', exchangeSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { id, hub } = c.req.valid('param');
    const ctx = writeContext(c);
    const { methods, ...exchange } = c.req.valid('json');
    const { created, hubId } = await setCycleHub({ ...ctx, hub: e, cycleId: id, hubSlug: hub, exchange, methods });
    const stored = exchangeJson((await outgoingOf(ctx.db, id, hubId))!);
    return c.json(stored, created ? 201 : 200, created ? { location: `/api/manage/hubs/${e.slug}/cycles/${id}/hubs/${hub}` } : {});
  })
  .delete('/hubs/:ent/cycles/:id/hubs/:hub', cycleHubParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { id, hub } = c.req.valid('param');
    await removeCycleHub({ ...writeContext(c), hub: e, cycleId: id, hubSlug: hub });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/cycles/:id/clone', cycleParam, validate('json', cloneSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { name, opensAt, closesAt } = c.req.valid('json');
    const id = await cloneCycle({ ...writeContext(c), hub: e, cycleId: c.req.valid('param').id, name, opensAt, closesAt });
    return c.json({ id }, 201, { location: `/api/manage/hubs/${e.slug}/cycles/${id}` });
  });
