// Which public pages a change makes stale, recorded in the same batch as the change; the rebuild log
// and each page's status, through the functions the back office calls and the worker's JSON API;
// and the scheduled job: cycles opening and closing on time, retries, the production deploy hook.
import { eq, sql } from 'drizzle-orm';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { claimRebuild, failRebuild, latestRebuild, pageStatus, publishRebuild } from '../../db/publishing/rebuilds.ts';
import { orderCycles, variants } from '../../db/schema/index.ts';
import { markStaleStatements, pagesAffectedBy } from '../../db/publishing/stale-pages.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { runScheduled } from '../../scripts/local-worker.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let hook: Server;
let hookCalls: Array<{ auth: string | undefined; body: string }> = [];
let hookStatus = 204;

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hookCalls.push({ auth: req.headers.authorization, body });
      res.writeHead(hookStatus).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const { port } = hook.address() as AddressInfo;
  t = await startTestWorker({
    bindings: {
      CATALOG_DEPLOY_HOOK_URL: `http://127.0.0.1:${port}/hooks/catalog`,
      CATALOG_DEPLOY_HOOK_TOKEN: 'ci-token',
      CATALOG_REBUILD_QUIET_MS: '0',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => hook?.close(r));
});
beforeEach(async () => {
  await t.conn.db.batch([t.conn.db.run(sql`DELETE FROM stale_pages`), t.conn.db.run(sql`DELETE FROM catalog_rebuilds`)]);
  hookCalls = [];
  hookStatus = 204;
});

const db = () => t.conn.db;
const both = (f: (l: 'fr' | 'en') => string) => [f('fr'), f('en')];

interface Sold {
  variantId: number;
  productId: number;
  productSlug: string;
  producerId: number;
  producerSlug: string;
  hubs: string[];
}

/** A variant with what it belongs to and the hubs whose open or coming cycles sell it. */
async function soldVariant(where: 'one hub' | 'two hubs'): Promise<Sold> {
  const rows = await db().all<
    Sold & { hubList: string }
  >(sql`SELECT v.id AS variantId, p.id AS productId, p.slug AS productSlug, pr.id AS producerId, pr.slug AS producerSlug,
      group_concat(DISTINCT h.slug) AS hubList
    FROM variants v JOIN products p ON p.id = v.product_id JOIN enterprises pr ON pr.id = p.producer_id
    JOIN cycle_outgoing_variants cov ON cov.variant_id = v.id JOIN cycle_outgoing co ON co.id = cov.outgoing_id
    JOIN order_cycles oc ON oc.id = co.cycle_id JOIN enterprises h ON h.id = co.hub_id
    WHERE oc.closes_at > ${Date.now()} GROUP BY v.id HAVING count(DISTINCT h.id) = ${where === 'one hub' ? 1 : 2} ORDER BY v.id LIMIT 1`);
  const row = rows[0]!;
  return { ...row, hubs: row.hubList.split(',').sort() };
}

async function hubBySlug(slug: string) {
  return (await db().all<{ id: number }>(sql`SELECT id FROM enterprises WHERE slug = ${slug}`))[0]!.id;
}

