// What a shopper's searches should find in the demo co-op, said without the search's own code: each
// query with the products a person would expect (by category or by a word in their names), and how to
// read the products a results page shows, in order.
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import type { DemoShop } from './demo-data.ts';

export interface ShopProduct {
  /** The product page's address, as the shelves link it in this language. */
  href: string;
  productName: string;
  variantNames: string[];
  producerName: string;
  categorySlug: string;
}

export interface ShopperSearch {
  lang: Lang;
  q: string;
  /** Whether a person typing `q` expects this product. */
  expects: (p: ShopProduct) => boolean;
}

/** Starts a word, accents and case aside: the test's own reading of « a word of the names ». */
const namesSay = (p: ShopProduct, re: RegExp) => re.test(` ${[p.productName, ...p.variantNames, p.producerName].join(' ')}`);

export const SHOPPER_SEARCHES: ShopperSearch[] = [
  { lang: 'fr', q: 'oeufs', expects: (p) => p.categorySlug === 'oeufs' || namesSay(p, /[\s'’-](œ|oe)ufs/i) },
  { lang: 'fr', q: 'fromage', expects: (p) => p.categorySlug === 'fromages' || namesSay(p, /[\s'’-]fromage/i) },
  { lang: 'en', q: 'cheese', expects: (p) => p.categorySlug === 'fromages' || namesSay(p, /[\s'’-]cheese/i) },
  // The other language's names are searched too: a visitor reading English on the French page.
  { lang: 'fr', q: 'cheese', expects: (p) => p.categorySlug === 'fromages' || namesSay(p, /[\s'’-]cheese/i) },
  { lang: 'en', q: 'oeuf', expects: (p) => p.categorySlug === 'oeufs' || namesSay(p, /[\s'’-](œ|oe)uf/i) },
  { lang: 'fr', q: 'creme', expects: (p) => namesSay(p, /[\s'’-]cr[èe]me/i) },
];

/** The shop's products (not variants), each with its variants' names. */
export function shopProducts(shop: DemoShop, lang: Lang): ShopProduct[] {
  const byId = new Map<number, ShopProduct>();
  for (const i of shop.items) {
    let p = byId.get(i.productId);
    if (!p)
      byId.set(
        i.productId,
        (p = {
          href: paths.product(lang, i.producerSlug, i.productSlug),
          productName: i.productName,
          variantNames: [],
          producerName: i.producerName,
          categorySlug: i.categorySlug,
        }),
      );
    p.variantNames.push(i.variantName);
  }
  return [...byId.values()];
}

/** The products a shop or results page lists, by their links, in page order. */
export function productHrefs(html: string): string[] {
  return [...html.matchAll(/<li class="product[^"]*"[^>]*>(?:<img[^>]*>)?<h3><a href="([^"]+)"/g)].map((m) =>
    m[1]!.replaceAll('&amp;', '&'),
  );
}

/** What a person expects `search` to show in `shop`, in the order of the published shop page (`shopHtml`). */
export function expectedHrefs(shop: DemoShop, search: ShopperSearch, shopHtml: string): string[] {
  const wanted = new Set(
    shopProducts(shop, search.lang)
      .filter(search.expects)
      .map((p) => p.href),
  );
  return productHrefs(shopHtml).filter((h) => wanted.has(h));
}

export const foundText = (lang: Lang, n: number) =>
  lang === 'fr'
    ? n === 0
      ? 'Aucun produit ne correspond à ces critères.'
      : `${n} produit${n > 1 ? 's' : ''} trouvé${n > 1 ? 's' : ''}.`
    : n === 0
      ? 'No product matches these criteria.'
      : `${n} product${n > 1 ? 's' : ''} found.`;

export const shownText = (lang: Lang, n: number) =>
  lang === 'fr'
    ? n === 0
      ? 'Aucun produit ne correspond à ces critères.'
      : `${n} produit${n > 1 ? 's' : ''} affiché${n > 1 ? 's' : ''}`
    : n === 0
      ? 'No product matches these criteria.'
      : `${n} product${n > 1 ? 's' : ''} shown`;
