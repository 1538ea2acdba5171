// Checkout in a real Chromium against the built site and worker: delivery with terms and a minimum,
// paid at collection, in English; card payment unavailable without Stripe; and the card flow through
// the (fake) Stripe payment page and back, completed by a signed webhook, or abandoned and retried
// without losing the cart.
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variants } from '../../db/schema/index.ts';
import { formatMoney } from '../../domain/money.ts';
import { launchChromium } from '../support/browser.ts';
import { card, cardShop, cartWith, offline, variantWithStock } from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let browser: Browser;
let plain: TestWorker;
let paying: TestWorker;
let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  [browser, plain, paying] = await Promise.all([launchChromium(), startTestWorker(), startTestWorker({ bindings: fake.bindings })]);
  fake.webhookUrl = `${paying.url}/api/webhooks/stripe`;
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([plain?.close(), paying?.close()]);
  await fake?.close();
});

/** A page that records every request leaving the site (the payment page aside, which is Stripe's). */
async function openPage(t: TestWorker): Promise<{ page: Page; external: string[] }> {
  const page = await browser.newPage();
  const external: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(t.url) && !url.startsWith('data:') && !url.startsWith(fake.url)) external.push(url);
  });
  return { page, external };
}

async function fillContact(page: Page, lang: 'fr' | 'en') {
  await page.getByLabel(lang === 'fr' ? 'Nom et prénom' : 'Full name').fill('Camille Martin');
  await page.getByLabel(lang === 'fr' ? 'Adresse e-mail' : 'E-mail address').fill('camille@example.org');
  await page.getByLabel(lang === 'fr' ? 'Téléphone' : 'Phone').fill('06 12 34 56 78');
}

describe('paying at collection', () => {
  it('orders delivery in English: the summary is the server’s, the terms are required, the order page and invoice follow', async () => {
    const drive = (await openShops(plain.conn.db)).find(
      (s) => s.options.termsText && s.options.shipping.some((m) => m.kind === 'delivery'),
    )!;
    const item = await variantWithStock(plain.conn.db, drive, 40);
    const quantity = Math.ceil(drive.options.minOrderCents / item.price.priceCents) + 1;
    const cartId = await cartWith(plain, drive, [[item.variantId, quantity]]);
    const delivery = drive.options.shipping.find((m) => m.kind === 'delivery')!;
    const { page, external } = await openPage(plain);

    await page.goto(`${plain.url}/en/shops/${drive.hub.slug}/checkout/?cart=${cartId}`);
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await fillContact(page, 'en');
    await page.locator(`#ship-${delivery.id}`).check();
    const expected = (await plain.call('POST', `/api/carts/${cartId}/quote`, { shippingMethodId: delivery.id })).body;
    await expect.poll(() => page.getByTestId('checkout-total').textContent()).toBe(formatMoney(expected.totalCents, 'en'));
    await page.getByLabel('Address', { exact: true }).fill('3 rue des Tilleuls');
    await page.getByLabel('Postcode').fill('19260');
    await page.getByLabel('Town').fill('Treignac');
    await page.locator(`#pay-${offline(drive).id}`).check();

    // Terms not accepted: a clear message by the checkbox, nothing placed.
    await page.getByRole('button', { name: 'Place the order' }).click();
    await expect.poll(() => page.locator('[data-error-for="acceptTerms"]').textContent()).toBe('Accept the shop’s terms of sale.');
    await page.getByLabel(`I accept the terms of sale of ${drive.hub.name}`).check();
    await page.getByRole('button', { name: 'Place the order' }).click();

    await page.waitForURL(/\/en\/orders\/ord_[0-9A-Za-z]{22}$/);
    await page.getByRole('heading', { name: 'Thank you, your order is placed' }).waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe(formatMoney(expected.totalCents, 'en'));
    expect(await page.getByTestId('payment-state').textContent()).toContain('Awaiting payment');
    expect(await page.content()).toContain('3 rue des Tilleuls, 19260 Treignac');
    await page.getByRole('link', { name: /^Invoice no\. \d{4}-\d{5}$/ }).click();
    await page.getByRole('heading', { name: /^Invoice no\./ }).waitFor();
    expect(await page.getByTestId('total-ttc').textContent()).toBe(formatMoney(expected.totalCents, 'en'));
    expect(external).toEqual([]);
    await page.close();
  });

  it('shows card payment disabled, with the reason, when Stripe is not configured', async () => {
    const ruche = await cardShop(plain.conn.db);
    const item = await variantWithStock(plain.conn.db, ruche, 20);
    const cartId = await cartWith(plain, ruche, [[item.variantId, 1]]);
    const { page } = await openPage(plain);
    await page.goto(`${plain.url}/boutiques/${ruche.hub.slug}/commande/?panier=${cartId}`);
    await page.getByRole('heading', { name: 'Votre panier' }).waitFor();
    // Every payment radio is disabled in the HTML until the page's quote says which can be used: wait
    // for the reason the quote writes, then look at the radio (polling the radio alone passed at once).
    await expect
      .poll(() => page.locator(`[data-method-note="${card(ruche).id}"]`).textContent())
      .toContain('Le paiement par carte n’est pas disponible pour le moment');
    expect(await page.locator(`#pay-${card(ruche).id}`).isDisabled()).toBe(true);
    expect(await page.locator(`#pay-${offline(ruche).id}`).isChecked()).toBe(true);
    await page.close();
  });
});

