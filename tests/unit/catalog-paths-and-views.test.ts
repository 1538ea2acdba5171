// The catalog's URLs (both languages, the language switch, the status lookups) and how a large shop is
// split into parts: pure code, no database.
import { describe, expect, it } from 'vitest';
import { canonicalPagePath, counterpartPath, listingPaths, paths } from '../../domain/catalog-paths.ts';
import { PART_VARIANTS, SINGLE_PAGE_MAX_VARIANTS, splitIntoParts, type ShelfCategory } from '../../site/lib/catalog-view.ts';
import { formatters } from '../../site/lib/i18n.ts';
import { esc } from '../../site/lib/html.ts';

describe('catalog paths', () => {
  it('puts French at the root and English under /en/', () => {
    expect(paths.shop('fr', 'la-ruche')).toBe('/boutiques/la-ruche/');
    expect(paths.shop('en', 'la-ruche')).toBe('/en/shops/la-ruche/');
    expect(paths.product('fr', 'ferme', 'carottes')).toBe('/producteurs/ferme/carottes/');
    expect(paths.product('en', 'ferme', 'carottes')).toBe('/en/producers/ferme/carottes/');
    expect(paths.shopPart('fr', 'la-ruche', 1)).toBe('/boutiques/la-ruche/');
    expect(paths.shopPart('en', 'la-ruche', 3)).toBe('/en/shops/la-ruche/page/3/');
    expect(paths.checkout('en', 'la-ruche')).toBe('/en/shops/la-ruche/checkout/');
    expect(listingPaths()).toEqual(expect.arrayContaining(['/', '/en/', '/boutiques/', '/en/producers/', '/impact/', '/en/impact/']));
  });

  it('switches a page to its counterpart in the other language', () => {
    expect(counterpartPath('/boutiques/la-ruche/', 'en')).toBe('/en/shops/la-ruche/');
    expect(counterpartPath('/en/shops/la-ruche/page/2/', 'fr')).toBe('/boutiques/la-ruche/page/2/');
    expect(counterpartPath('/boutiques/la-ruche/commande/', 'en')).toBe('/en/shops/la-ruche/checkout/');
    expect(counterpartPath('/en/producers/ferme/carottes/', 'fr')).toBe('/producteurs/ferme/carottes/');
    expect(counterpartPath('/', 'en')).toBe('/en/');
    expect(counterpartPath('/en/', 'fr')).toBe('/');
    expect(counterpartPath('/impact/', 'en')).toBe('/en/impact/');
  });

  it('folds a shop’s parts and file names into the page they belong to', () => {
    expect(canonicalPagePath('/boutiques/la-ruche/page/4/')).toBe('/boutiques/la-ruche/');
    expect(canonicalPagePath('/en/shops/la-ruche/page/2/index.html')).toBe('/en/shops/la-ruche/');
    expect(canonicalPagePath('/boutiques/la-ruche')).toBe('/boutiques/la-ruche/');
    expect(canonicalPagePath('producteurs/ferme/carottes/?x=1')).toBe('/producteurs/ferme/carottes/');
    // The checkout is a page of its own, not part of the shop.
    expect(canonicalPagePath('/boutiques/la-ruche/commande/')).toBe('/boutiques/la-ruche/commande/');
  });
});

function shelves(sizes: number[]): ShelfCategory[] {
  let id = 0;
  return sizes.map((perProduct, c) => {
    const products = Array.from({ length: 10 }, () => {
      id++;
      return { product: { id } as never, producer: { id: 1 } as never, labels: [], shelves: Array.from({ length: perProduct }, (_, k) => ({ variantId: id * 100 + k }) as never) };
    });
    return { category: { id: c, slug: `c${c}` } as never, products, variantCount: perProduct * 10 };
  });
}

describe('splitting a shop into parts', () => {
  it('keeps a shop up to the single-page limit on one page', () => {
    const cats = shelves([SINGLE_PAGE_MAX_VARIANTS / 10]);
    expect(splitIntoParts(cats, SINGLE_PAGE_MAX_VARIANTS)).toHaveLength(1);
  });

  it('splits a large shop between products into parts of about the target size, losing none', () => {
    const cats = shelves([30, 50, 3, 70, 12]); // 1,650 variants in 5 categories
    const total = cats.reduce((s, c) => s + c.variantCount, 0);
    const parts = splitIntoParts(cats, total);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.number)).toEqual(parts.map((_, i) => i + 1));
    expect(parts.reduce((s, p) => s + p.variantCount, 0)).toBe(total);
    for (const p of parts.slice(0, -1)) expect(p.variantCount).toBeGreaterThanOrEqual(PART_VARIANTS);
    for (const p of parts) expect(p.variantCount).toBeLessThan(PART_VARIANTS + 70);
    // Every product appears exactly once, whole.
    const seen = parts.flatMap((p) => p.categories.flatMap((c) => c.products.map((sp) => sp.product.id)));
    expect(new Set(seen).size).toBe(50);
    expect(seen).toHaveLength(50);
  });
});

describe('display helpers', () => {
  it('writes the first of the month « 1er » in French, and escapes HTML', () => {
    const firstDecember = Date.UTC(2026, 11, 1, 19);
    expect(formatters('fr').dateTime(firstDecember)).toBe('mardi 1er décembre à 20:00');
    expect(formatters('en').dateTime(firstDecember)).toBe('Tuesday 1 December at 20:00');
    expect(formatters('fr').dateTime(Date.UTC(2026, 11, 11, 19))).toBe('vendredi 11 décembre à 20:00');
    expect(esc(`<a href="x">l'été & co</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;l&#39;été &amp; co&lt;/a&gt;');
  });
});
