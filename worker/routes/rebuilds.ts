// GET /api/rebuilds/latest and GET /api/rebuilds: the catalog rebuild log (queued, building, published,
// failed), so anyone can see when public pages are current. A rebuild's reason names back-office edits
// (cycles before they open, relationships, tag rules) and its error the build's internals: only a
// signed-in manager (session or API token) gets them; everyone else gets states and times.
import { Hono } from 'hono';
import * as v from 'valibot';
import { latestRebuild, recentRebuilds, stalePageCount, type Rebuild } from '../../db/publishing/rebuilds.ts';
import type { Actor } from '../../domain/permissions.ts';
import { identify, type AdminEnv } from '../auth/identify.ts';
import { databaseFor } from '../db.ts';
import { validate } from '../validate.ts';

export type PublicRebuild = Pick<Rebuild, 'state' | 'requestedAt' | 'startedAt' | 'finishedAt'>;

/** Managers (a session that manages something, the platform's administrator, an API token) see reasons and errors. */
export const isManager = (actor: Actor) =>
  actor.kind === 'token' || (actor.kind === 'user' && (actor.isPlatformAdmin || actor.manages.length > 0));

function forCaller(actor: Actor): (r: Rebuild) => Rebuild | PublicRebuild {
  if (isManager(actor)) return (r) => r;
  return ({ state, requestedAt, startedAt, finishedAt }) => ({ state, requestedAt, startedAt, finishedAt });
}

export const rebuilds = new Hono<AdminEnv>()
  .use(identify)
  .get('/latest', async (c) => {
    const db = databaseFor(c.env);
    const [rebuild, stalePages] = await Promise.all([latestRebuild(db), stalePageCount(db)]);
    c.header('cache-control', 'no-store');
    return c.json({ rebuild: rebuild && forCaller(c.get('actor'))(rebuild), stalePages });
  })
  .get(
    '/',
    validate(
      'query',
      v.strictObject({
        limit: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]?$/, 'Un nombre entre 1 et 99 est attendu.'), v.transform(Number))),
      }),
    ),
    async (c) => {
      const { limit } = c.req.valid('query');
      c.header('cache-control', 'no-store');
      return c.json({ rebuilds: (await recentRebuilds(databaseFor(c.env), limit ?? 20)).map(forCaller(c.get('actor'))) });
    },
  );
