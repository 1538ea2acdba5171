// GET /api/pages/status?path=/boutiques/x/: whether a public catalog page shows the current data
// (up-to-date, stale, rebuilding, or failed), for anyone; the failure's text only for a signed-in manager.
import { Hono } from 'hono';
import * as v from 'valibot';
import { canonicalPagePath } from '../../domain/catalog-paths.ts';
import { pageStatus } from '../../db/publishing/rebuilds.ts';
import { identify, type AdminEnv } from '../auth/identify.ts';
import { databaseFor } from '../db.ts';
import { isManager } from './rebuilds.ts';
import { validate } from '../validate.ts';

const pathSchema = v.pipe(
  v.string('Le chemin de la page est requis.'),
  v.maxLength(300, 'Ce chemin est trop long.'),
  v.regex(/^\/[A-Za-z0-9\-_/.]*$/, 'Un chemin de page commence par « / » (par exemple /boutiques/ma-boutique/).'),
  v.check((p) => !p.split('/').includes('..'), 'Un chemin de page ne peut pas contenir « .. ».'),
);

export const pages = new Hono<AdminEnv>()
  .use(identify)
  .get('/status', validate('query', v.strictObject({ path: pathSchema })), async (c) => {
    const path = canonicalPagePath(c.req.valid('query').path);
    const status = await pageStatus(databaseFor(c.env), path);
    c.header('cache-control', 'no-store');
    return c.json({ path, ...status, error: isManager(c.get('actor')) ? status.error : null });
  });
