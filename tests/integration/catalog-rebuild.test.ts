// Incremental rebuilds end to end, on the test's own copy of the site served by the worker: an edit
// marks its pages stale in the same batch, the rebuild renders only those pages with Astro, publishes
// them beside the untouched ones and the worker serves them; cycles closing on time, a product
// withdrawn, and a build that fails, recorded with its reason.
import { eq, sql } from 'drizzle-orm';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCyclesQuery } from '../../db/catalog/shop.ts';
import { latestRebuild, pageStatus, TRANSITION_LOOKBACK_MS } from '../../db/publishing/rebuilds.ts';
import { enterprises, orderCycles, products, variants } from '../../db/schema/index.ts';
import { markStaleStatements } from '../../db/publishing/stale-pages.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { formatMoney } from '../../domain/money.ts';
import { runScheduled } from '../../scripts/local-worker.ts';
import { rebuildCatalog } from '../../scripts/catalog-rebuild.ts';
import { closeCycle, openShops, type DemoShop } from '../support/demo-data.ts';
import { placeOrder } from '../support/orders.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let s: TestWorker;
let shops: DemoShop[];

beforeAll(async () => {
  s = await startTestWorker({ ownDist: true });
  shops = await openShops(s.conn.db);
});
afterAll(() => s?.close());

const rebuild = () => rebuildCatalog({ db: s.conn.db, databaseUrl: s.dbUrl, dist: s.dist, serve: () => s.worker.reloadAssets() });
const file = (path: string) => join(s.dist, 'client', path.slice(1), 'index.html');
const get = async (path: string) => {
  const res = await fetch(s.url + path);
  return { status: res.status, html: await res.text() };
};

