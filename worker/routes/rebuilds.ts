// GET /api/rebuilds/latest and GET /api/rebuilds: the catalog rebuild log (queued, building, published,
// failed with its reason), so the back office can show when public pages are current.
import { Hono } from 'hono';
import * as v from 'valibot';
import { latestRebuild, recentRebuilds, stalePageCount } from '../../db/rebuilds.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { validate } from '../validate.ts';

export const rebuilds = new Hono<AppEnv>()
  .get('/latest', async (c) => {
    const db = databaseFor(c.env);
    const [rebuild, stalePages] = await Promise.all([latestRebuild(db), stalePageCount(db)]);
    c.header('cache-control', 'no-store');
    return c.json({ rebuild, stalePages });
  })
  .get(
    '/',
    validate('query', v.strictObject({ limit: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]?$/, 'Un nombre entre 1 et 99 est attendu.'), v.transform(Number))) })),
    async (c) => {
      const { limit } = c.req.valid('query');
      c.header('cache-control', 'no-store');
      return c.json({ rebuilds: await recentRebuilds(databaseFor(c.env), limit ?? 20) });
    },
  );
