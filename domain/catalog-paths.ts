// The public URLs of the catalog, French at the root and English under /en/: one definition used to
// build pages and links, to record which pages a change makes stale (as SQL), and to read a page's status.

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const SEGMENTS = {
  fr: {
    root: '/',
    shops: 'boutiques',
    producers: 'producteurs',
    products: 'produits',
    impact: 'impact',
    page: 'page',
    checkout: 'commande',
    sale: 'vente',
  },
  en: {
    root: '/en/',
    shops: 'shops',
    producers: 'producers',
    products: 'products',
    impact: 'impact',
    page: 'page',
    checkout: 'checkout',
    sale: 'sale',
  },
} as const satisfies Record<Lang, Record<string, string>>;

const seg = (lang: Lang) => SEGMENTS[lang];

export const paths = {
  home: (lang: Lang) => seg(lang).root,
  hubs: (lang: Lang) => `${seg(lang).root}${seg(lang).shops}/`,
  producers: (lang: Lang) => `${seg(lang).root}${seg(lang).producers}/`,
  impact: (lang: Lang) => `${seg(lang).root}${seg(lang).impact}/`,
  /** A hub's shop (its open cycle) or, between cycles, its page. Large shops continue on numbered parts. */
  shop: (lang: Lang, hub: string) => `${seg(lang).root}${seg(lang).shops}/${hub}/`,
  shopPart: (lang: Lang, hub: string, part: number) =>
    part <= 1 ? paths.shop(lang, hub) : `${paths.shop(lang, hub)}${seg(lang).page}/${part}/`,
  /**
   * A sale of a hub that sells several at once: the one closing first is at the shop's own URL, each
   * other open public sale has its own pages here (ShopPage.astro's chooser links them).
   */
  shopCycle: (lang: Lang, hub: string, cycleId: number) => `${paths.shop(lang, hub)}${seg(lang).sale}/${cycleId}/`,
  shopCyclePart: (lang: Lang, hub: string, cycleId: number, part: number) =>
    part <= 1 ? paths.shopCycle(lang, hub, cycleId) : `${paths.shopCycle(lang, hub, cycleId)}${seg(lang).page}/${part}/`,
  /** A sale's page: the shop's URL for the sale shown there (`shownCycleId`), its own pages for the others. */
  saleOf: (lang: Lang, hub: string, cycleId: number, shownCycleId: number | null | undefined, part = 1) =>
    cycleId === shownCycleId ? paths.shopPart(lang, hub, part) : paths.shopCyclePart(lang, hub, cycleId, part),
  /** Cart and checkout (built by the checkout pages). */
  checkout: (lang: Lang, hub: string) => `${paths.shop(lang, hub)}${seg(lang).checkout}/`,
  producer: (lang: Lang, producer: string) => `${seg(lang).root}${seg(lang).producers}/${producer}/`,
  /**
   * Product slugs are unique per producer, so a product lives under its producer. Product pages are
   * rendered by the worker, not pre-rendered: the `produits/` segment is what lets the asset router send
   * them to it (its globs cannot tell `/producteurs/a/` from `/producteurs/a/b/`), see productRoutes.
   */
  product: (lang: Lang, producer: string, product: string) => `${paths.producer(lang, producer)}${seg(lang).products}/${product}/`,
};

/** The worker's routes of the product pages (Hono patterns) and the asset router's globs that reach them. */
export const productRoutes = {
  pattern: (lang: Lang) => `${seg(lang).root}${seg(lang).producers}/:producer/${seg(lang).products}/:product`,
  glob: (lang: Lang) => `${seg(lang).root}${seg(lang).producers}/*/${seg(lang).products}/*`,
};

/** Pages that list everyone: home, hubs, producers, impact, in both languages. */
export function listingPaths(): string[] {
  return LANGS.flatMap((l) => [paths.home(l), paths.hubs(l), paths.producers(l), paths.impact(l)]);
}

// SQL string expressions building the same paths from slug columns, so stale pages are computed by the
// database inside the batch that changes the data. Slugs are [a-z0-9-], so no quoting issue arises.
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const pathSql = {
  shop: (lang: Lang, hubSlug: string) => `${lit(`${seg(lang).root}${seg(lang).shops}/`)} || ${hubSlug} || '/'`,
  checkout: (lang: Lang, hubSlug: string) =>
    `${lit(`${seg(lang).root}${seg(lang).shops}/`)} || ${hubSlug} || ${lit(`/${seg(lang).checkout}/`)}`,
  producer: (lang: Lang, producerSlug: string) => `${lit(`${seg(lang).root}${seg(lang).producers}/`)} || ${producerSlug} || '/'`,
  literal: lit,
};

/**
 * The logical page a public URL belongs to: trailing slash added, `index.html` dropped, and a large
 * shop's numbered parts and the pages of its other open sales folded into the shop (they are built,
 * marked stale and published together).
 */
export function canonicalPagePath(raw: string): string {
  let path = raw.split(/[?#]/)[0] ?? '/';
  if (!path.startsWith('/')) path = `/${path}`;
  path = path.replace(/\/index\.html$/, '/').replace(/\.html$/, '/');
  if (!path.endsWith('/')) path += '/';
  for (const lang of LANGS) {
    const prefix = `${seg(lang).root}${seg(lang).shops}/`;
    if (path.startsWith(prefix)) {
      const m = path.slice(prefix.length).match(new RegExp(`^([^/]+)\\/(?:${seg(lang).sale}\\/\\d+\\/)?(?:page\\/\\d+\\/)?$`));
      if (m) return `${prefix}${m[1]}/`;
    }
  }
  return path;
}

/** The same page in the other language (the language switch). */
export function counterpartPath(path: string, to: Lang): string {
  const from: Lang = path === '/en' || path.startsWith('/en/') ? 'en' : 'fr';
  if (from === to) return path;
  const rest = from === 'en' ? path.slice('/en/'.length) : path.slice(1);
  const parts = rest.split('/');
  const map = (a: keyof (typeof SEGMENTS)['fr']) => [seg(from)[a], seg(to)[a]] as const;
  const [shops, producers, products, checkout, sale] = [map('shops'), map('producers'), map('products'), map('checkout'), map('sale')];
  if (parts[0] === shops[0]) {
    parts[0] = shops[1];
    if (parts[2] === checkout[0]) parts[2] = checkout[1];
    if (parts[2] === sale[0]) parts[2] = sale[1];
  } else if (parts[0] === producers[0]) {
    parts[0] = producers[1];
    if (parts[2] === products[0]) parts[2] = products[1];
  }
  return `${seg(to).root}${parts.join('/')}`;
}

/** Which hub's or producer's page a canonical page path is, or null for any other page (lists, impact, 404). */
export function pageOwner(path: string): { kind: 'shop' | 'checkout' | 'producer'; slug: string } | null {
  for (const lang of LANGS) {
    const s = seg(lang);
    const shop = path.match(new RegExp(`^${s.root}${s.shops}/([a-z0-9-]+)/(${s.checkout}/)?$`));
    if (shop) return { kind: shop[2] ? 'checkout' : 'shop', slug: shop[1]! };
    const producer = path.match(new RegExp(`^${s.root}${s.producers}/([a-z0-9-]+)/$`));
    if (producer) return { kind: 'producer', slug: producer[1]! };
  }
  return null;
}
