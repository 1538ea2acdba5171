// The pickup-day grid in a real Chromium on a phone (390 px), JavaScript off: the hub manager removes
// an item a producer did not bring and types the real weight of a chicken, saves once, and the
// credit note and the supplementary invoice follow. Then the same grid on a laptop and in English.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatQuantity } from '../../domain/units.ts';
import { launchChromium } from '../support/browser.ts';
import { signInFromMailbox } from '../support/mailbox.ts';
import { variantWithStock } from '../support/checkout.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { placeOrder, shopOf } from '../support/orders.ts';
import { shortRef } from '../../worker/pages/order-text.ts';

const HUB = 'la-ruche-du-plateau';
// Screenshots for a person to look at (phone and laptop, both languages), outside the repository.
const SHOTS = '/tmp/comptoir-shots/grid';
let t: TestWorker;
let browser: Browser;

beforeAll(async () => {
  t = await startTestWorker({ bindings: { DEV_MAILBOX: '1' } });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function fits(page: Page, what: string) {
  const o = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(o.scrollWidth, `${what}: document wider than the screen`).toBeLessThanOrEqual(o.viewport);
}

describe('a hub manager corrects orders in the pickup-day grid, on a phone', () => {
  it('removes a missing item and sets a chicken’s weight in one save; the credit note and the invoice follow', async () => {
    const shop = await shopOf(t, HUB);
    const chicken = shop.items.find((i) => i.unitKind === 'weight' && !i.onDemand && i.onHand > 0)!;
    expect(chicken, 'a product sold by weight in the demo shop').toBeTruthy();
    const kept = await variantWithStock(t.conn.db, shop, 10, [chicken.variantId]);
    const missing = await variantWithStock(t.conn.db, shop, 10, [chicken.variantId, kept.variantId]);
    const weighed = await placeOrder(
      t,
      shop,
      [
        { item: chicken, quantity: 1 },
        { item: kept, quantity: 1 },
      ],
      { name: 'Zoé Grille', email: 'zoe.grille@example.org', phone: '06 00 00 00 02' },
    );
    const short = await placeOrder(
      t,
      shop,
      [
        { item: kept, quantity: 1 },
        { item: missing, quantity: 2 },
      ],
      { name: 'Zacharie Grille', email: 'zacharie.grille@example.org', phone: '06 00 00 00 03' },
    );
    const grams = chicken.unitValue + 300;
    const typed = String(grams / 1000).replace('.', ',');

    // No script at all: the grid is a plain form.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signInFromMailbox(page, t.url, 'elise.bernard@example.org');
    await page.goto(`${t.url}/gestion/${HUB}/cycles/${shop.hub.open.cycleId}/commandes`);
    await page.getByRole('link', { name: 'Grille de retrait (corriger quantités et poids)' }).click();
    await page.getByLabel('Client ou référence').fill('Grille');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('heading', { name: /Grille de retrait/ }).waitFor();
    await fits(page, 'grid');

    const shortBlock = page.getByRole('region', { name: `${shortRef(short)} — Zacharie Grille` });
    const weighedBlock = page.getByRole('region', { name: `${shortRef(weighed)} — Zoé Grille` });
    await shortBlock.getByLabel(`Quantité — ${missing.productName}`).fill('0');
    await weighedBlock.getByLabel(`Poids réel en kg — ${chicken.productName}`).fill(typed);
    await page.screenshot({ path: `${SHOTS}/grid-fr-390-typed.png`, fullPage: true });
    await page.getByRole('button', { name: 'Enregistrer la grille' }).click();
    await page.getByText('2 commande(s) modifiée(s) ; les clients sont prévenus par e-mail.').waitFor();
    await fits(page, 'grid after saving');
    // The grid shows the orders as they are now: the missing line gone, the chicken weighed.
    await expect(shortBlock.getByLabel(`Quantité — ${missing.productName}`).count()).resolves.toBe(0);
    await weighedBlock.getByText(`pesé : ${formatQuantity('weight', grams, 'fr')}`).waitFor();
    await page.screenshot({ path: `${SHOTS}/grid-fr-390-saved.png`, fullPage: true });

    // The missing item's credit note, referencing the invoice.
    await shortBlock.getByRole('link', { name: shortRef(short) }).click();
    await page.getByRole('link', { name: /^Avoir 20\d\d-\d{5}$/ }).click();
    await page.getByRole('heading', { name: /Avoir n° / }).waitFor();
    await page.getByText(/Avoir se rapportant à la facture n° 20\d\d-\d{5}/).waitFor();
    await page.getByText(missing.productName).first().waitFor();
    await fits(page, 'credit note');
    await page.screenshot({ path: `${SHOTS}/credit-note-fr-390.png`, fullPage: true });

    // The chicken's supplementary invoice at its real weight.
    await page.goto(`${t.url}/gestion/${HUB}/commandes/${weighed}`);
    await page
      .getByTestId('documents')
      .getByRole('link', { name: /^Facture 20\d\d-\d{5}$/ })
      .last()
      .click();
    await page.getByText(/Facture complémentaire à la facture n° 20\d\d-\d{5}/).waitFor();
    await page
      .getByText(`pesé : ${formatQuantity('weight', grams, 'fr')}`)
      .first()
      .waitFor();
    await fits(page, 'supplementary invoice');
    await page.screenshot({ path: `${SHOTS}/supplementary-invoice-fr-390.png`, fullPage: true });

    // The grid on a laptop, and in English on both.
    const grid = `/gestion/${HUB}/cycles/${shop.hub.open.cycleId}/grille?q=Grille`;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(t.url + grid);
    await page.screenshot({ path: `${SHOTS}/grid-fr-1280.png`, fullPage: true });
    await page.goto(`${t.url}/en/manage/${HUB}/cycles/${shop.hub.open.cycleId}/grid?q=Grille`);
    await page.getByRole('heading', { name: /Pickup grid/ }).waitFor();
    await page.screenshot({ path: `${SHOTS}/grid-en-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await fits(page, 'English grid');
    await page.screenshot({ path: `${SHOTS}/grid-en-390.png`, fullPage: true });
    await context.close();
    // A loaded machine: signing in, two saves' worth of pages and six screenshots.
  }, 120_000);
});
