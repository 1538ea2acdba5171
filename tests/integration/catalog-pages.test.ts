// The catalog as the worker serves it, checked against the demo co-op in the database: prices and unit
// prices on the pre-rendered shop pages (French and English), the breakdown of every price where their
// links lead (the product pages), product pages (rendered by the worker when asked for, fresh at once), producer pages, lists, the language
// switch; and the shop API behind the pages: the live overlay and the search for browsers without JavaScript.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCyclesQuery } from '../../db/catalog/shop.ts';
import { cycleOutgoing, variants } from '../../db/schema/index.ts';
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { formatMoney } from '../../domain/money.ts';
import { formatUnitPrice } from '../../domain/units.ts';
import { closeCycle, openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let shops: DemoShop[];

beforeAll(async () => {
  t = await startTestWorker();
  shops = await openShops(t.conn.db);
});
afterAll(() => t?.close());

async function page(path: string) {
  const res = await fetch(t.url + path);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The markup of one variant row: everything up to its closing tag (rows hold no nested list). */
function variantRow(html: string, variantId: number): string | null {
  const m = html.match(new RegExp(`<li class="variant" data-variant-id="${variantId}">([\\s\\S]*?)</li>`));
  return m ? m[1]! : null;
}

/** The offer of a shop on a product page: its section, up to the section's end (sections hold no nested one). */
function offerSection(html: string, hubSlug: string): string | null {
  const m = html.match(new RegExp(`<section class="offer" aria-labelledby="o-${hubSlug}"[\\s\\S]*?</section>`));
  return m ? m[0] : null;
}

/** The breakdown table of a variant's price in a product page's offer. */
function breakdownTable(offer: string, variantId: number): string | null {
  const m = offer.match(new RegExp(`<table class="breakdown" data-variant-id="${variantId}">([\\s\\S]*?)</table>`));
  return m ? m[1]! : null;
}

/** Amounts in a breakdown table, in order, as cents. */
function breakdown(row: string, lang: Lang): Array<{ label: string; cents: number }> {
  return [...row.matchAll(/<tr><th scope="row">(.*?)<\/th><td>(.*?)<\/td><\/tr>/g)].map((m) => ({
    label: m[1]!,
    cents: cents(m[2]!, lang),
  }));
}

function cents(money: string, lang: Lang): number {
  const digits = lang === 'fr' ? money.replace(/[^\d,]/g, '').replace(',', '.') : money.replace(/[^\d.]/g, '');
  return Math.round(Number(digits) * 100);
}

describe('shop pages', () => {
  it('show every public variant at the database’s price, with its unit price and a link to a breakdown that adds up to it', async () => {
    const productPages = new Map<string, Promise<{ status: number; html: string }>>();
    const productPage = (path: string) => productPages.get(path) ?? productPages.set(path, page(path)).get(path)!;
    for (const shop of shops) {
      for (const lang of ['fr', 'en'] as const) {
        const { status, html } = await page(paths.shop(lang, shop.hub.slug));
        expect(status).toBe(200);
        expect(html).toContain(`<html lang="${lang}"`);
        expect((html.match(/<li class="variant"/g) ?? []).length).toBe(shop.items.length);
        for (const item of shop.items) {
          const row = variantRow(html, item.variantId);
          expect(row, `${item.productName} ${item.variantName}`).not.toBeNull();
          expect(row).toContain(`<span class="price">${formatMoney(item.price.priceCents, lang)}</span>`);
          expect(row).toContain(
            `<span class="unit-price">${formatUnitPrice(item.price.priceCents, item.unitKind, item.unitValue, lang)}</span>`,
          );
          // The product's link to where the money goes leads to this shop's offer on the product page.
          const product = paths.product(lang, item.producerSlug, item.productSlug);
          expect(html).toContain(
            `<a class="money" href="${product}#o-${shop.hub.slug}">${lang === 'fr' ? 'Où va l’argent\u202f?' : 'Where does the money go?'}</a>`,
          );
          const productHtml = await productPage(product);
          expect(productHtml.status).toBe(200);
          const offer = offerSection(productHtml.html, shop.hub.slug);
          expect(offer, `${shop.hub.slug} on ${product}`).not.toBeNull();
          const table = breakdownTable(offer!, item.variantId);
          expect(table, `${item.productName} ${item.variantName} on ${product}`).not.toBeNull();
          const lines = breakdown(table!, lang);
          const vat = lines.pop()!;
          // Producer's share plus every fee is the price; the VAT is included in it.
          expect(lines.reduce((s, l) => s + l.cents, 0)).toBe(item.price.priceCents);
          expect(lines[0]!.cents).toBe(item.price.basePriceCents);
          expect(lines.slice(1).map((l) => l.cents)).toEqual(item.price.fees.map((f) => f.amountCents));
          expect(vat.cents).toBe(item.price.vatCents);
        }
      }
    }
  });

  it('never list a variant a hub keeps for tagged customers', async () => {
    const [rule] = await t.conn.db.all<{ hubSlug: string; variantId: number }>(
      sql`SELECT h.slug AS hubSlug, r.variant_id AS variantId FROM tag_variant_rules r JOIN enterprises h ON h.id = r.hub_id`,
    );
    expect(rule).toBeDefined();
    const { html } = await page(paths.shop('fr', rule!.hubSlug));
    expect(html).not.toContain(`data-variant-id="${rule!.variantId}"`);
  });

  it('offer filters that work without JavaScript, a language switch, and no cookie or third-party resource', async () => {
    const shop = shops[0]!;
    const { html, headers } = await page(paths.shop('fr', shop.hub.slug));
    expect(headers.get('set-cookie')).toBeNull();
    expect(html).toMatch(/<form id="filters"[^>]*role="search"/);
    for (const id of ['f-q', 'f-c', 'f-p']) expect(html).toContain(`<label for="${id}">`);
    // One CSS rule per choice does the filtering when scripts are off.
    expect(html).toContain(
      `#filters:has(#f-p :is([value="${shop.items[0]!.producerId}"]):checked)~#shelves .product:not([data-p="${shop.items[0]!.producerId}"])`,
    );
    expect(html).toContain(`<a href="${paths.shop('en', shop.hub.slug)}" hreflang="en" lang="en"`);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(html).toContain(`href="${paths.checkout('fr', shop.hub.slug)}"`);
  });
});

describe('product and producer pages', () => {
  /** A variant two shops sell at different prices, when the demo has one. */
  const sharedItem = () => {
    const [a, b] = shops;
    return (
      a!.items.find((i) => b!.items.some((j) => j.variantId === i.variantId && j.price.priceCents !== i.price.priceCents)) ?? a!.items[0]!
    );
  };
  const priceCells = (item: DemoShop['items'][number], lang: Lang) =>
    `<td class="num">${formatMoney(item.price.priceCents, lang)}</td><td class="num">${formatUnitPrice(item.price.priceCents, item.unitKind, item.unitValue, lang)}</td>`;

  it('show a product’s price and unit price in each shop that sells it, as that shop charges it, in both languages', async () => {
    const shared = sharedItem();
    for (const lang of ['fr', 'en'] as const) {
      const { status, html, headers } = await page(paths.product(lang, shared.producerSlug, shared.productSlug));
      expect(status).toBe(200);
      expect(html).toContain(`<html lang="${lang}"`);
      for (const shop of shops) {
        const item = shop.items.find((i) => i.variantId === shared.variantId);
        if (!item) continue;
        const section = html.slice(html.indexOf(`id="o-${shop.hub.slug}"`));
        expect(section).toContain(priceCells(item, lang));
      }
      expect(html).toContain(`href="${paths.producer(lang, shared.producerSlug)}"`);
      // The language switch leads to the same product in the other language.
      const other = lang === 'fr' ? 'en' : 'fr';
      expect(html).toContain(
        `<a href="${paths.product(other, shared.producerSlug, shared.productSlug)}" hreflang="${other}" lang="${other}"`,
      );
      expect(headers.get('set-cookie')).toBeNull();
      expect(headers.get('cache-control')).toBe('public, max-age=0, s-maxage=2');
      // Nothing from elsewhere: the only absolute addresses are the language alternates, on the site's own origin.
      const absolute = [...html.matchAll(/(?:src|href)="((?:https?:)?\/\/[^"]*)"/g)].map((m) => m[1]!);
      expect(absolute.every((u) => u.startsWith(`${t.url}/`))).toBe(true);
      expect(html).toContain(
        `<link rel="alternate" hreflang="${other}" href="${t.url}${paths.product(other, shared.producerSlug, shared.productSlug)}"/>`,
      );
    }
  });

  it('are rendered by the worker, not published as files, while producer pages stay static', async () => {
    const shared = sharedItem();
    const client = join(t.dist, 'client');
    expect(existsSync(join(client, paths.product('fr', shared.producerSlug, shared.productSlug).slice(1)))).toBe(false);
    const producerDir = join(client, paths.producer('fr', shared.producerSlug).slice(1));
    expect(readdirSync(producerDir)).toEqual(['index.html']);
    // The worker's responses carry a request id; the static files do not run the worker.
    expect((await page(paths.product('fr', shared.producerSlug, shared.productSlug))).headers.get('x-request-id')).not.toBeNull();
    const producer = await page(paths.producer('fr', shared.producerSlug));
    expect(producer.status).toBe(200);
    expect(producer.headers.get('x-request-id')).toBeNull();
    // One URL per page: without its trailing slash, a product page redirects to it.
    const bare = await fetch(t.url + paths.product('en', shared.producerSlug, shared.productSlug).slice(0, -1), { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe(paths.product('en', shared.producerSlug, shared.productSlug));
  });

  it('show a price change within seconds, with no rebuild', async () => {
    const shared = sharedItem();
    const path = (lang: Lang) => paths.product(lang, shared.producerSlug, shared.productSlug);
    for (const lang of ['fr', 'en'] as const) expect((await page(path(lang))).status).toBe(200); // cached now, if it can be
    const [{ rebuilds }] = (await t.conn.db.all(sql`SELECT count(*) AS rebuilds FROM catalog_rebuilds`)) as [{ rebuilds: number }];
    const [{ price }] = (await t.conn.db
      .select({ price: variants.priceCents })
      .from(variants)
      .where(eq(variants.id, shared.variantId))) as [{ price: number }];
    // A producer's price change as the database sees it, with no page marked stale and nothing rebuilt.
    await t.conn.db
      .update(variants)
      .set({ priceCents: price + 37 })
      .where(eq(variants.id, shared.variantId));
    const now = await openShops(t.conn.db);
    const started = Date.now();
    for (const lang of ['fr', 'en'] as const) {
      for (const shop of now) {
        const item = shop.items.find((i) => i.variantId === shared.variantId);
        if (!item) continue;
        // Within the data centre cache's few seconds: the promise is « fresh within 5 s ».
        const section = async () => {
          const { html } = await page(path(lang));
          return html.slice(html.indexOf(`id="o-${shop.hub.slug}"`));
        };
        await expect.poll(section, { timeout: 5_000, interval: 250 }).toContain(priceCells(item, lang));
      }
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    const [{ after }] = (await t.conn.db.all(sql`SELECT count(*) AS after FROM catalog_rebuilds`)) as [{ after: number }];
    expect(after).toBe(rebuilds);
  });

  it('answer a readable 404 in the page’s language for an unknown product or producer, and keep no secret in it', async () => {
    const item = shops[0]!.items[0]!;
    for (const [lang, title] of [
      ['fr', 'Page introuvable'],
      ['en', 'Page not found'],
    ] as const) {
      for (const path of [paths.product(lang, item.producerSlug, 'nothing-here'), paths.product(lang, 'nobody-here', item.productSlug)]) {
        const res = await page(path);
        expect(res.status, path).toBe(404);
        expect(res.html).toContain(`<html lang="${lang}"`);
        expect(res.html).toContain(title);
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
    }
    // An archived product has no page any more (once the data centre's few seconds of cache are over).
    await t.conn.db.run(sql`UPDATE products SET archived_at = ${Date.now()} WHERE id = ${item.productId}`);
    await expect
      .poll(async () => (await page(paths.product('fr', item.producerSlug, item.productSlug))).status, { timeout: 5_000, interval: 250 })
      .toBe(404);
    await t.conn.db.run(sql`UPDATE products SET archived_at = NULL WHERE id = ${item.productId}`);
  });

  it('show a producer’s products and the shops selling them', async () => {
    const item = shops[0]!.items[0]!;
    const { html } = await page(paths.producer('fr', item.producerSlug));
    expect(html).toContain(`href="${paths.product('fr', item.producerSlug, item.productSlug)}"`);
    expect(html).toContain(`href="${paths.shop('fr', shops[0]!.hub.slug)}"`);
    expect(html).toContain('boutique ouverte');
  });

  it('list hubs and producers, and publish the impact page, in both languages', async () => {
    const home = await page('/');
    for (const shop of shops) expect(home.html).toContain(`href="${paths.shop('fr', shop.hub.slug)}"`);
    const producers = await t.conn.db.all<{ slug: string }>(sql`SELECT slug FROM enterprises WHERE is_producer`);
    const list = await page(paths.producers('en'));
    for (const p of producers) expect(list.html).toContain(`href="${paths.producer('en', p.slug)}"`);
    const impact = await page(paths.impact('fr'));
    expect(impact.status).toBe(200);
    expect(impact.html).toContain('producteurs actifs');
    expect((await page('/en/producers/nobody-here/')).status).toBe(404);
    expect((await page('/en/producers/nobody-here/')).html).toContain('Page not found');
  });
});

describe('GET /api/shops/:hub/live', () => {
  it('tells the page what it cannot know: open now, the variants nearly or fully sold out', async () => {
    const shop = shops[0]!;
    const overridden = new Set(
      (await t.conn.db.all<{ v: number }>(sql`SELECT variant_id AS v FROM variant_overrides WHERE hub_id = ${shop.hub.id}`)).map(
        (r) => r.v,
      ),
    );
    const target = shop.items.find((i) => !i.onDemand && i.onHand > 10 && !overridden.has(i.variantId))!;
    await t.conn.db.update(variants).set({ onHand: 2 }).where(eq(variants.id, target.variantId));
    const res = await t.call('GET', `/api/shops/${shop.hub.slug}/live`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ open: true, cycle: { closesAt: shop.hub.open.closesAt }, cart: null });
    expect(res.body.stock[target.variantId]).toBe(2);
    // The answer stays small whatever the size of the shop: only the low stocks are listed.
    expect(Object.keys(res.body.stock).length).toBeLessThan(shop.items.length);
  });

  it('says closed, with the next opening, once the cycle is over', async () => {
    const shop = shops[1]!;
    // Every sale the hub has open (a hub may sell several at once).
    for (const c of await openCyclesQuery(t.conn.db, shop.hub.id, Date.now())) await closeCycle(t.conn.db, c.cycleId);
    const res = await t.call('GET', `/api/shops/${shop.hub.slug}/live`);
    expect(res.body).toMatchObject({ open: false, cycle: null, nextCycle: { opensAt: expect.any(Number) } });
  });

  it('refuses an unknown shop and a malformed cart id', async () => {
    const missing = await t.call('GET', '/api/shops/no-such-shop/live');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const bad = await t.call('GET', `/api/shops/${shops[0]!.hub.slug}/live?cart=nope`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('cart');
  });
});

describe('GET /api/shops/:hub/search (no JavaScript)', () => {
  it('finds products across the shop, accents or not, and filters by category', async () => {
    const shop = shops[0]!;
    const item = shop.items.find((i) => /[éèêàâôûç]/i.test(i.productName)) ?? shop.items[0]!;
    const word = item.productName.split(/\s+/).find((w) => /[éèêàâôûç]/i.test(w)) ?? item.productName.split(/\s+/)[0]!;
    const plain = word
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    const res = await fetch(`${t.url}/api/shops/${shop.hub.slug}/search?lang=fr&q=${encodeURIComponent(plain)}&category=&producer=&label=`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(variantRow(html, item.variantId)).toContain(formatMoney(item.price.priceCents));
    const other = shop.items.find(
      (i) =>
        !i.productName.toLowerCase().includes(plain) &&
        !i.producerName.toLowerCase().includes(plain) &&
        !i.variantName.toLowerCase().includes(plain),
    );
    if (other) expect(html).not.toContain(`data-variant-id="${other.variantId}"`);

    const byCategory = await (await fetch(`${t.url}/api/shops/${shop.hub.slug}/search?lang=en&category=${item.categorySlug}`)).text();
    const inCategory = shop.items.filter((i) => i.categorySlug === item.categorySlug);
    expect((byCategory.match(/<li class="variant"/g) ?? []).length).toBe(inCategory.length);
    expect(byCategory).toContain('<html lang="en"');
  });

  it('lists nothing of a members-only sale', async () => {
    const shop = shops[0]!;
    await t.conn.db
      .update(cycleOutgoing)
      .set({ requiredTag: 'adhérent' })
      .where(and(eq(cycleOutgoing.id, shop.hub.open.outgoingId)));
    const html = await (await fetch(`${t.url}/api/shops/${shop.hub.slug}/search?q=`)).text();
    expect(html).not.toContain('class="variant"');
    expect(html).toContain('La boutique est fermée');
    await t.conn.db.update(cycleOutgoing).set({ requiredTag: null }).where(eq(cycleOutgoing.id, shop.hub.open.outgoingId));
  });

  it('refuses a search it cannot run, with field messages', async () => {
    const slug = shops[0]!.hub.slug;
    for (const [query, field] of [
      [`q=${'x'.repeat(81)}`, 'q'],
      ['lang=de', 'lang'],
      ['producer=abc', 'producer'],
      ['sort=price', ''],
    ] as const) {
      const res = await t.call('GET', `/api/shops/${slug}/search?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.code).toBe('VALIDATION');
      if (field) expect(res.body.errors[0].field).toBe(field);
    }
  });
});
