// Fresh pages in production: an edit marks its pages stale and, with no rebuild run, the published shop
// page (its parts too) and producer page show the current data at once, through the worker in workerd,
// in both languages, at the price the cart charges; a database down leaves the page as published, saying
// so; the rebuild then republishes and the page is the plain static file again.
import { eq, sql } from 'drizzle-orm';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCycle } from '../../db/catalog/shop.ts';
import { markStaleStatements } from '../../db/publishing/stale-pages.ts';
import { orderCycles, products, variants } from '../../db/schema/index.ts';
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { formatMoney } from '../../domain/money.ts';
import { rebuildCatalog } from '../../scripts/catalog-rebuild.ts';
import { renderShopStatus } from '../../site/lib/render-shelf.ts';
import { messages } from '../../site/lib/i18n.ts';
import { SECURITY_HEADERS } from '../../worker/security-headers.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

const PRODUCER = 'gaec-du-puy-chabrol';
const LANGS: Lang[] = ['fr', 'en'];

let t: TestWorker;
let anne: Session;
let shop: DemoShop;

beforeAll(async () => {
  t = await startTestWorker({ ownDist: true });
  anne = await signIn(t, 'anne.delmas@example.org');
  const shops = await openShops(t.conn.db);
  shop = shops.find((s) => s.items.some((i) => i.producerSlug === PRODUCER && !i.onDemand))!;
  // A large shop's part 2, as the build publishes it: a complete page of the same shop.
  for (const lang of LANGS) {
    const dir = join(t.dist, 'client', paths.shopPart(lang, shop.hub.slug, 2).slice(1));
    mkdirSync(dir, { recursive: true });
    cpSync(join(t.dist, 'client', paths.shop(lang, shop.hub.slug).slice(1), 'index.html'), join(dir, 'index.html'));
  }
  await t.worker.reloadAssets();
}, 60_000);
afterAll(() => t?.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(t.url + path, { headers });
  return { status: res.status, headers: res.headers, html: await res.text() };
};

/** The row renderShelf writes for a variant, up to its price. */
const row = (lang: Lang, variantId: number, name: string, cents: number) =>
  `data-variant-id="${variantId}"><span class="name"${lang === 'en' ? ' lang="fr"' : ''}>${name}</span> <span class="price">${formatMoney(cents, lang)}</span>`;

/** Polls a page until `ok` says it shows what is expected; returns it and how long it took. */
async function until(path: string, ok: (html: string) => boolean, withinMs = 5_000) {
  const start = Date.now();
  for (;;) {
    const page = await get(path);
    if (ok(page.html) || Date.now() - start > withinMs) return { ...page, ms: Date.now() - start };
    await new Promise((r) => setTimeout(r, 100));
  }
}

const item = () => shop.items.find((i) => i.producerSlug === PRODUCER && !i.onDemand && i.onHand > 5)!;

async function currentVariant(id: number) {
  return (await t.conn.db.select().from(variants).where(eq(variants.id, id)))[0]!;
}

