// What a shopper meets while the local server reloads its assets after a catalog change (workerd
// restarts under `npm start`): every request, page or API call with a body, gets a real answer; and a
// republished page served without that restart: the new page at once, and no 304 for the old one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markStaleStatements } from '../../db/publishing/stale-pages.ts';
import { variants } from '../../db/schema/index.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { formatMoney } from '../../domain/money.ts';
import { rebuildCatalog } from '../../scripts/catalog-rebuild.ts';
import type { ShopItem } from '../../db/catalog/shop.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let shop: DemoShop;

beforeAll(async () => {
  t = await startTestWorker();
  shop = (await openShops(t.conn.db))[0]!;
});
afterAll(() => t?.close());

interface Outcome {
  what: string;
  status: number | string;
}

/** Requests with a few connections, as shoppers would, until `until()`; every outcome is kept. */
async function shoppers(connections: number, until: () => boolean): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const asks: Array<[string, () => Promise<Response>]> = [
    [`GET ${shop.hub.slug} shop page`, () => fetch(`${t.url}/boutiques/${shop.hub.slug}/`)],
    ['GET /api/health', () => fetch(`${t.url}/api/health`)],
    [
      'POST /api/carts',
      () =>
        fetch(`${t.url}/api/carts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ hub: shop.hub.slug }),
        }),
    ],
  ];
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = c; !until(); i++) {
        const [what, ask] = asks[i % asks.length]!;
        try {
          const res = await ask();
          await res.arrayBuffer();
          outcomes.push({ what, status: res.status });
        } catch (err) {
          outcomes.push({ what, status: (err as { cause?: { code?: string } }).cause?.code ?? String(err) });
        }
      }
    }),
  );
  return outcomes;
}

describe('the local server during an asset reload', () => {
  it('answers every request, none refused or cut, while workerd restarts again and again', async () => {
    let reloading = true;
    const outcomes = shoppers(6, () => !reloading);
    for (let n = 0; n < 3; n++) {
      await new Promise((r) => setTimeout(r, 300));
      await t.worker.reloadAssets();
    }
    reloading = false;
    const all = await outcomes;
    const failed = all.filter((o) => typeof o.status !== 'number' || o.status >= 500);
    expect(all.length).toBeGreaterThan(18);
    expect(failed).toEqual([]);
    expect(new Set(all.map((o) => o.status))).toEqual(new Set([200, 201]));
  }, 180_000);

  it('still answers after the reloads, on the same address', async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect(res.status).toBe(200);
  });
});

describe('a page republished under npm start (the rebuilder, the asset server not restarted)', () => {
  let r: TestWorker;
  beforeAll(async () => {
    r = await startTestWorker({ ownDist: true });
  }, 60_000);
  afterAll(() => r?.close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(r.url + path, { headers });
    return { status: res.status, etag: res.headers.get('etag'), page: res.headers.get('comptoir-page'), html: await res.text() };
  };
  /** The row renderShelf writes for a variant, up to its price (French). */
  const priceRow = (item: ShopItem, cents: number) =>
    `data-variant-id="${item.variantId}"><span class="name">${item.variantName}</span> <span class="price">${formatMoney(cents, 'fr')}</span>`;

  /** A price change of one of the shop's variants (not overridden by the hub), rebuilt as the watcher does. */
  async function changePrice(shop: DemoShop, variantId: number, cents: number) {
    await r.conn.db.batch([
      r.conn.db.update(variants).set({ priceCents: cents }).where(eq(variants.id, variantId)),
      ...markStaleStatements(r.conn.db, { kind: 'variant', variantId }, 'test: prix modifié'),
    ] as never);
    let restarted: boolean | undefined;
    const result = await rebuildCatalog({
      db: r.conn.db,
      databaseUrl: r.dbUrl,
      dist: r.dist,
      serve: async (files) => void ({ restarted } = await r.worker.reloadAssets(files)),
    });
    expect(result).toMatchObject({ state: 'published' });
    const shown = (await openShops(r.conn.db)).find((s) => s.hub.id === shop.hub.id)!.items.find((i) => i.variantId === variantId)!;
    return { restarted, shownCents: shown.price.priceCents };
  }

  it('serves the new page at once, and a browser revalidating the old one gets the new page, never a 304', async () => {
    const shop = (await openShops(r.conn.db))[0]!;
    const overridden = new Set(
      (await r.conn.db.all<{ v: number }>(sql`SELECT variant_id AS v FROM variant_overrides WHERE hub_id = ${shop.hub.id}`)).map(
        (o) => o.v,
      ),
    );
    const item = shop.items.find((i) => !overridden.has(i.variantId))!;
    const [{ cents }] = (await r.conn.db.select({ cents: variants.priceCents }).from(variants).where(eq(variants.id, item.variantId))) as [
      { cents: number },
    ];
    const path = paths.shop('fr', shop.hub.slug);
    const before = await get(path);
    expect(before.status).toBe(200);
    expect(before.html).toContain(priceRow(item, item.price.priceCents));
    expect(before.etag).toBeTruthy();
    expect((await get(path, { 'if-none-match': before.etag! })).status).toBe(304);

    const first = await changePrice(shop, item.variantId, cents + 37);
    expect(first.restarted).toBe(false);
    const revalidated = await get(path, { 'if-none-match': before.etag! });
    expect(revalidated.status).toBe(200);
    expect(revalidated.page).toBeNull(); // the published file, not a patched page
    expect(revalidated.html).toContain(priceRow(item, first.shownCents));
    expect(revalidated.etag).toBeTruthy();
    expect(revalidated.etag).not.toBe(before.etag);
    // Its own ETag still saves the download while the page stays as it is.
    expect((await get(path, { 'if-none-match': revalidated.etag! })).status).toBe(304);

    // Republished again: the version the browser holds is the old one now.
    const second = await changePrice(shop, item.variantId, cents + 52);
    expect(second.restarted).toBe(false);
    const again = await get(path, { 'if-none-match': revalidated.etag! });
    expect(again.status).toBe(200);
    expect(again.html).toContain(priceRow(item, second.shownCents));
    expect(again.etag).not.toBe(revalidated.etag);
    expect((await get(path, { 'if-none-match': before.etag! })).status).toBe(200);
  }, 120_000);

  it('restarts the asset server for a new page, which is then served', async () => {
    const rel = 'boutiques/page-toute-neuve/index.html';
    mkdirSync(join(r.dist, 'client', dirname(rel)), { recursive: true });
    writeFileSync(join(r.dist, 'client', rel), '<!doctype html><title>Nouvelle</title><p>Nouvelle page</p>');
    expect(await r.worker.reloadAssets([rel])).toEqual({ restarted: true });
    const page = await get('/boutiques/page-toute-neuve/');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Nouvelle page');
  }, 60_000);
});