describe('pagesAffectedBy', () => {
  it('a variant’s price: its producer pages and the shops selling it, in both languages, nothing else (the product page is rendered live)', async () => {
    const v = await soldVariant('one hub');
    const pages = await pagesAffectedBy(db(), { kind: 'variant', variantId: v.variantId });
    expect(pages.sort()).toEqual(
      [...both((l) => paths.producer(l, v.producerSlug)), ...v.hubs.flatMap((h) => both((l) => paths.shop(l, h)))].sort(),
    );
    const [otherHub] = (
      await db().all<{ slug: string }>(
        sql`SELECT slug FROM enterprises WHERE is_hub AND slug NOT IN (${sql.join(
          v.hubs.map((h) => sql`${h}`),
          sql`, `,
        )})`,
      )
    ).map((r) => r.slug);
    expect(pages).not.toContain(paths.shop('fr', otherHub!));
    expect(pages).not.toContain('/');
  });

  it('a producer’s profile: their page, the shops that sell them, and the lists; none of their product pages', async () => {
    const v = await soldVariant('two hubs');
    const pages = await pagesAffectedBy(db(), { kind: 'producer', enterpriseId: v.producerId });
    expect(pages.filter((p) => p.startsWith(paths.producer('fr', v.producerSlug)) && p !== paths.producer('fr', v.producerSlug))).toEqual(
      [],
    );
    expect(pages).toEqual(
      expect.arrayContaining([
        ...both(paths.home),
        ...both(paths.producers),
        ...both((l) => paths.producer(l, v.producerSlug)),
        ...v.hubs.flatMap((h) => both((l) => paths.shop(l, h))),
      ]),
    );
  });

  it('a hub’s profile or methods: its shop and checkout, the lists, and the pages saying where to buy', async () => {
    const v = await soldVariant('one hub');
    const hubId = await hubBySlug(v.hubs[0]!);
    const pages = await pagesAffectedBy(db(), { kind: 'hub', enterpriseId: hubId });
    expect(pages).toEqual(
      expect.arrayContaining([
        ...both((l) => paths.shop(l, v.hubs[0]!)),
        ...both((l) => paths.checkout(l, v.hubs[0]!)),
        ...both(paths.home),
        ...both(paths.hubs),
        ...both((l) => paths.producer(l, v.producerSlug)),
      ]),
    );
    expect(pages).not.toContain(paths.product('fr', v.producerSlug, v.productSlug));
  });

  it('a cycle: the shops of its hubs, what it sells, the lists and the impact page', async () => {
    const v = await soldVariant('one hub');
    const [cycle] = await db().all<{
      id: number;
    }>(sql`SELECT oc.id FROM order_cycles oc JOIN cycle_outgoing co ON co.cycle_id = oc.id JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
      WHERE cov.variant_id = ${v.variantId} AND oc.opens_at <= ${Date.now()} AND oc.closes_at > ${Date.now()}`);
    const pages = await pagesAffectedBy(db(), { kind: 'cycle', cycleId: cycle!.id });
    expect(pages).toEqual(
      expect.arrayContaining([
        ...both((l) => paths.shop(l, v.hubs[0]!)),
        ...both(paths.impact),
        ...both((l) => paths.producer(l, v.producerSlug)),
      ]),
    );
    expect(pages).not.toContain(paths.product('fr', v.producerSlug, v.productSlug));
  });

  it('a hub’s override: that hub’s shop only', async () => {
    const v = await soldVariant('two hubs');
    const hubId = await hubBySlug(v.hubs[0]!);
    const pages = await pagesAffectedBy(db(), { kind: 'override', hubId, variantId: v.variantId });
    expect(pages.sort()).toEqual(both((l) => paths.shop(l, v.hubs[0]!)).sort());
  });
});

describe('marking pages stale with an edit', () => {
  it('records the pages and queues one rebuild in the same batch as a price change; a burst joins that rebuild', async () => {
    const a = await soldVariant('one hub');
    const b = await soldVariant('two hubs');
    await db().batch([
      db().update(variants).set({ priceCents: 999 }).where(eq(variants.id, a.variantId)),
      ...markStaleStatements(db(), { kind: 'variant', variantId: a.variantId }, 'prix de A'),
    ] as never);
    await db().batch([
      db().update(variants).set({ priceCents: 888 }).where(eq(variants.id, b.variantId)),
      ...markStaleStatements(db(), { kind: 'variant', variantId: b.variantId }, 'prix de B'),
    ] as never);
    const stale = await db().all<{ path: string; reason: string }>(sql`SELECT path, reason FROM stale_pages`);
    expect(stale.map((s) => s.path)).toEqual(expect.arrayContaining(both((l) => paths.producer(l, a.producerSlug))));
    expect(stale.find((s) => s.path === paths.shop('fr', b.hubs[0]!))?.reason).toBe('prix de B');
    expect(stale.map((s) => s.path)).not.toContain(paths.product('fr', a.producerSlug, a.productSlug));
    const rebuilds = await db().all<{ state: string; reason: string }>(sql`SELECT state, reason FROM catalog_rebuilds`);
    expect(rebuilds).toEqual([{ state: 'queued', reason: 'prix de A ; prix de B' }]);
    expect(await latestRebuild(db())).toMatchObject({
      state: 'queued',
      reason: 'prix de A ; prix de B',
      error: null,
      startedAt: null,
      finishedAt: null,
    });
  });

  it('records nothing when the edit itself is refused: the batch is one transaction', async () => {
    const a = await soldVariant('one hub');
    await expect(
      db().batch([
        db().update(variants).set({ priceCents: -5 }).where(eq(variants.id, a.variantId)),
        ...markStaleStatements(db(), { kind: 'variant', variantId: a.variantId }, 'prix négatif'),
      ] as never),
    ).rejects.toThrow();
    expect(await db().all(sql`SELECT * FROM stale_pages`)).toEqual([]);
    expect(await latestRebuild(db())).toBeNull();
  });
});