describe('an incremental rebuild', () => {
  it('publishes a price change on the affected pages only, and says so', async () => {
    const [a, b] = shops as [DemoShop, DemoShop];
    const item = a.items.find((i) => !b.items.some((j) => j.variantId === i.variantId) && i.price.fees.length > 0) ?? a.items[0]!;
    const untouched = paths.shop('fr', b.hub.slug);
    const before = { mtime: statSync(file(untouched)).mtimeMs, html: readFileSync(file(untouched), 'utf8') };
    const base = (await s.conn.db.select({ price: variants.priceCents }).from(variants).where(eq(variants.id, item.variantId)))[0]!.price;

    await s.conn.db.batch([
      s.conn.db
        .update(variants)
        .set({ priceCents: base + 137 })
        .where(eq(variants.id, item.variantId)),
      ...markStaleStatements(s.conn.db, { kind: 'variant', variantId: item.variantId }, 'prix modifié par le producteur'),
    ] as never);
    expect((await pageStatus(s.conn.db, paths.shop('fr', a.hub.slug))).state).toBe('stale');

    const result = await rebuild();
    expect(result).toMatchObject({ state: 'published' });
    expect(result!.pages).toBeLessThanOrEqual(8);

    const fresh = (await openShops(s.conn.db)).find((x) => x.hub.id === a.hub.id)!.items.find((i) => i.variantId === item.variantId)!;
    expect(fresh.price.priceCents).toBeGreaterThan(item.price.priceCents);
    for (const lang of ['fr', 'en'] as const) {
      const shop = await get(paths.shop(lang, a.hub.slug));
      expect(shop.html).toContain(
        `data-variant-id="${item.variantId}"><span class="name"${lang === 'en' ? ' lang="fr"' : ''}>${item.variantName}</span> <span class="price">${formatMoney(fresh.price.priceCents, lang)}</span>`,
      );
      const product = await get(paths.product(lang, item.producerSlug, item.productSlug));
      expect(product.html).toContain(formatMoney(fresh.price.priceCents, lang));
    }
    // The rest stays as it was published.
    expect(statSync(file(untouched)).mtimeMs).toBe(before.mtime);
    expect(readFileSync(file(untouched), 'utf8')).toBe(before.html);
    expect(await pageStatus(s.conn.db, paths.shop('en', a.hub.slug))).toMatchObject({
      state: 'up-to-date',
      lastPublishedAt: expect.any(Number),
    });
    expect(await latestRebuild(s.conn.db)).toMatchObject({ state: 'published', reason: 'prix modifié par le producteur', error: null });
    expect((await s.call('GET', `/api/pages/status?path=${paths.shop('fr', a.hub.slug)}`)).body.state).toBe('up-to-date');
  }, 90_000);

  it('removes the page of a product withdrawn from sale', async () => {
    const item = shops[0]!.items[0]!;
    const path = paths.product('fr', item.producerSlug, item.productSlug);
    expect((await get(path)).status).toBe(200);
    await s.conn.db.batch([
      ...markStaleStatements(s.conn.db, { kind: 'product', productId: item.productId }, 'retiré de la vente'),
      s.conn.db.update(products).set({ archivedAt: Date.now() }).where(eq(products.id, item.productId)),
    ] as never);
    expect(await rebuild()).toMatchObject({ state: 'published' });
    // The product page is the worker's: gone once the data centre's few seconds of cache are over.
    await expect.poll(async () => (await get(path)).status, { timeout: 5_000, interval: 250 }).toBe(404);
    expect((await get(paths.shop('fr', shops[0]!.hub.slug))).html).not.toContain(`data-variant-id="${item.variantId}"`);
  }, 90_000);

  it('closes a shop on time: the schedule marks it, the rebuild shows when it reopens, the impact page counts the sale', async () => {
    // As the shop stands now (a product was withdrawn above).
    const shop = (await openShops(s.conn.db)).find((x) => x.hub.id === shops[1]!.hub.id)!;
    const sold = shop.items.find((i) => !i.onDemand && i.onHand > 5) ?? shop.items[0]!;
    await placeOrder(s, shop, [{ item: sold, quantity: 2 }]);
    // The hub's other open sales (the demo's épicerie sells two at once) closed a while ago, before the
    // window the schedule looks back on: the shop closes with the sale closing now.
    for (const c of await openCyclesQuery(s.conn.db, shop.hub.id, Date.now()))
      if (c.cycleId !== shop.hub.open.cycleId) await closeCycle(s.conn.db, c.cycleId, Date.now() - 2 * TRANSITION_LOOKBACK_MS);
    const closesAt = Date.now() - 5_000;
    await s.conn.db.update(orderCycles).set({ closesAt }).where(eq(orderCycles.id, shop.hub.open.cycleId));
    await runScheduled(s.worker.miniflare, Date.now());
    expect(await latestRebuild(s.conn.db)).toMatchObject({
      state: 'queued',
      reason: `cycle ${shop.hub.open.cycleId} closed at ${new Date(closesAt).toISOString()}`,
    });

    expect(await rebuild()).toMatchObject({ state: 'published' });
    const page = await get(paths.shop('fr', shop.hub.slug));
    expect(page.html).toContain('La boutique est fermée.');
    expect(page.html).toContain('Prochaine ouverture le');
    expect(page.html).not.toContain('class="variant"');
    expect(page.html).toContain('La dernière fois');
    const impact = await get(paths.impact('en'));
    expect(impact.html).toMatch(new RegExp(`<tr data-cycle="${shop.hub.open.cycleId}">`));
    const [share] = await s.conn.db.all<{
      producers: number;
      total: number;
    }>(sql`SELECT sum(l.base_price_cents * l.quantity) AS producers, (SELECT sum(total_cents) FROM orders WHERE cycle_id = ${shop.hub.open.cycleId}) AS total
      FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.cycle_id = ${shop.hub.open.cycleId}`);
    const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(share!.producers / share!.total);
    expect(impact.html).toContain(`<strong>${percent}</strong>`);
  }, 90_000);

  it('records a build that fails as failed, with the reason, and leaves the pages as they were', async () => {
    const hub = shops[0]!.hub;
    const before = readFileSync(file(paths.shop('fr', hub.slug)), 'utf8');
    await s.conn.db.batch([
      s.conn.db.update(enterprises).set({ name: 'La Ruche, nouveau nom' }).where(eq(enterprises.id, hub.id)),
      ...markStaleStatements(s.conn.db, { kind: 'hub', enterpriseId: hub.id }, 'nom de la boutique'),
    ] as never);
    // The pages are rendered from a database that cannot be reached.
    const result = await rebuildCatalog({
      db: s.conn.db,
      databaseUrl: 'http://127.0.0.1:9/',
      dist: s.dist,
      serve: () => s.worker.reloadAssets(),
    });
    expect(result).toMatchObject({ state: 'failed' });
    const latest = await latestRebuild(s.conn.db);
    expect(latest).toMatchObject({ state: 'failed', error: expect.stringContaining('the page build failed') });
    expect(await pageStatus(s.conn.db, paths.shop('fr', hub.slug))).toMatchObject({ state: 'failed', error: latest!.error });
    expect(readFileSync(file(paths.shop('fr', hub.slug)), 'utf8')).toBe(before);
  }, 90_000);
});