describe('a stale shop page', () => {
  it('shows a new price within 5 s without a rebuild, on the page and its parts, in French and English, at the price the cart charges', async () => {
    const it0 = item();
    const before = await get(paths.shop('fr', shop.hub.slug));
    expect(before.headers.get('comptoir-page')).toBeNull();
    expect(before.html).toContain(row('fr', it0.variantId, it0.variantName, it0.price.priceCents));

    const v = await currentVariant(it0.variantId);
    const edit = Date.now();
    const res = await as(t, anne, 'PATCH', `/api/manage/producers/${PRODUCER}/variants`, {
      variants: [{ id: v.id, priceCents: v.priceCents + 137, onHand: v.onHand, onDemand: v.onDemand }],
    });
    expect(res.status).toBe(200);

    const cart = await t.call('POST', '/api/carts', { hub: shop.hub.slug });
    const line = await t.call('POST', `/api/carts/${cart.body.id}/lines`, { variantId: it0.variantId, quantity: 1 });
    const charged = line.body.lines.find((l: { variantId: number }) => l.variantId === it0.variantId).unitPriceCents as number;
    expect(charged).toBeGreaterThan(it0.price.priceCents);

    for (const lang of LANGS)
      for (const path of [paths.shop(lang, shop.hub.slug), paths.shopPart(lang, shop.hub.slug, 2)]) {
        const page = await until(path, (html) => html.includes(row(lang, it0.variantId, it0.variantName, charged)));
        expect(page.html, path).toContain(row(lang, it0.variantId, it0.variantName, charged));
        expect(page.html).not.toContain(row(lang, it0.variantId, it0.variantName, it0.price.priceCents));
        expect(Date.now() - edit).toBeLessThan(5_000);
        expect(page.headers.get('comptoir-page')).toBe('patched');
        expect(page.headers.get('set-cookie')).toBeNull();
        expect(page.headers.get('etag')).toBeNull();
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(page.headers.get(name), name).toBe(value);
      }
    // The checkout pages stay the static files.
    expect((await get(paths.checkout('fr', shop.hub.slug))).status).toBe(200);
  });

  it('shows a variant sold out once its stock is set to zero, and the cart refuses it', async () => {
    const it0 = shop.items.find((i) => i.producerSlug === PRODUCER && !i.onDemand && i.variantId !== item().variantId)!;
    const v = await currentVariant(it0.variantId);
    await as(t, anne, 'PATCH', `/api/manage/producers/${PRODUCER}/variants`, {
      variants: [{ id: v.id, priceCents: v.priceCents, onHand: 0, onDemand: false }],
    });
    for (const lang of LANGS) {
      const soldOut = `<span class="stock"><span class="badge out">${messages[lang].soldOut}</span></span>`;
      const page = await until(
        paths.shop(lang, shop.hub.slug),
        (html) => new RegExp(`data-variant-id="${it0.variantId}">[\\s\\S]*?</li>`).exec(html)?.[0].includes(soldOut) ?? false,
      );
      expect(new RegExp(`data-variant-id="${it0.variantId}">[\\s\\S]*?</li>`).exec(page.html)![0]).toContain(soldOut);
    }
    const cart = await t.call('POST', '/api/carts', { hub: shop.hub.slug });
    const add = await t.call('POST', `/api/carts/${cart.body.id}/lines`, { variantId: it0.variantId, quantity: 1 });
    expect(add.status).toBe(409);
    expect(add.body.code).toBe('OUT_OF_STOCK');
  });

  it('shows a variant archived since publication as no longer offered, with no price', async () => {
    const it0 = shop.items.find((i) => i.producerSlug === PRODUCER && i.variantId !== item().variantId && i.onDemand) ?? shop.items.at(-1)!;
    await t.conn.db.batch([
      t.conn.db.update(variants).set({ archivedAt: Date.now() }).where(eq(variants.id, it0.variantId)),
      ...markStaleStatements(t.conn.db, { kind: 'variant', variantId: it0.variantId }, 'variante archivée'),
    ] as never);
    const gone = (lang: Lang) =>
      `<li class="variant unavailable" data-variant-id="${it0.variantId}" data-unavailable=""><span class="name"${lang === 'en' ? ' lang="fr"' : ''}>`;
    for (const lang of LANGS) {
      const page = await until(paths.shop(lang, shop.hub.slug), (html) => html.includes(gone(lang)));
      const li = new RegExp(`data-variant-id="${it0.variantId}"[\\s\\S]*?</li>`).exec(page.html)![0];
      expect(li).toContain(lang === 'fr' ? 'Plus proposé' : 'No longer offered');
      expect(li).not.toContain('class="price"');
    }
    await t.conn.db.update(variants).set({ archivedAt: null }).where(eq(variants.id, it0.variantId));
  });

  it('writes the status banner as the build does, and follows a cycle that closes meanwhile', async () => {
    const cycle = (await openCycle(t.conn.db, shop.hub.id, Date.now()))!;
    for (const lang of LANGS) {
      const page = await get(paths.shop(lang, shop.hub.slug));
      const banner = /<div class="banner" id="shop-status">([\s\S]*?)<\/div>/.exec(page.html)![1]!;
      // Astro puts white space between the elements; the markup is the same.
      expect(banner.replace(/>\s+</g, '><').trim()).toBe(renderShopStatus(lang, { open: cycle, next: null }));
    }
    const saved = (await t.conn.db.select().from(orderCycles).where(eq(orderCycles.id, cycle.cycleId)))[0]!;
    await t.conn.db.batch([
      t.conn.db
        .update(orderCycles)
        .set({ closesAt: Date.now() - 60_000, opensAt: Date.now() - 86_400_000 })
        .where(eq(orderCycles.id, cycle.cycleId)),
      ...markStaleStatements(t.conn.db, { kind: 'cycle', cycleId: cycle.cycleId }, 'cycle clos'),
    ] as never);
    for (const lang of LANGS) {
      const page = await until(paths.shop(lang, shop.hub.slug), (html) => html.includes('data-state="closed"'));
      expect(page.html).toContain('data-state="closed"');
      expect(page.html).toContain(messages[lang].shopClosed);
      expect(page.html).not.toContain('id="shelves"');
      expect(page.html).not.toContain('class="price"');
    }
    await t.conn.db.update(orderCycles).set({ opensAt: saved.opensAt, closesAt: saved.closesAt }).where(eq(orderCycles.id, cycle.cycleId));
    await t.conn.db.run(sql`DELETE FROM stale_pages`);
    await new Promise((r) => setTimeout(r, 1_100));
  });
});

