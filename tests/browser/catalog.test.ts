// The catalog in a real Chromium against the built site and the worker: filters and search with and
// without JavaScript, the live overlay (stock, closing while the page is open, a failed check), the
// language switch, and zero axe-core violations on every page type in both languages.
import { eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderCycles, variants } from '../../db/schema/index.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { formatMoney } from '../../domain/money.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let browser: Browser;
let shops: DemoShop[];

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  shops = await openShops(t.conn.db);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The shop with the most producers, so filtering has something to hide. */
const richest = () =>
  [...shops].sort((a, b) => new Set(b.items.map((i) => i.producerId)).size - new Set(a.items.map((i) => i.producerId)).size)[0]!;

async function visibleVariantIds(page: Page): Promise<number[]> {
  return page.$$eval('li.variant', (rows) =>
    rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => Number((r as HTMLElement).dataset.variantId)),
  );
}

describe('filters and search', () => {
  it('filter by producer and search as you type, with JavaScript', async () => {
    const shop = richest();
    const page = await browser.newPage();
    await page.goto(t.url + paths.shop('fr', shop.hub.slug));
    await page.locator('form.add').first().waitFor();

    const producer = shop.items[shop.items.length - 1]!;
    await page.getByLabel('Producteur', { exact: true }).selectOption(String(producer.producerId));
    const theirs = shop.items.filter((i) => i.producerId === producer.producerId);
    await expect.poll(() => visibleVariantIds(page), { timeout: 10_000 }).toEqual(theirs.map((i) => i.variantId));
    // Counted in products, not in variants.
    const products = new Set(theirs.map((i) => i.productId)).size;
    await expect
      .poll(() => page.locator('#f-count').textContent(), { timeout: 10_000 })
      .toBe(products > 1 ? `${products} produits affichés` : '1 produit affiché');

    await page.getByLabel('Producteur', { exact: true }).selectOption('');
    const target = shop.items.find((i) => /[éèê]/.test(i.productName)) ?? shop.items[0]!;
    const word = target.productName.split(/\s+/).sort((a, b) => b.length - a.length)[0]!;
    // Typed without accents, in capitals: still found.
    await page.getByLabel('Rechercher', { exact: true }).fill(
      word
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toUpperCase(),
    );
    const plain = (s: string) =>
      s
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
    // A product is found whole when a word of its names begins with the one typed.
    const foundProducts = new Set(
      shop.items
        .filter((i) => ` ${plain(`${i.productName} ${i.producerName} ${i.variantName}`)}`.includes(` ${plain(word)}`))
        .map((i) => i.productId),
    );
    const expected = shop.items.filter((i) => foundProducts.has(i.productId)).map((i) => i.variantId);
    await expect.poll(() => visibleVariantIds(page), { timeout: 10_000 }).toEqual(expected);

    await page.getByLabel('Rechercher', { exact: true }).fill('introuvable-xyz');
    await expect
      .poll(() => page.locator('#f-count').textContent(), { timeout: 10_000 })
      .toBe('Aucun produit ne correspond à ces critères.');
    await page.close();
  });

  it('filter by category, producer and label with JavaScript off, and search through the server', async () => {
    const shop = richest();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(t.url + paths.shop('fr', shop.hub.slug));
    const producer = shop.items[0]!;
    await page.getByLabel('Producteur', { exact: true }).selectOption(String(producer.producerId));
    expect(await visibleVariantIds(page)).toEqual(shop.items.filter((i) => i.producerId === producer.producerId).map((i) => i.variantId));
    await page.getByLabel('Producteur', { exact: true }).selectOption('');
    const category = shop.items[shop.items.length - 1]!.categorySlug;
    await page.getByLabel('Catégorie', { exact: true }).selectOption(category);
    expect(await visibleVariantIds(page)).toEqual(shop.items.filter((i) => i.categorySlug === category).map((i) => i.variantId));
    await page.getByLabel('Catégorie', { exact: true }).selectOption('');
    const labels = await page.locator('#f-l option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value).filter(Boolean));
    if (labels.length) {
      await page.getByLabel('Label', { exact: true }).selectOption(labels[0]!);
      const shown = await visibleVariantIds(page);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.length).toBeLessThan(shop.items.length);
      await page.getByLabel('Label', { exact: true }).selectOption('');
    }

    const item = shop.items[1]!;
    await page.getByLabel('Rechercher', { exact: true }).fill(item.productName);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('heading', { level: 1, name: 'Résultats de la recherche' }).waitFor();
    expect(await page.locator(`li.variant[data-variant-id="${item.variantId}"] .price`).textContent()).toBe(
      formatMoney(item.price.priceCents),
    );
    const others = shop.items.filter(
      (i) => i.productId !== item.productId && !i.productName.includes(item.productName) && !i.producerName.includes(item.productName),
    );
    for (const other of others) expect(await page.locator(`li.variant[data-variant-id="${other.variantId}"]`).count()).toBe(0);
    await context.close();
  });
});