describe('page status and the rebuild log', () => {
  it('follows a page from stale to rebuilding to failed, then up to date once a rebuild publishes it', async () => {
    const a = await soldVariant('one hub');
    const page = paths.shop('fr', a.hubs[0]!);
    expect(await pageStatus(db(), page)).toEqual({ state: 'up-to-date', lastPublishedAt: null, error: null });
    await db().batch(markStaleStatements(db(), { kind: 'variant', variantId: a.variantId }, 'prix') as never);
    expect((await pageStatus(db(), page)).state).toBe('stale');

    const first = (await claimRebuild(db()))!;
    expect(first.pages.map((p) => p.path)).toContain(page);
    expect((await pageStatus(db(), `${page}page/2/`)).state).toBe('rebuilding');
    await failRebuild(db(), first, 'the page build failed (exit 1): disk full');
    expect(await pageStatus(db(), page)).toMatchObject({ state: 'failed', error: 'the page build failed (exit 1): disk full' });
    expect(await latestRebuild(db())).toMatchObject({ state: 'failed', error: 'the page build failed (exit 1): disk full' });

    // A new edit queues a new rebuild, which takes every stale page, the failed ones too.
    await db().batch(markStaleStatements(db(), { kind: 'product', productId: a.productId }, 'nom') as never);
    const second = (await claimRebuild(db()))!;
    expect(second.pages.map((p) => p.path)).toContain(page);
    await publishRebuild(db(), second);
    const status = await pageStatus(db(), page);
    expect(status.state).toBe('up-to-date');
    expect(status.lastPublishedAt).toBeGreaterThan(0);
    expect(await latestRebuild(db())).toMatchObject({ id: second.ids[0], state: 'published', error: null });
  });

  it('keeps a page stale when it changes again while its rebuild runs, for the next rebuild', async () => {
    const a = await soldVariant('one hub');
    const page = paths.producer('fr', a.producerSlug);
    await db().batch(markStaleStatements(db(), { kind: 'variant', variantId: a.variantId }, 'prix 1') as never);
    const claim = (await claimRebuild(db()))!;
    await db().batch(markStaleStatements(db(), { kind: 'variant', variantId: a.variantId }, 'prix 2') as never);
    await publishRebuild(db(), claim);
    expect((await pageStatus(db(), page)).state).toBe('stale');
    expect(await latestRebuild(db())).toMatchObject({ state: 'queued', reason: 'prix 2' });
  });

  it('answers GET /api/pages/status and GET /api/rebuilds/latest in JSON', async () => {
    const a = await soldVariant('one hub');
    await db().batch(markStaleStatements(db(), { kind: 'variant', variantId: a.variantId }, 'prix') as never);
    const status = await t.call('GET', `/api/pages/status?path=${encodeURIComponent(`/boutiques/${a.hubs[0]}/page/3/`)}`);
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ path: `/boutiques/${a.hubs[0]}/`, state: 'stale', lastPublishedAt: null, error: null });
    const latest = await t.call('GET', '/api/rebuilds/latest');
    expect(latest.status).toBe(200);
    // Anyone sees the state; the reason is a manager's (tests/integration/edge-security.test.ts).
    expect(latest.body).toMatchObject({ rebuild: { state: 'queued' }, stalePages: expect.any(Number) });
    expect(latest.body.rebuild).not.toHaveProperty('reason');
    expect(latest.headers.get('cache-control')).toBe('no-store');
    const list = await t.call('GET', '/api/rebuilds?limit=5');
    expect(list.body.rebuilds).toHaveLength(1);
  });

  it('refuses a page path that is not one, with field messages', async () => {
    for (const bad of ['boutiques/x/', '/../etc/passwd', '/<script>/']) {
      const res = await t.call('GET', `/api/pages/status?path=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'VALIDATION', errors: [expect.objectContaining({ field: 'path' })] });
    }
    expect((await t.call('GET', '/api/pages/status')).status).toBe(422);
    expect((await t.call('GET', '/api/pages/status?path=/&extra=1')).status).toBe(422);
    expect((await t.call('GET', '/api/rebuilds?limit=0')).status).toBe(422);
  });
});

describe('the catalog schedule', () => {
  it('marks the pages of a cycle that just closed, once, and hands the rebuild to the deploy hook', async () => {
    const v = await soldVariant('one hub');
    const [cycle] = await db().all<{
      id: number;
    }>(sql`SELECT oc.id FROM order_cycles oc JOIN cycle_outgoing co ON co.cycle_id = oc.id JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
      WHERE cov.variant_id = ${v.variantId} AND oc.opens_at <= ${Date.now()} AND oc.closes_at > ${Date.now()}`);
    const closesAt = Date.now() - 30_000;
    const [{ closesAt: was }] = (await db()
      .select({ closesAt: orderCycles.closesAt })
      .from(orderCycles)
      .where(eq(orderCycles.id, cycle!.id))) as [{ closesAt: number }];
    await db().update(orderCycles).set({ closesAt }).where(eq(orderCycles.id, cycle!.id));
    onTestFinished(async () => {
      await db().update(orderCycles).set({ closesAt: was }).where(eq(orderCycles.id, cycle!.id));
    });

    await runScheduled(t.worker.miniflare, Date.now());
    const reason = `cycle ${cycle!.id} closed at ${new Date(closesAt).toISOString()}`;
    expect((await db().all<{ path: string }>(sql`SELECT path FROM stale_pages`)).map((r) => r.path)).toEqual(
      expect.arrayContaining(both((l) => paths.shop(l, v.hubs[0]!))),
    );
    // The deploy hook was called (no edit to wait for), with its token, and the rebuild is now building.
    expect(hookCalls).toHaveLength(1);
    expect(hookCalls[0]!.auth).toBe('Bearer ci-token');
    expect(JSON.parse(hookCalls[0]!.body)).toMatchObject({ event_type: 'catalog-rebuild', client_payload: { reason } });
    expect(await latestRebuild(db())).toMatchObject({ state: 'building', reason });
    expect((await pageStatus(db(), paths.shop('en', v.hubs[0]!))).state).toBe('rebuilding');

    // The next tick neither marks the same closing again nor calls the hook while the build runs.
    await runScheduled(t.worker.miniflare, Date.now() + 60_000);
    expect(await db().all(sql`SELECT id FROM catalog_rebuilds`)).toHaveLength(1);
    expect(hookCalls).toHaveLength(1);
  });

  it('records the deploy hook’s refusal as the rebuild’s failure, with the reason', async () => {
    hookStatus = 503;
    const v = await soldVariant('one hub');
    await db().batch(markStaleStatements(db(), { kind: 'variant', variantId: v.variantId }, 'prix') as never);
    await runScheduled(t.worker.miniflare, Date.now());
    expect(hookCalls).toHaveLength(1);
    expect(await latestRebuild(db())).toMatchObject({ state: 'failed', error: 'the deploy hook answered 503' });
    expect(await pageStatus(db(), paths.shop('fr', v.hubs[0]!))).toMatchObject({ state: 'failed', error: 'the deploy hook answered 503' });
  });
});

afterEach(() => {
  hookStatus = 204;
});
