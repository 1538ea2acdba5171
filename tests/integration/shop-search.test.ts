// The shop's search for browsers without JavaScript (the search form posts to /api/shops/:hub/search),
// as a shopper types it: accents and ligatures left out, a category's name in either language, the
// count in products, the products in the shop page's order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../domain/catalog-paths.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import { expectedHrefs, foundText, productHrefs, SHOPPER_SEARCHES, shopProducts } from '../support/shop-search.ts';

let t: TestWorker;
let shops: DemoShop[];

beforeAll(async () => {
  t = await startTestWorker();
  shops = await openShops(t.conn.db);
});
afterAll(() => t?.close());

const text = async (path: string) => (await fetch(t.url + path)).text();
const statusLine = (html: string) => html.match(/<p role="status">([^<]*)<\/p>/)?.[1]?.replaceAll('&#39;', '’');

describe('the shop search without JavaScript', () => {
  for (const search of SHOPPER_SEARCHES)
    it(`finds what a shopper means by « ${search.q} » (${search.lang}), counted in products, in the shop's order`, async () => {
      let foundSomewhere = 0;
      for (const shop of shops) {
        const shopHtml = await text(paths.shop(search.lang, shop.hub.slug));
        const expected = expectedHrefs(shop, search, shopHtml);
        const html = await text(
          `/api/shops/${shop.hub.slug}/search?lang=${search.lang}&q=${encodeURIComponent(search.q)}&category=&producer=&label=`,
        );
        expect(productHrefs(html), `${shop.hub.slug}`).toEqual(expected);
        expect(statusLine(html)).toBe(foundText(search.lang, expected.length));
        foundSomewhere += expected.length;
      }
      expect(foundSomewhere).toBeGreaterThan(0);
    });

  it('finds « fromage de chèvre » by « fromage », and « Œufs » by « oeuf », in capitals too', async () => {
    for (const shop of shops)
      for (const p of shopProducts(shop, 'fr').filter((x) => /^(Œufs|Fromage)/.test(x.productName))) {
        const word = p.productName.startsWith('Œ') ? 'OEUF' : 'fromage';
        const html = await text(`/api/shops/${shop.hub.slug}/search?lang=fr&q=${word}`);
        expect(productHrefs(html), p.productName).toContain(p.href);
      }
  });

  it('names in its hint things the shop sells that it finds', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const shopHtml = await text(paths.shop(lang, shops[0]!.hub.slug));
      const hint = shopHtml.match(/id="f-q"[^>]*placeholder="([^"]+)"/)![1]!;
      const words = hint.replace('…', '').split(/,\s*/);
      expect(words.length).toBeGreaterThanOrEqual(3);
      for (const word of words) {
        let found = 0;
        for (const shop of shops)
          found += productHrefs(await text(`/api/shops/${shop.hub.slug}/search?lang=${lang}&q=${encodeURIComponent(word)}`)).length;
        expect(found, `${lang}: ${word}`).toBeGreaterThan(0);
      }
    }
  });
});
