// API tokens in the JSON API: list, create (the secret is in the answer, once), revoke.
import { Hono } from 'hono';
import * as v from 'valibot';
import { databaseFor } from '../../db.ts';
import { requireEnterprise, requireUser } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { idParamSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { nameSchema } from './form.ts';
import { createApiToken, listApiTokens, revokeToken } from './use-cases.ts';

const entParam = validate('param', v.object({ ent: slugSchema }));

export const tokenApi = new Hono<AdminEnv>()
  .get('/enterprises/:ent/tokens', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'tokens.manage');
    const tokens = await listApiTokens(databaseFor(c.env), e.id);
    return c.json({ tokens });
  })
  .post('/enterprises/:ent/tokens', entParam, validate('json', v.strictObject({ name: nameSchema })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'tokens.manage');
    const user = requireUser(c);
    const created = await createApiToken({
      db: databaseFor(c.env),
      enterpriseId: e.id,
      userId: user.userId,
      name: c.req.valid('json').name,
      now: Date.now(),
    });
    return c.json(created, 201);
  })
  .delete('/enterprises/:ent/tokens/:id', validate('param', v.object({ ent: slugSchema, id: idParamSchema })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'tokens.manage');
    const user = requireUser(c);
    await revokeToken({
      db: databaseFor(c.env),
      enterpriseId: e.id,
      userId: user.userId,
      tokenId: c.req.valid('param').id,
      now: Date.now(),
    });
    return c.body(null, 204);
  });
