// A member in a real Chromium: signs in from the development mailbox, opens her shop's published page,
// which the browser fetches without any cookie, sees the members' shelf the page's script adds from the
// live request, and puts the members' eggs in her cart; a guest's page shows no members' shelf.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagVariantRules } from '../../db/schema/index.ts';
import { openShops } from '../support/demo-data.ts';
import { membersOnlySale } from '../support/members.ts';
import { launchChromium } from '../support/browser.ts';
import { signInFromMailbox } from '../support/mailbox.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let browser: Browser;
const MEMBER = 'marie.chabanne@example.org';
const SHOP = '/boutiques/la-ruche-du-plateau/';
// Screenshots for a person to look at (phone and laptop, both languages), outside the repository.
const SHOTS = '/tmp/comptoir-shots/members';

beforeAll(async () => {
  t = await startTestWorker({ bindings: { DEV_MAILBOX: '1' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Signs the member in as she would (the account page's form, the link in the development mailbox, the confirmation). */
async function signInByLink(page: Page) {
  await signInFromMailbox(page, t.url, MEMBER, 'shopper');
  await page.getByText(`Connecté·e en tant que ${MEMBER}`).waitFor();
}

describe('a member', () => {
  it('signs in by link, sees the members’ shelf on her shop page (fetched with no cookie) and adds the eggs', async () => {
    const [rule] = await t.conn.db.select().from(tagVariantRules);
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    page.setDefaultTimeout(8000);
    // allHeaders: the Cookie header is added by the network stack, not the page.
    const cookiesSent: Record<string, Promise<string | undefined>> = {};
    page.on('request', (r) => {
      if (r.resourceType() === 'document') cookiesSent[new URL(r.url()).pathname] = r.allHeaders().then((h) => h.cookie);
    });
    await signInByLink(page);

    await page.goto(`${t.url}${SHOP}`);
    const shelf = page.locator('.member-shelves');
    await shelf.getByRole('heading', { name: 'Réservé aux membres' }).waitFor();
    await page.getByText(`Connecté·e : ${MEMBER}`).waitFor();
    const row = shelf.locator(`li.variant[data-variant-id="${rule!.variantId}"]`);
    await row.getByRole('button').click();
    await page.locator('#cart-bar:not([hidden])').waitFor();
    // The published page and the account: the cookie reaches the account, never the catalog page.
    expect(await cookiesSent[SHOP]).toBeUndefined();
    expect(await cookiesSent['/compte/']).toContain('__Secure-comptoir_shopper=');
    // Checkout knows her through the API: her address is filled in, and the page says she is signed in.
    await page.goto(`${t.url}${SHOP}commande/`);
    await page.getByText(`Connecté·e : ${MEMBER}`).waitFor();
    expect(await page.locator('#email').inputValue()).toBe(MEMBER);
    await page.close();
  });

  it('a guest’s shop page shows no members’ shelf', async () => {
    const page = await browser.newPage();
    const live = page.waitForResponse((r) => r.url().includes('/live'));
    await page.goto(`${t.url}${SHOP}`);
    await live;
    expect(await page.locator('.member-shelves').count()).toBe(0);
    await page.close();
  });

  it('opens her members-only sale from the shop page, adds the eggs there and orders them at the checkout', async () => {
    const [rule] = await t.conn.db.select().from(tagVariantRules);
    const ruche = (await openShops(t.conn.db)).find((s) => s.hub.slug === 'la-ruche-du-plateau')!;
    const sale = await membersOnlySale(t.conn.db, ruche, Date.now() - 3_600_000, ruche.hub.open.closesAt - 60_000);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.setDefaultTimeout(8000);
    await signInByLink(page);
    // The account lists it; so does the shop's published page, through its live request.
    await page.getByRole('link', { name: /Vente des adhérents/ }).waitFor();
    await page.goto(`${t.url}${SHOP}`);
    await page.locator('.member-sales').getByRole('link', { name: 'Vente des adhérents' }).click();
    await page.waitForURL(new RegExp(`/compte/ventes/la-ruche-du-plateau/${sale}/$`));
    await page.getByRole('heading', { name: 'La Ruche du Plateau — Vente des adhérents' }).waitFor();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/sale-fr-390.png`, fullPage: false });
    const row = page.locator(`li.variant[data-variant-id="${rule!.variantId}"]`);
    await row.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByText('Ajouté au panier.').waitFor();
    await page.screenshot({ path: `${SHOTS}/sale-cart-fr-390.png`, fullPage: false });
    await page.getByRole('link', { name: 'Commander' }).click();
    await page.waitForURL(/\/boutiques\/la-ruche-du-plateau\/commande\//);
    const line = page.locator(`tr[data-variant-id="${rule!.variantId}"]`);
    await line.waitFor();
    await page.getByLabel('Nom et prénom').fill('Marie Chabanne');
    await page.getByLabel('Téléphone').fill('06 39 98 00 01');
    const terms = page.locator('#accept-terms');
    if (await terms.isVisible()) await terms.check();
    const offline = ruche.options.payment.find((m) => m.kind === 'offline')!;
    await page.locator(`#pay-${offline.id}`).check();
    await page.getByRole('button', { name: 'Valider la commande' }).click();
    await page.waitForURL(/\/commandes\/ord_[0-9A-Za-z]{22}$/);
    await page.getByRole('heading', { name: 'Merci, votre commande est enregistrée' }).waitFor();

    // The same page in English, and on a laptop.
    await page.goto(`${t.url}/en/account/sales/la-ruche-du-plateau/${sale}/`);
    await page.getByText('Members-only sale').waitFor();
    await page.screenshot({ path: `${SHOTS}/sale-en-390.png`, fullPage: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/sale-en-1280.png`, fullPage: false });
    await page.goto(`${t.url}/compte/ventes/la-ruche-du-plateau/${sale}/`);
    await page.screenshot({ path: `${SHOTS}/sale-fr-1280.png`, fullPage: false });
    await page.goto(`${t.url}${SHOP}`);
    await page.locator('.member-sales').waitFor();
    await page.screenshot({ path: `${SHOTS}/shop-member-links-fr-1280.png`, fullPage: false });
    await page.close();
    // Sign-in, five pages and a checkout: on a loaded machine this takes longer than one page's default.
  }, 120_000);
});
