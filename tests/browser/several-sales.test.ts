// A shopper in a real Chromium at a hub selling two sales at once (the demo épicerie: its Felletin
// pickup and one at Royère-de-Vassivière): choosing the sale on the shop page, a cart for each, and a
// checkout that says which pickup the cart is for, or asks which cart when the shopper has two.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCyclesQuery, shopItems, type ShopCycle, type ShopItem } from '../../db/catalog/shop.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

/** The pages and the worker answer slower on a loaded machine: polls wait this long. */
const SLOW = { timeout: 15_000 };

let t: TestWorker;
let browser: Browser;
let shop: DemoShop;
let first: ShopCycle;
let second: ShopCycle;
let secondItems: ShopItem[];

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  for (const s of await openShops(t.conn.db)) {
    const sales = await openCyclesQuery(t.conn.db, s.hub.id, Date.now());
    if (sales.length === 2) [shop, first, second] = [s, sales[0]!, sales[1]!];
  }
  secondItems = await shopItems(t.conn.db, { hubId: shop.hub.id, cycleId: second.cycleId, outgoingId: second.outgoingId });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const addToCart = async (page: Page, item: ShopItem) => {
  const row = page.locator(`li.variant[data-variant-id="${item.variantId}"]`);
  // The add forms come as their category nears the screen.
  await row.scrollIntoViewIfNeeded();
  await row.getByRole('button', { name: 'Ajouter' }).click();
  await row.getByRole('button', { name: /Ajouté/ }).waitFor();
};

describe('a shopper at a hub with two open sales', () => {
  it('chooses the sale on the shop page, fills a cart in each, and each checkout says which pickup it is for', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.setDefaultTimeout(10_000);
    await page.goto(t.url + paths.shop('fr', shop.hub.slug));
    const chooser = page.getByRole('navigation', { name: /2 ventes en cours/ });
    await chooser.waitFor();
    expect(await chooser.getByRole('link').count()).toBe(2);
    expect(await chooser.locator('[aria-current="page"]').textContent()).toContain(first.collectionPlace);

    const a = shop.items.find((i) => !i.onDemand && i.onHand >= 10 && !secondItems.some((s) => s.variantId === i.variantId))!;
    await addToCart(page, a);
    await expect.poll(async () => page.locator('#cart-summary').textContent(), SLOW).toContain('1 article');

    await chooser.getByRole('link', { name: new RegExp(second.collectionPlace.split(',')[0]!) }).click();
    await page.waitForURL(`**${paths.shopCycle('fr', shop.hub.slug, second.cycleId)}`);
    await expect.poll(async () => page.locator('#shop-status').textContent(), SLOW).toContain(second.collectionPlace);
    // The other sale's cart is not this one's: the bar waits for something added here.
    expect(await page.locator('#cart-bar').isHidden()).toBe(true);
    const b = secondItems.find((i) => i.onDemand || i.onHand >= 10)!;
    await addToCart(page, b);
    await addToCart(page, b);
    await expect.poll(async () => page.locator('#cart-summary').textContent(), SLOW).toContain('2 articles');

    await page.getByRole('link', { name: /Voir le panier/ }).click();
    await page.getByRole('heading', { name: 'Votre panier' }).waitFor();
    await expect.poll(async () => page.locator('#pickup').textContent(), SLOW).toContain(second.collectionPlace);
    expect(await page.locator('#pickup').textContent()).toMatch(/^Retrait le \S+ \d+(er)? \S+, de \d\d:\d\d à \d\d:\d\d, /);
    await expect.poll(async () => page.locator('#cart').textContent(), SLOW).toContain(b.productName);
    expect(await page.locator('#cart').textContent()).not.toContain(a.productName);
    expect(await axeViolations(page)).toEqual([]);

    // Back to the first sale: its own cart, its own pickup.
    await page.goto(t.url + paths.shop('fr', shop.hub.slug));
    await expect.poll(async () => page.locator('#cart-summary').textContent(), SLOW).toContain('1 article');
    await page.getByRole('link', { name: /Voir le panier/ }).click();
    await expect.poll(async () => page.locator('#pickup').textContent(), SLOW).toContain(first.collectionPlace);
    await expect.poll(async () => page.locator('#cart').textContent(), SLOW).toContain(a.productName);

    // Reaching the checkout without saying which sale: the shopper picks one of the two carts.
    await page.goto(t.url + paths.checkout('fr', shop.hub.slug));
    const choice = page.getByRole('link', { name: new RegExp(second.collectionPlace.split(',')[0]!) });
    await choice.waitFor();
    expect(await page.locator('#cart a').count()).toBe(2);
    await choice.click();
    await expect.poll(async () => page.locator('#pickup').textContent(), SLOW).toContain(second.collectionPlace);
    await expect.poll(async () => page.locator('#cart').textContent(), SLOW).toContain(b.productName);
    await page.close();
  }, 90_000);

  it('shows the chooser in English too, on a laptop, with each sale’s pickup', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(t.url + paths.shopCycle('en', shop.hub.slug, second.cycleId));
    const chooser = page.getByRole('navigation', { name: /2 sales open/ });
    await chooser.waitFor();
    expect(await chooser.locator('[aria-current="page"]').textContent()).toContain(second.collectionPlace);
    expect(await chooser.getByRole('link', { name: new RegExp(first.collectionPlace.split(',')[0]!) }).getAttribute('href')).toBe(
      paths.shop('en', shop.hub.slug),
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
