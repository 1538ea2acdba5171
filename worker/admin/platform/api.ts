// The platform in the JSON API: list enterprises and relationships, create an enterprise, set or remove a relationship.
import { Hono } from 'hono';
import { platformData } from '../../../db/enterprises/platform.ts';
import { databaseFor } from '../../db.ts';
import { siteUrl } from '../../links.ts';
import { requirePermission } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { validate } from '../../validate.ts';
import { enterpriseSchema, relationshipSchema } from './form.ts';
import { createEnterprise, setRelationship } from './use-cases.ts';

export const platformApi = new Hono<AdminEnv>()
  .get('/enterprises', async (c) => {
    requirePermission(c, 'platform.administer');
    return c.json(await platformData(databaseFor(c.env)));
  })
  .post('/enterprises', validate('json', enterpriseSchema), async (c) => {
    requirePermission(c, 'platform.administer');
    const locale = c.req.query('locale') === 'en' ? 'en' : 'fr';
    const slug = await createEnterprise(databaseFor(c.env), c.get('actor'), c.req.valid('json'), Date.now(), {
      locale,
      origin: siteUrl(c),
    });
    return c.json({ slug }, 201);
  })
  .put('/relationships', validate('json', relationshipSchema), async (c) => {
    requirePermission(c, 'platform.administer');
    await setRelationship(databaseFor(c.env), c.get('actor'), c.req.valid('json'), true, Date.now());
    return c.body(null, 204);
  })
  .delete('/relationships', validate('json', relationshipSchema), async (c) => {
    requirePermission(c, 'platform.administer');
    await setRelationship(databaseFor(c.env), c.get('actor'), c.req.valid('json'), false, Date.now());
    return c.body(null, 204);
  });