describe('the live overlay', () => {
  it('shows what is sold out now, though the page was built with stock', async () => {
    const shop = shops[0]!;
    const overridden = new Set(
      (await t.conn.db.all<{ v: number }>(sql`SELECT variant_id AS v FROM variant_overrides WHERE hub_id = ${shop.hub.id}`)).map(
        (r) => r.v,
      ),
    );
    const item = shop.items.find((i) => !i.onDemand && i.onHand > 10 && !overridden.has(i.variantId))!;
    await t.conn.db.update(variants).set({ onHand: 0 }).where(eq(variants.id, item.variantId));
    const page = await browser.newPage();
    await page.goto(t.url + paths.shop('fr', shop.hub.slug));
    const row = page.locator(`li.variant[data-variant-id="${item.variantId}"]`);
    await expect.poll(() => row.locator('.badge').textContent(), { timeout: 10_000 }).toBe('Épuisé');
    expect(await row.getByRole('button', { name: 'Ajouter' }).isDisabled()).toBe(true);
    await t.conn.db.update(variants).set({ onHand: item.onHand }).where(eq(variants.id, item.variantId));
    await page.close();
  });

  it('says so when the live check fails, and the page stays usable', async () => {
    const page = await browser.newPage();
    await page.route('**/api/shops/*/live**', (route) => route.abort());
    await page.goto(t.url + paths.shop('en', shops[0]!.hub.slug));
    await page.getByText('Stock and opening could not be checked live').waitFor();
    expect(await page.locator('li.variant').count()).toBe(shops[0]!.items.length);
    await page.close();
  });

  it('closes the shop on the page when the cycle ends while it is open', async () => {
    const shop = shops[1]!;
    const page = await browser.newPage();
    await t.conn.db
      .update(orderCycles)
      .set({ closesAt: Date.now() + 4000 })
      .where(eq(orderCycles.id, shop.hub.open.cycleId));
    await page.goto(t.url + paths.shop('fr', shop.hub.slug));
    await page.locator('form.add button').first().waitFor();
    expect(await page.locator('form.add button').first().isDisabled()).toBe(false);
    await page.getByText('Les commandes sont closes pour ce cycle de vente.').waitFor({ timeout: 15_000 });
    expect(await page.locator('form.add button:not([disabled])').count()).toBe(0);
    await t.conn.db.update(orderCycles).set({ closesAt: shop.hub.open.closesAt }).where(eq(orderCycles.id, shop.hub.open.cycleId));
    await page.close();
  }, 30_000);
});

describe('every page type', () => {
  it('has no axe-core violation, in French and in English, and no third-party request', async () => {
    const item = shops[0]!.items[0]!;
    const pages = (['fr', 'en'] as const).flatMap((l) => [
      paths.home(l),
      paths.hubs(l),
      paths.producers(l),
      paths.impact(l),
      paths.shop(l, shops[0]!.hub.slug),
      paths.producer(l, item.producerSlug),
      paths.product(l, item.producerSlug, item.productSlug),
      `${paths.home(l)}${l === 'fr' ? 'producteurs' : 'producers'}/no-such-producer/`,
      paths.product(l, item.producerSlug, 'no-such-product'),
    ]);
    pages.push(`/api/shops/${shops[0]!.hub.slug}/search?lang=fr&q=a`);
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(t.url) && !r.url().startsWith('data:')) external.push(r.url());
    });
    for (const path of pages) {
      await page.goto(t.url + path);
      expect(await axeViolations(page, { strict: true }), path).toEqual([]);
    }
    // The shop with the island's forms in place; then where the money goes, the product page its link leads to.
    await page.goto(t.url + paths.shop('fr', shops[0]!.hub.slug));
    await page.locator('form.add').first().waitFor();
    expect(await axeViolations(page, { strict: true })).toEqual([]);
    await page.getByRole('link', { name: 'Où va l’argent\u202f?' }).first().click();
    await page.locator(`section.offer[aria-labelledby="o-${shops[0]!.hub.slug}"] table.breakdown`).first().waitFor();
    expect(await axeViolations(page, { strict: true })).toEqual([]);
    expect(external).toEqual([]);
    expect(await page.context().cookies()).toEqual([]);
    await page.close();
  }, 120_000);

  it('takes a shopper from a shop to a product’s page, rendered by the worker with the shop’s current price, in both languages', async () => {
    const shop = shops[0]!;
    // The first row of its product on the shelf, so the first row of the product page's table too.
    const item = shop.items[0]!;
    const page = await browser.newPage();
    for (const lang of ['fr', 'en'] as const) {
      await page.goto(t.url + paths.shop(lang, shop.hub.slug));
      await page
        .locator(`a[href="${paths.product(lang, item.producerSlug, item.productSlug)}"]`)
        .first()
        .click();
      await page.waitForURL(t.url + paths.product(lang, item.producerSlug, item.productSlug));
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      const offer = page.locator(`section.offer[aria-labelledby="o-${shop.hub.slug}"]`);
      await offer.getByRole('link', { name: shop.hub.name }).waitFor();
      expect(await offer.locator('td.num').first().textContent()).toBe(formatMoney(item.price.priceCents, lang));
    }
    // The producer changes the price: the page shows it on the next visit, with no rebuild (within the
    // data centre's few seconds of cache).
    const [{ price }] = (await t.conn.db.select({ price: variants.priceCents }).from(variants).where(eq(variants.id, item.variantId))) as [
      { price: number },
    ];
    await t.conn.db
      .update(variants)
      .set({ priceCents: price + 50 })
      .where(eq(variants.id, item.variantId));
    const fresh = (await openShops(t.conn.db)).find((s) => s.hub.id === shop.hub.id)!.items.find((i) => i.variantId === item.variantId)!;
    const offer = page.locator(`section.offer[aria-labelledby="o-${shop.hub.slug}"] td.num`).first();
    await expect
      .poll(
        async () => {
          await page.reload();
          return offer.textContent();
        },
        { timeout: 5_000, interval: 500 },
      )
      .toBe(formatMoney(fresh.price.priceCents, 'en'));
    await t.conn.db.update(variants).set({ priceCents: price }).where(eq(variants.id, item.variantId));
    await page.close();
  }, 60_000);

  it('switches language to the same page', async () => {
    const item = shops[0]!.items[0]!;
    const page = await browser.newPage();
    await page.goto(t.url + paths.product('fr', item.producerSlug, item.productSlug));
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(t.url + paths.product('en', item.producerSlug, item.productSlug));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('heading', { name: 'Where to buy it' }).waitFor();
    await page.close();
  });
});
