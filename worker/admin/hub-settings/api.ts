// A hub's collection and payment settings and its customers in the JSON API, the same use cases as the pages.
import { Hono } from 'hono';
import * as v from 'valibot';
import { hubCustomers, hubSettings } from '../../../db/enterprises/hub-settings.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv, Ctx } from '../../auth/identify.ts';
import { idParamSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { hubMethodRules } from '../../../db/enterprises/tag-method-rules.ts';
import { customerSchema, feeSchema, methodRuleSchema, paymentSchema, ruleSchema, shippingSchema, termsSchema } from './form.ts';
import {
  addFee,
  addMethodRule,
  addPaymentMethod,
  addShippingMethod,
  addTagRule,
  archiveFee,
  archiveMethod,
  removeMethodRule,
  removeTagRule,
  saveCustomer,
  setTerms,
  updateFee,
  updatePaymentMethod,
  updateShippingMethod,
} from './use-cases.ts';

const entParam = validate('param', v.object({ ent: slugSchema }));
const idParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema }));

/** What every write is given: the database, who acts, for which hub (the path's), when. */
const change = async (c: Ctx, ent: string) => ({
  db: databaseFor(c.env),
  actor: c.get('actor'),
  hub: await requireEnterprise(c, ent, 'shop.run'),
  now: Date.now(),
});

export const hubSettingsApi = new Hono<AdminEnv>()
  .get('/hubs/:ent/settings', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await hubSettings(databaseFor(c.env), e.id));
  })
  .put('/hubs/:ent/terms', entParam, validate('json', termsSchema), async (c) => {
    await setTerms({ ...(await change(c, c.req.valid('param').ent)), ...c.req.valid('json') });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/shipping-methods', entParam, validate('json', shippingSchema), async (c) => {
    await addShippingMethod({ ...(await change(c, c.req.valid('param').ent)), m: c.req.valid('json') });
    return c.body(null, 201);
  })
  .put('/hubs/:ent/shipping-methods/:id', idParam, validate('json', shippingSchema), async (c) => {
    await updateShippingMethod({ ...(await change(c, c.req.valid('param').ent)), id: c.req.valid('param').id, m: c.req.valid('json') });
    return c.body(null, 204);
  })
  .delete('/hubs/:ent/shipping-methods/:id', idParam, async (c) => {
    await archiveMethod({ ...(await change(c, c.req.valid('param').ent)), table: 'shipping', id: c.req.valid('param').id });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/payment-methods', entParam, validate('json', paymentSchema), async (c) => {
    await addPaymentMethod({ ...(await change(c, c.req.valid('param').ent)), m: c.req.valid('json') });
    return c.body(null, 201);
  })
  .put('/hubs/:ent/payment-methods/:id', idParam, validate('json', paymentSchema), async (c) => {
    await updatePaymentMethod({ ...(await change(c, c.req.valid('param').ent)), id: c.req.valid('param').id, m: c.req.valid('json') });
    return c.body(null, 204);
  })
  .put('/hubs/:ent/fees/:id', idParam, validate('json', feeSchema), async (c) => {
    await updateFee({ ...(await change(c, c.req.valid('param').ent)), id: c.req.valid('param').id, f: c.req.valid('json') });
    return c.body(null, 204);
  })
  .delete('/hubs/:ent/fees/:id', idParam, async (c) => {
    await archiveFee({ ...(await change(c, c.req.valid('param').ent)), id: c.req.valid('param').id });
    return c.body(null, 204);
  })
  .delete('/hubs/:ent/payment-methods/:id', idParam, async (c) => {
    await archiveMethod({ ...(await change(c, c.req.valid('param').ent)), table: 'payment', id: c.req.valid('param').id });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/fees', entParam, validate('json', feeSchema), async (c) => {
    // The answer names the cycles the new fee joined (those of the hub that have not closed).
    return c.json(await addFee({ ...(await change(c, c.req.valid('param').ent)), f: c.req.valid('json') }), 201);
  })
  .get('/hubs/:ent/customers', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await hubCustomers(databaseFor(c.env), e.id));
  })
  .put('/hubs/:ent/customers', entParam, validate('json', customerSchema), async (c) => {
    await saveCustomer({ ...(await change(c, c.req.valid('param').ent)), c: c.req.valid('json') });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/tag-rules', entParam, validate('json', ruleSchema), async (c) => {
    await addTagRule({ ...(await change(c, c.req.valid('param').ent)), r: c.req.valid('json') });
    return c.body(null, 201);
  })
  .delete('/hubs/:ent/tag-rules/:id', idParam, async (c) => {
    await removeTagRule({ ...(await change(c, c.req.valid('param').ent)), id: c.req.valid('param').id });
    return c.body(null, 204);
  })
  // A collection/delivery or payment method reserved to a tag or hidden from it (domain/tag-rules.ts).
  .get('/hubs/:ent/tag-method-rules', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json((await hubMethodRules(databaseFor(c.env), e.id)).rules);
  })
  .post('/hubs/:ent/tag-method-rules', entParam, validate('json', methodRuleSchema), async (c) => {
    await addMethodRule({ ...(await change(c, c.req.valid('param').ent)), r: c.req.valid('json') });
    return c.body(null, 201);
  })
  .delete('/hubs/:ent/tag-method-rules/:id', idParam, async (c) => {
    await removeMethodRule({ ...(await change(c, c.req.valid('param').ent)), id: c.req.valid('param').id });
    return c.body(null, 204);
  });