describe('paying by card', () => {
  let ruche: DemoShop;
  beforeAll(async () => {
    ruche = await cardShop(paying.conn.db);
  });

  it('goes to the payment page and back, and the signed webhook completes the order', async () => {
    const item = await variantWithStock(paying.conn.db, ruche, 20);
    const cartId = await cartWith(paying, ruche, [[item.variantId, 2]]);
    const { page, external } = await openPage(paying);
    await page.goto(`${paying.url}/boutiques/${ruche.hub.slug}/commande/?panier=${cartId}`);
    await page.getByRole('heading', { name: 'Votre panier' }).waitFor();
    await fillContact(page, 'fr');
    await page.locator(`#pay-${card(ruche).id}`).check();
    const total = (await paying.call('POST', `/api/carts/${cartId}/quote`, {})).body.totalCents as number;
    const pay = page.getByRole('button', { name: `Payer ${formatMoney(total)} par carte` });
    await pay.waitFor();
    await pay.click();

    // Stripe's page (the fake's), then back to the order page, which waits for the webhook.
    await page.waitForURL(new RegExp(`^${fake.url}/c/pay/cs_test_`));
    await page.getByRole('button', { name: `Payer ${formatMoney(total)}` }).click();
    await page.waitForURL(/\/commandes\/ord_[0-9A-Za-z]{22}\?paiement=ok$/);
    await page.getByRole('heading', { name: /Merci, votre commande est confirmée et payée|Paiement en cours de confirmation/ }).waitFor();
    await page.getByRole('heading', { name: 'Merci, votre commande est confirmée et payée' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('payment-state').textContent()).toBe('Carte bancaire — Payée');
    expect(await page.getByTestId('order-total').textContent()).toBe(formatMoney(total));
    expect(await page.getByTestId('invoice').textContent()).toMatch(/Facture n° \d{4}-\d{5}/);
    expect(external).toEqual([]);
    await page.close();
  });

  it('lets a shopper who left the payment page change the cart and pay at collection instead, cart intact', async () => {
    const item = await variantWithStock(paying.conn.db, ruche, 20);
    const cartId = await cartWith(paying, ruche, [[item.variantId, 3]]);
    const { page } = await openPage(paying);
    await page.goto(`${paying.url}/boutiques/${ruche.hub.slug}/commande/?panier=${cartId}`);
    await fillContact(page, 'fr');
    await page.locator(`#pay-${card(ruche).id}`).check();
    await page.getByRole('button', { name: /par carte$/ }).click();
    await page.waitForURL(new RegExp(`^${fake.url}/c/pay/`));
    await page.getByRole('link', { name: 'Retour' }).click();

    await page.waitForURL(/\/commandes\/ord_[0-9A-Za-z]{22}\?paiement=annule$/);
    await page.getByRole('heading', { name: 'Votre paiement n’est pas terminé' }).waitFor();
    // Back to the checkout page by its own path: the page says a payment is under way.
    await page.goto(`${paying.url}/boutiques/${ruche.hub.slug}/commande/`);
    await page.getByText('Un paiement par carte est en cours pour ce panier').waitFor();
    await page.getByRole('link', { name: 'Voir la commande et le paiement' }).click();
    await page.getByRole('button', { name: 'Modifier le panier ou payer autrement' }).click();

    await page.waitForURL(new RegExp(`/boutiques/${ruche.hub.slug}/commande/`));
    const row = page.locator(`tr[data-variant-id="${item.variantId}"]`);
    await row.waitFor();
    expect(await row.locator('input[data-qty]').inputValue()).toBe('3');
    await fillContact(page, 'fr');
    await page.locator(`#pay-${offline(ruche).id}`).check();
    await page.getByRole('button', { name: 'Valider la commande' }).click();
    await page.waitForURL(/\/commandes\/ord_[0-9A-Za-z]{22}$/);
    await page.getByRole('heading', { name: 'Merci, votre commande est enregistrée' }).waitFor();
    await page.close();
  });

  it('shows what changed when the stock fell below the cart, instead of dropping the line', async () => {
    const item = await variantWithStock(paying.conn.db, ruche, 20);
    const cartId = await cartWith(paying, ruche, [[item.variantId, 4]]);
    // Another shopper took most of it meanwhile.
    await paying.conn.db.update(variants).set({ onHand: 2 }).where(eq(variants.id, item.variantId));
    const { page } = await openPage(paying);
    await page.goto(`${paying.url}/boutiques/${ruche.hub.slug}/commande/?panier=${cartId}`);
    const row = page.locator(`tr[data-variant-id="${item.variantId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('line-problem').textContent()).toBe('Il n’en reste que 2 : réduisez la quantité.');
    expect(await page.locator('#checkout-alert').textContent()).toContain('Votre panier a changé');
    expect(await page.locator('#place-order').isDisabled()).toBe(true);
    await row.locator('input[data-qty]').fill('2');
    await row.locator('input[data-qty]').press('Tab');
    await expect.poll(() => page.locator('#place-order').isDisabled()).toBe(false);
    await page.close();
  });
});
