// An enterprise's profile in the JSON API: read it (without the list of labels to choose from), replace it,
// send its photo or logo (the body is the image).
import { Hono } from 'hono';
import * as v from 'valibot';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { profileSchema } from './form.ts';
import { enterpriseProfile, saveProfile, setEnterprisePhoto } from './use-cases.ts';

const entParam = validate('param', v.strictObject({ ent: slugSchema }));

export const profileApi = new Hono<AdminEnv>()
  .get('/enterprises/:ent/profile', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'profile.edit');
    const { labels: _all, ...profile } = await enterpriseProfile(databaseFor(c.env), e.id);
    return c.json(profile);
  })
  .put('/enterprises/:ent/profile', entParam, validate('json', profileSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'profile.edit');
    await saveProfile({ db: databaseFor(c.env), actor: c.get('actor'), enterprise: e, input: c.req.valid('json'), now: Date.now() });
    return c.body(null, 204);
  })
  .put('/enterprises/:ent/photo', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'profile.edit');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(
      await setEnterprisePhoto({
        db: databaseFor(c.env),
        bucket: c.env.IMAGES,
        photos: c.env.PHOTOS,
        actor: c.get('actor'),
        enterprise: e,
        bytes,
        now: Date.now(),
      }),
    );
  });
