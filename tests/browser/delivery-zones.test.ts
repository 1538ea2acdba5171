// A shopper in a real Chromium and the Ruche's delivery around Felletin: the shop page says what
// delivery needs, the checkout shows when the cycle collects or delivers, each method's fee and
// conditions, refuses an address outside the zone beside the postcode (in French and English), and
// shows only the methods the cycle offers.
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleOutgoingPaymentMethods, cycleOutgoingShippingMethods } from '../../db/schema/index.ts';
import { formatMoney } from '../../domain/money.ts';
import { launchChromium } from '../support/browser.ts';
import { cartWith, variantWithStock } from '../support/checkout.ts';
import type { DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
const DELIVERY = 4;
const CARD = 2;
let t: TestWorker;
let browser: Browser;
let ruche: DemoShop;
const used: number[] = [];

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestWorker(), launchChromium()]);
  ruche = await shopOf(t, HUB);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function cartOf(cents: number): Promise<string> {
  const item = await variantWithStock(t.conn.db, ruche, 200, used);
  used.push(item.variantId);
  return cartWith(t, ruche, [[item.variantId, Math.ceil(cents / item.price.priceCents)]]);
}

async function fillContact(page: Page, lang: 'fr' | 'en') {
  await page.getByLabel(lang === 'fr' ? 'Nom et prénom' : 'Full name').fill('Camille Martin');
  await page.getByLabel(lang === 'fr' ? 'Adresse e-mail' : 'E-mail address').fill('camille@example.org');
  await page.getByLabel(lang === 'fr' ? 'Téléphone' : 'Phone').fill('06 12 34 56 78');
}

describe('delivery around Felletin', () => {
  it('says on the shop page what delivery needs', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/boutiques/${HUB}/`);
    expect(await page.locator('#shop-minimums').textContent()).toBe(
      `Livraison dès ${formatMoney(2500)} d’achats · livraison offerte dès ${formatMoney(4500)} d’achats`,
    );
    await page.goto(`${t.url}/en/shops/${HUB}/`);
    expect(await page.locator('#shop-minimums').textContent()).toBe(
      `Delivery on orders from ${formatMoney(2500, 'en')} · free delivery from ${formatMoney(4500, 'en')}`,
    );
    await page.close();
  });

  it('refuses an address outside the zone beside the postcode, then delivers inside it, with the date shown', async () => {
    const cartId = await cartOf(3000);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${t.url}/boutiques/${HUB}/commande/?panier=${cartId}`);
    await page.getByRole('heading', { name: 'Votre panier' }).waitFor();
    // A pickup is said once, under the heading; the delivery's own line replaces it once chosen.
    await expect.poll(() => page.locator('#pickup').textContent()).toMatch(/^Retrait le .+, de \d\d:\d\d à \d\d:\d\d, La Ruche du Plateau/);
    expect(await page.getByTestId('collection-when').isHidden()).toBe(true);
    await fillContact(page, 'fr');
    await page.getByLabel(/Livraison autour de Felletin/).check();
    await expect.poll(() => page.getByTestId('collection-when').textContent()).toMatch(/^Livraison le /);
    const label = page.locator('label[for="ship-4"]');
    expect(await label.textContent()).toContain(formatMoney(350));
    expect(await label.textContent()).toContain(`offerte dès ${formatMoney(4500)} de produits · minimum ${formatMoney(2500)} de produits`);
    await page.getByLabel('Adresse', { exact: true }).fill('12 rue Oberkampf');
    await page.getByLabel('Code postal').fill('75011');
    await page.getByLabel('Commune').fill('Paris');
    await page.getByRole('button', { name: 'Valider la commande' }).click();

    const beside = page.locator('[data-error-for="address.postalCode"]');
    await expect
      .poll(() => beside.textContent())
      .toBe(
        '« Livraison autour de Felletin » ne livre pas ce code postal. Zone servie : 23500, 23200, Felletin, Aubusson, Saint-Quentin-la-Chabanne.',
      );
    expect(await page.locator('#checkout-alert').textContent()).toBe('Vérifiez les champs signalés.');
    // The message sits with the postcode field, inside the address block, visible at phone width.
    expect(await beside.isVisible()).toBe(true);

    await page.getByLabel('Code postal').fill('23500');
    await page.getByLabel('Commune').fill('Felletin');
    await page.getByRole('button', { name: 'Valider la commande' }).click();
    await page.waitForURL(/\/commandes\/ord_[0-9A-Za-z]{22}$/);
    expect(await page.content()).toContain('12 rue Oberkampf, 23500 Felletin');
    await page.close();
  });

  it('says the refusal in English on the English checkout', async () => {
    const cartId = await cartOf(3000);
    const page = await browser.newPage();
    await page.goto(`${t.url}/en/shops/${HUB}/checkout/?cart=${cartId}`);
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await fillContact(page, 'en');
    await page.locator(`#ship-${DELIVERY}`).check();
    await page.getByLabel('Address', { exact: true }).fill('1 Main Street');
    await page.getByLabel('Postcode').fill('75011');
    await page.getByLabel('Town').fill('Paris');
    await page.getByRole('button', { name: 'Place the order' }).click();
    await expect
      .poll(() => page.locator('[data-error-for="address.postalCode"]').textContent())
      .toBe(
        '“Livraison autour de Felletin” does not deliver to this address. It delivers to: 23500, 23200, Felletin, Aubusson, Saint-Quentin-la-Chabanne.',
      );
    await page.close();
  });

  it('frees the delivery from 45 € of products, in the label and the summary', async () => {
    const cartId = await cartOf(4600);
    const page = await browser.newPage();
    await page.goto(`${t.url}/boutiques/${HUB}/commande/?panier=${cartId}`);
    await page.locator(`#ship-${DELIVERY}`).check();
    await expect.poll(() => page.locator(`[data-fee-for="${DELIVERY}"]`).textContent()).toBe('gratuit');
    expect(await page.locator('#summary').textContent()).not.toContain('Livraison autour de Felletin');
    await page.close();
  });

  it('shows only the methods the cycle offers', async () => {
    const outgoingId = ruche.hub.open.outgoingId;
    await t.conn.db
      .delete(cycleOutgoingShippingMethods)
      .where(and(eq(cycleOutgoingShippingMethods.outgoingId, outgoingId), eq(cycleOutgoingShippingMethods.methodId, DELIVERY)));
    await t.conn.db
      .delete(cycleOutgoingPaymentMethods)
      .where(and(eq(cycleOutgoingPaymentMethods.outgoingId, outgoingId), eq(cycleOutgoingPaymentMethods.methodId, CARD)));
    const cartId = await cartOf(3000);
    const page = await browser.newPage();
    await page.goto(`${t.url}/boutiques/${HUB}/commande/?panier=${cartId}`);
    await page.locator('#ship-1').waitFor();
    expect(await page.locator(`#ship-${DELIVERY}`).count()).toBe(0);
    expect(await page.locator(`#pay-${CARD}`).isVisible()).toBe(false);
    expect(await page.locator('#pay-1').isChecked()).toBe(true);
    await page.close();
  });
});
