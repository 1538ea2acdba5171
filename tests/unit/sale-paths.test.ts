// The pages of a hub's other open sales: their URLs in both languages, the language switch, and how they
// fold into the shop's page for stale marks and rebuilds (they are built and published with it).
import { describe, expect, it } from 'vitest';
import { canonicalPagePath, counterpartPath, pageOwner, paths } from '../../domain/catalog-paths.ts';

describe('a sale’s pages', () => {
  it('live under the shop, in French and English, with parts for a large one', () => {
    expect(paths.shopCycle('fr', 'la-ruche', 6)).toBe('/boutiques/la-ruche/vente/6/');
    expect(paths.shopCyclePart('en', 'la-ruche', 6, 2)).toBe('/en/shops/la-ruche/sale/6/page/2/');
    expect(paths.shopCyclePart('fr', 'la-ruche', 6, 1)).toBe('/boutiques/la-ruche/vente/6/');
  });

  it('link the sale at the shop’s own URL there, and the others to their pages', () => {
    expect(paths.saleOf('fr', 'la-ruche', 1, 1)).toBe('/boutiques/la-ruche/');
    expect(paths.saleOf('fr', 'la-ruche', 6, 1)).toBe('/boutiques/la-ruche/vente/6/');
    expect(paths.saleOf('en', 'la-ruche', 6, 1, 3)).toBe('/en/shops/la-ruche/sale/6/page/3/');
  });

  it('switch language to the same sale', () => {
    expect(counterpartPath('/boutiques/la-ruche/vente/6/', 'en')).toBe('/en/shops/la-ruche/sale/6/');
    expect(counterpartPath('/en/shops/la-ruche/sale/6/page/2/', 'fr')).toBe('/boutiques/la-ruche/vente/6/page/2/');
  });

  it('fold into the shop’s page, so a change marks and rebuilds them with it', () => {
    for (const p of ['/boutiques/la-ruche/vente/6/', '/boutiques/la-ruche/vente/6/page/2/', '/boutiques/la-ruche/vente/6/index.html'])
      expect(canonicalPagePath(p)).toBe('/boutiques/la-ruche/');
    expect(canonicalPagePath('/en/shops/la-ruche/sale/6/')).toBe('/en/shops/la-ruche/');
    expect(pageOwner(canonicalPagePath('/en/shops/la-ruche/sale/6/page/3/'))).toEqual({ kind: 'shop', slug: 'la-ruche' });
    // The checkout stays a page of its own; a French segment under the English prefix is not a sale.
    expect(canonicalPagePath('/boutiques/la-ruche/commande/')).toBe('/boutiques/la-ruche/commande/');
    expect(canonicalPagePath('/en/shops/la-ruche/vente/6/')).toBe('/en/shops/la-ruche/vente/6/');
  });
});