describe('a stale producer page', () => {
  it('names a product renamed since publication, in French and English', async () => {
    const it0 = item();
    await t.conn.db.batch([
      t.conn.db.update(products).set({ name: 'Tomme du Puy affinée', updatedAt: Date.now() }).where(eq(products.id, it0.productId)),
      ...markStaleStatements(t.conn.db, { kind: 'product', productId: it0.productId }, 'produit renommé'),
    ] as never);
    for (const lang of LANGS) {
      const link = `href="${paths.product(lang, PRODUCER, it0.productSlug)}"${lang === 'en' ? ' lang="fr"' : ''}>Tomme du Puy affinée</a>`;
      const page = await until(paths.producer(lang, PRODUCER), (html) => html.includes(link));
      expect(page.html).toContain(link);
      expect(page.headers.get('comptoir-page')).toBe('patched');
    }
  });
});

describe('a rebuild', () => {
  it('clears the stale marks: the page is the plain static file again, with its ETag and 304', async () => {
    const it0 = item();
    const result = await rebuildCatalog({ db: t.conn.db, databaseUrl: t.dbUrl, dist: t.dist, serve: () => t.worker.reloadAssets() });
    expect(result).toMatchObject({ state: 'published' });
    expect((await t.conn.db.all(sql`SELECT path FROM stale_pages`)).length).toBe(0);
    const now = (await openShops(t.conn.db)).find((s) => s.hub.id === shop.hub.id)!.items.find((i) => i.variantId === it0.variantId)!;
    await new Promise((r) => setTimeout(r, 1_100));
    const path = paths.shop('fr', shop.hub.slug);
    const page = await get(path);
    expect(page.headers.get('comptoir-page')).toBeNull();
    expect(page.html).toContain(row('fr', it0.variantId, it0.variantName, now.price.priceCents));
    const etag = page.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await get(path, { 'if-none-match': etag! })).status).toBe(304);
  }, 120_000);
});

describe('a database down', () => {
  it('serves the shop page as published, saying its prices are as of publication, while the cart answers 503', async () => {
    const down = await startTestWorker({ bindings: { DATABASE_URL: 'http://127.0.0.1:9/' } });
    try {
      for (const lang of LANGS) {
        const res = await fetch(down.url + paths.shop(lang, shop.hub.slug));
        const html = await res.text();
        expect(res.status).toBe(200);
        expect(res.headers.get('comptoir-page')).toBe('as-published');
        expect(html).toContain('id="as-of-publication"');
        expect(html).toContain('class="price"');
      }
      expect((await down.call('POST', '/api/carts', { hub: shop.hub.slug })).status).toBe(503);
    } finally {
      await down.close();
    }
  }, 60_000);
});
