// GET /api/pages/status?path=/boutiques/x/: whether a public catalog page shows the current data
// (up-to-date, stale, rebuilding, or failed with the reason), for the back office.
import { Hono } from 'hono';
import * as v from 'valibot';
import { canonicalPagePath } from '../../domain/catalog-paths.ts';
import { pageStatus } from '../../db/rebuilds.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { validate } from '../validate.ts';

const pathSchema = v.pipe(
  v.string('Le chemin de la page est requis.'),
  v.maxLength(300, 'Ce chemin est trop long.'),
  v.regex(/^\/[A-Za-z0-9\-_/.]*$/, 'Un chemin de page commence par « / » (par exemple /boutiques/ma-boutique/).'),
  v.check((p) => !p.split('/').includes('..'), 'Un chemin de page ne peut pas contenir « .. ».'),
);

export const pages = new Hono<AppEnv>().get('/status', validate('query', v.strictObject({ path: pathSchema })), async (c) => {
  const path = canonicalPagePath(c.req.valid('query').path);
  c.header('cache-control', 'no-store');
  return c.json({ path, ...(await pageStatus(databaseFor(c.env), path)) });
});
