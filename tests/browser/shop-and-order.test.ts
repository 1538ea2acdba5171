// A shopper in a real Chromium: home → a hub's shop → two products in the cart → order with payment
// at collection → the confirmation shows the right total. Also: browsing works with JavaScript off.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleFeeList } from '../../db/catalog/shop.ts';
import { formatMoney } from '../../domain/money.ts';
import { orderTotals } from '../../domain/pricing.ts';
import { launchChromium } from '../support/browser.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let browser: Browser;
let shop: DemoShop;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  const shops = await openShops(t.conn.db);
  shop = shops.find((s) => !s.options.termsText && s.options.minOrderCents === 0 && s.options.payment.some((p) => p.kind === 'offline'))!;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The shop page with the requests matching `pattern` held until `release()`: a slow network, on cue. */
async function shopWithHeld(pattern: string) {
  const page = await browser.newPage();
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  let count = 0;
  await page.route(pattern, async (route) => {
    count++;
    await held;
    await route.continue();
  });
  await page.goto(`${t.url}/boutiques/${shop.hub.slug}/`);
  const [a, b] = shop.items.filter((i) => !i.onDemand && i.onHand >= 10) as [DemoShop['items'][number], DemoShop['items'][number]];
  const row = (i: typeof a) => page.locator(`li.variant[data-variant-id="${i.variantId}"]`);
  return {
    page,
    a,
    b,
    row,
    release,
    heldCount: () => count,
    add: (i: typeof a) => row(i).getByRole('button', { name: 'Ajouter' }).click(),
  };
}

describe('a shopper', () => {
  it('orders two products with payment at collection and sees the confirmation with the right total', async () => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(t.url) && !r.url().startsWith('data:')) external.push(r.url());
    });

    await page.goto(`${t.url}/`);
    await page.getByRole('link', { name: shop.hub.name }).click();
    await expect.poll(() => page.url()).toContain(`/boutiques/${shop.hub.slug}/`);
    await page.getByRole('heading', { level: 1, name: shop.hub.name }).waitFor();

    const [a, b] = shop.items.filter((i) => !i.onDemand && i.onHand >= 10);
    for (const item of [a!, b!]) {
      const row = page.locator(`li.variant[data-variant-id="${item.variantId}"]`);
      await expect.poll(() => row.getByText(formatMoney(item.price.priceCents), { exact: true }).count()).toBe(1);
      await row.getByRole('button', { name: 'Ajouter' }).click();
      await row.getByRole('button', { name: /Ajouté/ }).waitFor();
    }
    await expect.poll(() => page.locator('#cart-summary').textContent()).toContain('2 articles');

    await page.getByRole('link', { name: /Voir le panier/ }).click();
    await page.getByRole('heading', { name: 'Votre panier' }).waitFor();
    await page.getByLabel('Nom et prénom').fill('Camille Martin');
    await page.getByLabel('Adresse e-mail').fill('camille@example.org');
    await page.getByLabel('Téléphone').fill('06 12 34 56 78');
    const pickup = shop.options.shipping.find((m) => m.kind === 'pickup')!;
    const offline = shop.options.payment.find((m) => m.kind === 'offline')!;
    await page.locator(`#ship-${pickup.id}`).check();
    await page.locator(`#pay-${offline.id}`).check();

    const expected = orderTotals(
      [a!, b!].map((i) => ({ variantId: i.variantId, quantity: 1, price: i.price })),
      await cycleFeeList(t.conn.db, shop.hub.open.cycleId),
      shop.hub.id,
      { feeCents: pickup.feeCents, vatRateBp: pickup.vatRateBp },
    ).totalCents;
    await expect.poll(() => page.getByTestId('checkout-total').textContent()).toBe(formatMoney(expected));

    await page.getByRole('button', { name: 'Valider la commande' }).click();
    await page.waitForURL(/\/commandes\/ord_[0-9A-Za-z]{22}$/);
    await page.getByRole('heading', { name: /Merci, votre commande est enregistrée/ }).waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe(formatMoney(expected));
    expect(await page.getByTestId('payment-state').textContent()).toContain('En attente de paiement');
    expect(await page.content()).toContain(a!.productName);
    expect(external).toEqual([]);
    await page.close();
  });

  it('can add to the cart while a photo of the first screen never finishes loading', async () => {
    // The island starts once the page has loaded; a photo stuck on a poor network must not hold it back.
    const page = await browser.newPage();
    let stalled = 0;
    await page.route('**/images/**', () => {
      stalled++; // never answered
    });
    await page.goto(`${t.url}/boutiques/${shop.hub.slug}/`, { waitUntil: 'domcontentloaded' });
    const item = shop.items.find((i) => !i.onDemand && i.onHand >= 10)!;
    const row = page.locator(`li.variant[data-variant-id="${item.variantId}"]`);
    await row.getByRole('button', { name: 'Ajouter' }).click({ timeout: 10_000 });
    await row.getByRole('button', { name: /Ajouté/ }).waitFor();
    expect(stalled).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
    await page.close();
  });

  it('keeps both products when they are added before the shop has said what is in stock', async () => {
    // The live state is asked as the island starts; on a slow network the shopper adds first. Its late
    // answer (no cart yet, when it was asked) must not make the page forget the cart the first add made.
    const s = await shopWithHeld('**/api/shops/*/live*');
    await s.add(s.a);
    await s
      .row(s.a)
      .getByRole('button', { name: /Ajouté/ })
      .waitFor();
    const answered = s.page.waitForResponse((r) => r.url().includes('/live'));
    s.release();
    await answered;
    await s.add(s.b);
    await s
      .row(s.b)
      .getByRole('button', { name: /Ajouté/ })
      .waitFor();
    await expect.poll(() => s.page.locator('#cart-summary').textContent()).toContain('2 articles');
    await s.page.close();
  });

  it('keeps both products when the second is added before the cart for the first exists', async () => {
    // Two quick taps on a slow network: both adds find no cart yet. They must share the one the first makes.
    const s = await shopWithHeld('**/api/carts');
    await s.add(s.a);
    await s.add(s.b);
    s.release();
    await s
      .row(s.b)
      .getByRole('button', { name: /Ajouté/ })
      .waitFor();
    await expect.poll(() => s.page.locator('#cart-summary').textContent()).toContain('2 articles');
    expect(s.heldCount()).toBe(1);
    await s.page.close();
  });

  it('browses a shop with JavaScript off: products, prices and unit prices are all there', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${t.url}/boutiques/${shop.hub.slug}/`);
    const item = shop.items[0]!;
    const row = page.locator(`li.variant[data-variant-id="${item.variantId}"]`);
    expect(await row.locator('.price').textContent()).toBe(formatMoney(item.price.priceCents));
    expect(await row.locator('.unit-price').textContent()).toMatch(/€\/(kg|L|pièce)$/);
    expect(await page.locator('li.variant').count()).toBe(shop.items.length);
    // The add buttons need the island; without it they stay hidden rather than failing.
    expect(await row.locator('form.add').isVisible()).toBe(false);
    await context.close();
  });
});
