// Pickup day in a real Chromium on a phone (375 px): the hub manager removes a missing item from an
// order, then cancels another behind its confirmation with a reason; the shopper's page says the hub
// cancelled it. Each page must fit the screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { signInFromMailbox } from '../support/mailbox.ts';
import { variantWithStock } from '../support/checkout.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';

const HUB = 'la-ruche-du-plateau';
let t: TestWorker;
let browser: Browser;

beforeAll(async () => {
  t = await startTestWorker({ bindings: { DEV_MAILBOX: '1' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function fits(page: Page, what: string) {
  const o = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(o.scrollWidth, `${what}: document wider than the screen`).toBeLessThanOrEqual(o.viewport);
}

describe('a hub manager on pickup day, on a phone', () => {
  it('removes a missing item, then cancels an order with a reason the shopper reads', async () => {
    const shop = await shopOf(t, HUB);
    const a = await variantWithStock(t.conn.db, shop, 10);
    const b = await variantWithStock(t.conn.db, shop, 10, [a.variantId]);
    const corrected = await placeOrder(t, shop, [
      { item: a, quantity: 1 },
      { item: b, quantity: 2 },
    ]);
    const cancelled = await placeOrder(t, shop, [{ item: a, quantity: 1 }], {
      name: 'Nina Roux',
      email: 'nina@example.org',
      phone: '06 00 00 00 01',
    });
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await signInFromMailbox(page, t.url, 'elise.bernard@example.org');

    await page.goto(`${t.url}/gestion/${HUB}/commandes/${corrected}`);
    await fits(page, 'order page');
    await page.getByLabel(`Quantité — ${b.productName}`).fill('0');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByText('Commande modifiée ; le client est prévenu par e-mail.').waitFor();
    await page.getByText(/Avoir 20\d\d-\d{5}/).waitFor();
    await page.screenshot({ path: '/tmp/pickup-day-corrected-375.png', fullPage: true });

    await page.goto(`${t.url}/gestion/${HUB}/commandes/${cancelled}`);
    await page.getByText('Annuler la commande…').click();
    await page.getByLabel('Motif (facultatif, lu par le client)').fill('producteur absent');
    await page.screenshot({ path: '/tmp/pickup-day-cancel-375.png', fullPage: true });
    await page.getByRole('button', { name: 'Annuler la commande' }).click();
    await page.getByText('Commande annulée ; le stock est rendu.').waitFor();

    await page.goto(`${t.url}/commandes/${cancelled}`);
    await page.getByText('La Ruche du Plateau a annulé votre commande. Motif : producteur absent').waitFor();
    await fits(page, 'shopper order page');
    await page.screenshot({ path: '/tmp/pickup-day-shopper-375.png', fullPage: true });
    await page.goto(`${t.url}/commandes/${cancelled}/facture`);
    await page.getByText(/cette facture est annulée par l’avoir/).click();
    await page.getByRole('heading', { name: /Avoir n° / }).waitFor();
    await fits(page, 'credit note');
    await page.screenshot({ path: '/tmp/pickup-day-credit-note-375.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${t.url}/en/manage/${HUB}/orders/${corrected}`);
    await page.screenshot({ path: '/tmp/pickup-day-order-en-1280.png', fullPage: true });
    await context.close();
  });
});
