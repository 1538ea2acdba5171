// A member in a real Chromium: signs in from the development mailbox, opens her shop's published page,
// which the browser fetches without any cookie, sees the members' shelf the page's script adds from the
// live request, and puts the members' eggs in her cart; a guest's page shows no members' shelf.
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagVariantRules } from '../../db/schema/index.ts';
import { launchChromium } from '../support/browser.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let browser: Browser;
const MEMBER = 'marie.chabanne@example.org';
const SHOP = '/boutiques/la-ruche-du-plateau/';

beforeAll(async () => {
  t = await startTestWorker({ bindings: { DEV_MAILBOX: '1' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

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
    await page.goto(`${t.url}/compte/`);
    await page.getByLabel('Adresse e-mail').fill(MEMBER);
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    await page.getByRole('heading', { name: 'Regardez vos e-mails' }).waitFor();
    await page.goto(`${t.url}/dev/mailbox`);
    // The message's text part, as the shopper's mail client would show it.
    const message = page.locator(`article[data-topic="shopper.sign-in-link"][data-recipient="${MEMBER}"]`).first();
    const text = (await message.locator('pre').textContent()) ?? '';
    const link = /https?:\/\/[^\s"]+\/compte\/lien\?[^\s"]+/.exec(text)?.[0];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/compte\/$/);
    await page.getByText(`Connecté·e en tant que ${MEMBER}`).waitFor();

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
});
