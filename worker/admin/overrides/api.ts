// A hub's own prices and stock as JSON under /api/manage/hubs/:ent/overrides: the same rows and the
// same use case as the page.
import { Hono } from 'hono';
import * as v from 'valibot';
import { hubOverrideVariants } from '../../../db/catalog/overrides.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { idSchema, priceCentsSchema, slugSchema, stockSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { writeContext } from '../shared/forms.ts';
import { saveVariantOverrides } from './use-cases.ts';

const overridesSchema = v.strictObject({
  variants: v.pipe(
    v.array(
      v.strictObject({
        id: idSchema,
        priceCents: v.optional(v.nullable(priceCentsSchema)),
        onHand: v.optional(v.nullable(stockSchema)),
      }),
    ),
    v.minLength(1, 'Aucune variante à modifier.'),
    v.maxLength(5000, '5 000 variantes au maximum par envoi.'),
  ),
});

const entParam = validate('param', v.object({ ent: slugSchema }));

export const overrideApi = new Hono<AdminEnv>()
  .get('/hubs/:ent/overrides', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json({ variants: await hubOverrideVariants(databaseFor(c.env), e.id) });
  })
  .patch('/hubs/:ent/overrides', entParam, validate('json', overridesSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await saveVariantOverrides({ ...writeContext(c), hub: e, rows: c.req.valid('json').variants }));
  });
