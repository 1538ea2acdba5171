// Publishing survives bad rows: a cycle whose times are out of any sane range (as an older API let
// through) is left out of the catalog instead of failing every rebuild, and a page that cannot be
// rendered is reported failed with its path and reason while every other page is still published.
import { eq, sql } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestRebuild, pageStatus } from '../../db/publishing/rebuilds.ts';
import { enterprises } from '../../db/schema/index.ts';
import { markStaleStatements } from '../../db/publishing/stale-pages.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { rebuildCatalog } from '../../scripts/catalog-rebuild.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let s: TestWorker;
let a: DemoShop;
let b: DemoShop;

beforeAll(async () => {
  s = await startTestWorker({ ownDist: true });
  [a, b] = (await openShops(s.conn.db)) as [DemoShop, DemoShop];
});
afterAll(() => s?.close());

const rebuild = (opts: { full?: boolean } = {}) =>
  rebuildCatalog({ db: s.conn.db, databaseUrl: s.dbUrl, dist: s.dist, serve: () => s.worker.reloadAssets(), ...opts });
const file = (path: string) => join(s.dist, 'client', path.slice(1), 'index.html');
const page = async (path: string) => {
  const res = await fetch(s.url + path);
  return { status: res.status, html: await res.text() };
};
/** Renames both demo hubs (so their pages must change) and marks their pages stale. */
async function renameHubs(suffix: string) {
  for (const shop of [a, b]) {
    await s.conn.db.batch([
      s.conn.db
        .update(enterprises)
        .set({ name: `${shop.hub.name} ${suffix}` })
        .where(eq(enterprises.id, shop.hub.id)),
      ...markStaleStatements(s.conn.db, { kind: 'hub', enterpriseId: shop.hub.id }, `nom ${suffix}`),
    ] as never);
  }
}

describe('publishing with bad rows in the database', () => {
  it('publishes every page when a cycle holds a time past 2^53 or past year 275760', async () => {
    // The coordinator's next cycle of each hub, as an older API could have written it.
    const [c1, c2] = await s.conn.db.all<{ id: number }>(
      sql`SELECT id FROM order_cycles WHERE id NOT IN (${a.hub.open.cycleId}, ${b.hub.open.cycleId}) ORDER BY id LIMIT 2`,
    );
    await s.conn.client.execute({
      sql: 'UPDATE order_cycles SET opens_at = 9007199254740994, closes_at = 9007199254740995 WHERE id = ?',
      args: [c1!.id],
    });
    await s.conn.client.execute({
      sql: 'UPDATE order_cycles SET opens_at = 9000000000000000, closes_at = 9000000000000001 WHERE id = ?',
      args: [c2!.id],
    });
    await renameHubs('(1)');
    const result = await rebuild();
    expect(result).toMatchObject({ state: 'published' });
    for (const shop of [a, b]) {
      for (const lang of ['fr', 'en'] as const) {
        const served = await page(paths.shop(lang, shop.hub.slug));
        expect(served.status).toBe(200);
        expect(served.html).toContain(`${shop.hub.name} (1)`);
      }
    }
    expect((await page(paths.hubs('fr'))).html).toContain(`${a.hub.name} (1)`);
  }, 120_000);

  it('reports a page that cannot be rendered, with its path and reason, and publishes the others', async () => {
    // A variant only the first hub sells, with a unit the code does not know.
    const broken = a.items.find((i) => !b.items.some((j) => j.variantId === i.variantId))!;
    await s.conn.client.execute({ sql: "UPDATE variants SET unit_kind = 'bogus' WHERE id = ?", args: [broken.variantId] });
    const shopA = paths.shop('fr', a.hub.slug);
    const before = readFileSync(file(shopA), 'utf8');
    await renameHubs('(2)');

    const result = await rebuild();
    expect(result!.state).toBe('failed');
    expect(result!.failedPages).toEqual(expect.arrayContaining([{ path: shopA, reason: expect.stringContaining('bogus') }]));
    expect(result!.failedPages!.map((f) => f.path)).not.toContain(paths.shop('fr', b.hub.slug));

    // The broken page keeps what was published before; the other shop shows the change.
    expect(readFileSync(file(shopA), 'utf8')).toBe(before);
    expect((await page(shopA)).status).toBe(200);
    for (const lang of ['fr', 'en'] as const) expect((await page(paths.shop(lang, b.hub.slug))).html).toContain(`${b.hub.name} (2)`);

    const latest = await latestRebuild(s.conn.db);
    expect(latest).toMatchObject({ state: 'failed', error: expect.stringContaining(shopA) });
    expect(latest!.error).toContain('bogus');
    expect(await pageStatus(s.conn.db, shopA)).toMatchObject({ state: 'failed', error: expect.stringContaining(shopA) });
    expect(await pageStatus(s.conn.db, paths.shop('fr', b.hub.slug))).toMatchObject({ state: 'up-to-date' });
    expect((await s.call('GET', `/api/pages/status?path=${paths.shop('en', b.hub.slug)}`)).body.state).toBe('up-to-date');
  }, 120_000);

  it('builds every other page in a full build, and names the ones left out', async () => {
    await renameHubs('(3)');
    const outcome = await rebuild({ full: true });
    expect(outcome!.state).toBe('failed');
    const failed = outcome!.failedPages!.map((f) => f.path);
    expect(failed).toContain(paths.shop('fr', a.hub.slug));
    expect(existsSync(file(paths.shop('fr', b.hub.slug)))).toBe(true);
    expect(existsSync(file(paths.home('fr')))).toBe(true);
    expect(existsSync(file(paths.shop('fr', a.hub.slug)))).toBe(false);
    expect((await page(paths.shop('en', b.hub.slug))).status).toBe(200);
    // A failed page says so in its status.
    expect(await pageStatus(s.conn.db, paths.shop('fr', a.hub.slug))).toMatchObject({ state: 'failed' });
    // The product page is the worker's: it cannot show the variant either, and answers a readable 404
    // in its language, as a page the build left out did, never a crash.
    const broken = a.items.find((i) => !b.items.some((j) => j.variantId === i.variantId))!;
    for (const [lang, title] of [
      ['fr', 'Page introuvable'],
      ['en', 'Page not found'],
    ] as const) {
      const res = await page(paths.product(lang, broken.producerSlug, broken.productSlug));
      expect(res.status).toBe(404);
      expect(res.html).toContain(title);
    }
  }, 180_000);
});
