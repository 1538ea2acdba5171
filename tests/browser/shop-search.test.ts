// The shop search in a real Chromium, as a shopper types it, with JavaScript (the instant search on the
// page) and without (the form sent to the worker): the same products, in the same order, the same count.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { launchChromium } from '../support/browser.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { expectedHrefs, foundText, SHOPPER_SEARCHES, shownText } from '../support/shop-search.ts';

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

const visibleProducts = (page: Page) =>
  page.$$eval('li.product', (items) =>
    items.filter((li) => (li as HTMLElement).offsetParent !== null).map((li) => li.querySelector('h3 a')!.getAttribute('href')!),
  );

const searchLabel = (lang: Lang) => (lang === 'fr' ? 'Rechercher' : 'Search');

describe('the shop search in a browser', () => {
  const typed = SHOPPER_SEARCHES.filter(
    (s) => `${s.lang} ${s.q}` === 'fr oeufs' || `${s.lang} ${s.q}` === 'fr fromage' || `${s.lang} ${s.q}` === 'en cheese',
  );
  for (const search of typed)
    it(`shows for « ${search.q} » (${search.lang}) the products a shopper means, the same with and without JavaScript`, async () => {
      const withJs = await browser.newContext();
      const withoutJs = await browser.newContext({ javaScriptEnabled: false });
      let foundSomewhere = 0;
      for (const shop of shops) {
        const url = t.url + paths.shop(search.lang, shop.hub.slug);
        const expected = expectedHrefs(shop, search, await (await fetch(url)).text());
        foundSomewhere += expected.length;

        const page = await withJs.newPage();
        await page.goto(url);
        await page.locator('form.add').first().waitFor();
        await page.getByLabel(searchLabel(search.lang), { exact: true }).pressSequentially(search.q);
        await expect.poll(() => page.locator('#f-count').textContent(), { timeout: 10_000 }).toBe(shownText(search.lang, expected.length));
        expect(await visibleProducts(page), `${shop.hub.slug}, with JavaScript`).toEqual(expected);

        const plain = await withoutJs.newPage();
        await plain.goto(url);
        await plain.getByLabel(searchLabel(search.lang), { exact: true }).fill(search.q);
        await plain.getByRole('button', { name: searchLabel(search.lang), exact: true }).click();
        await plain
          .getByRole('status')
          .filter({ hasText: foundText(search.lang, expected.length) })
          .waitFor();
        expect(await visibleProducts(plain), `${shop.hub.slug}, without JavaScript`).toEqual(expected);
      }
      expect(foundSomewhere).toBeGreaterThan(0);
      await withJs.close();
      await withoutJs.close();
    }, 120_000);
});
