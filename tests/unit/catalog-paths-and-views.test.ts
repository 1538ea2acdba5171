// The catalog's URLs (both languages, the language switch, the status lookups), what each catalog page
// shows and how a large shop is split into parts: pure code, no database.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { overrideKey, type CatalogSnapshot, type CyclePhase } from '../../db/catalog/site.ts';
import { canonicalPagePath, counterpartPath, listingPaths, paths, productRoutes } from '../../domain/catalog-paths.ts';
import { indexCatalog } from '../../site/lib/catalog-index.ts';
import {
  buildCatalogView,
  PART_VARIANTS,
  shopView,
  SINGLE_PAGE_MAX_VARIANTS,
  splitIntoParts,
  type ShelfCategory,
} from '../../site/lib/catalog-view.ts';
import { formatters } from '../../site/lib/i18n.ts';
import { esc } from '../../site/lib/html.ts';

describe('catalog paths', () => {
  it('puts French at the root and English under /en/', () => {
    expect(paths.shop('fr', 'la-ruche')).toBe('/boutiques/la-ruche/');
    expect(paths.shop('en', 'la-ruche')).toBe('/en/shops/la-ruche/');
    expect(paths.product('fr', 'ferme', 'carottes')).toBe('/producteurs/ferme/produits/carottes/');
    expect(paths.product('en', 'ferme', 'carottes')).toBe('/en/producers/ferme/products/carottes/');
    expect(paths.shopPart('fr', 'la-ruche', 1)).toBe('/boutiques/la-ruche/');
    expect(paths.shopPart('en', 'la-ruche', 3)).toBe('/en/shops/la-ruche/page/3/');
    expect(paths.checkout('en', 'la-ruche')).toBe('/en/shops/la-ruche/checkout/');
    expect(listingPaths()).toEqual(expect.arrayContaining(['/', '/en/', '/boutiques/', '/en/producers/', '/impact/', '/en/impact/']));
  });

  it('switches a page to its counterpart in the other language', () => {
    expect(counterpartPath('/boutiques/la-ruche/', 'en')).toBe('/en/shops/la-ruche/');
    expect(counterpartPath('/en/shops/la-ruche/page/2/', 'fr')).toBe('/boutiques/la-ruche/page/2/');
    expect(counterpartPath('/boutiques/la-ruche/commande/', 'en')).toBe('/en/shops/la-ruche/checkout/');
    expect(counterpartPath('/en/producers/ferme/products/carottes/', 'fr')).toBe('/producteurs/ferme/produits/carottes/');
    expect(counterpartPath('/producteurs/ferme/produits/carottes/', 'en')).toBe('/en/producers/ferme/products/carottes/');
    expect(counterpartPath('/', 'en')).toBe('/en/');
    expect(counterpartPath('/en/', 'fr')).toBe('/');
    expect(counterpartPath('/impact/', 'en')).toBe('/en/impact/');
  });

  it('sends product, shop and producer pages to the worker and leaves checkout and listing pages to the static files (wrangler.jsonc run_worker_first)', () => {
    const config = readFileSync('wrangler.jsonc', 'utf8');
    // The asset router's globs: "*" matches any characters, "/" included; "!" excludes (checked first).
    const rules = [...config.matchAll(/^\s*"(!?\/[^"]*)",?\s*$/gm)].map((m) => m[1]!);
    const literal = (s: string) => s.replace(/[.+?^$()|[\]\\{}]/g, '\\$&');
    const match = (rule: string, path: string) => new RegExp(`^${rule.split('*').map(literal).join('.*')}$`).test(path);
    const toWorker = (path: string) =>
      !rules.filter((r) => r.startsWith('!')).some((r) => match(r.slice(1), path)) &&
      rules.filter((r) => !r.startsWith('!')).some((r) => match(r, path));
    for (const lang of ['fr', 'en'] as const) {
      // Rendered on demand (worker/routes/product-pages.tsx).
      expect(rules).toContain(productRoutes.glob(lang));
      expect(toWorker(paths.product(lang, 'ferme', 'carottes'))).toBe(true);
      expect(toWorker(paths.product(lang, 'ferme', 'carottes').slice(0, -1))).toBe(true);
      // Published, and patched while stale (worker/catalog-pages).
      for (const path of [paths.producer(lang, 'ferme'), paths.shop(lang, 'la-ruche'), `${paths.shop(lang, 'la-ruche')}page/2/`])
        expect(toWorker(path), path).toBe(true);
      // Plain static files: listings, the checkout page (its prices come from the cart API), assets.
      for (const path of [paths.producers(lang), paths.checkout(lang, 'la-ruche'), '/comptoir.css'])
        expect(toWorker(path), path).toBe(false);
    }
  });

  it('folds a shop’s parts and file names into the page they belong to', () => {
    expect(canonicalPagePath('/boutiques/la-ruche/page/4/')).toBe('/boutiques/la-ruche/');
    expect(canonicalPagePath('/en/shops/la-ruche/page/2/index.html')).toBe('/en/shops/la-ruche/');
    expect(canonicalPagePath('/boutiques/la-ruche')).toBe('/boutiques/la-ruche/');
    expect(canonicalPagePath('producteurs/ferme/produits/carottes/?x=1')).toBe('/producteurs/ferme/produits/carottes/');
    // The checkout is a page of its own, not part of the shop.
    expect(canonicalPagePath('/boutiques/la-ruche/commande/')).toBe('/boutiques/la-ruche/commande/');
  });
});

function shelves(sizes: number[]): ShelfCategory[] {
  let id = 0;
  return sizes.map((perProduct, c) => {
    const products = Array.from({ length: 10 }, () => {
      id++;
      return {
        product: { id } as never,
        producer: { id: 1 } as never,
        labels: [],
        shelves: Array.from({ length: perProduct }, (_, k) => ({ variantId: id * 100 + k }) as never),
      };
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

// A small catalog: a hub open now (with its own price and stock on one variant and a fee of its own),
// a hub between two public sales, a hub whose only open sale is for members.
function snapshot(): CatalogSnapshot {
  const at = Date.UTC(2026, 5, 1);
  const day = 86_400_000;
  const place = { collectionStartsAt: null, collectionEndsAt: null, collectionPlace: '', instructions: '' };
  const ent = (id: number, name: string, hub: boolean, labelIds: number[] = []) => ({
    id,
    slug: `e${id}`,
    name,
    isProducer: !hub,
    isHub: hub,
    description: '',
    postalCode: '19000',
    commune: 'Tulle',
    website: null,
    labelIds,
  });
  const variant = (id: number, productId: number, priceCents: number, onHand: number, onDemand = false) => ({
    id,
    productId,
    name: `v${id}`,
    unitKind: 'items' as const,
    unitValue: 1,
    priceCents,
    vatRateBp: 550,
    onHand,
    onDemand,
    maxPerOrder: null,
    position: id,
  });
  const outgoing = (outgoingId: number, hubId: number, cycleId: number, phase: CyclePhase, requiredTag: string | null = null) => ({
    ...place,
    outgoingId,
    hubId,
    cycleId,
    coordinatorId: 10,
    name: `c${cycleId}`,
    phase,
    requiredTag,
    opensAt: at + (phase === 'upcoming' ? day : -day),
    closesAt: at + (phase === 'closed' ? -day / 2 : 2 * day),
  });
  return {
    now: at,
    categories: [
      { id: 1, slug: 'legumes', nameFr: 'Légumes', nameEn: 'Vegetables', position: 1 },
      { id: 2, slug: 'fromages', nameFr: 'Fromages', nameEn: 'Cheese', position: 0 },
    ],
    labels: [
      { id: 1, slug: 'bio', nameFr: 'Bio', nameEn: 'Organic' },
      { id: 2, slug: 'local', nameFr: 'Local', nameEn: 'Local' },
    ],
    enterprises: [
      ent(1, 'Ferme B', false, [1]),
      ent(2, 'Atelier A', false),
      ent(3, 'La Ruche', true),
      ent(4, 'Drive', true),
      ent(5, 'Club', true),
    ],
    products: [
      { id: 1, producerId: 1, categoryId: 1, slug: 'carottes', name: 'Carottes', description: '', labelIds: [2, 1] },
      { id: 2, producerId: 2, categoryId: 2, slug: 'tomme', name: 'Tomme', description: '', labelIds: [] },
      { id: 3, producerId: 1, categoryId: 1, slug: 'poireaux', name: 'Poireaux', description: '', labelIds: [] },
      { id: 4, producerId: 2, categoryId: 1, slug: 'sans-variante', name: 'Sans variante', description: '', labelIds: [] },
    ],
    variants: [variant(1, 1, 300, 10), variant(2, 1, 180, 0), variant(3, 2, 900, 0, true), variant(4, 3, 250, 5)],
    outgoings: [outgoing(1, 3, 1, 'open'), outgoing(2, 4, 2, 'closed'), outgoing(3, 4, 3, 'upcoming'), outgoing(4, 5, 1, 'open', 'membre')],
    selections: new Map([
      [1, [2, 1, 3]],
      [2, [1, 3, 4]],
      [3, [4]],
      [4, [1]],
    ]),
    overrides: new Map([[overrideKey(3, 1), { priceCents: 350, onHand: 2, onDemand: null }]]),
    fees: new Map([
      [
        1,
        [
          {
            feeId: 1,
            enterpriseId: 3,
            enterpriseName: 'La Ruche',
            name: 'Tenue du point de retrait',
            feeType: 'sales' as const,
            calculator: 'flat_per_item' as const,
            amount: 20,
            vatRateBp: 2000,
            role: 'hub' as const,
            producerId: null,
            hubId: 3,
          },
        ],
      ],
    ]),
  };
}

describe('catalog views', () => {
  const view = buildCatalogView(snapshot(), []);

  it('prices an open shop’s shelves with the hub’s own price and stock first, in category and product order', () => {
    const shop = view.shop(3);
    expect(shop.open?.outgoingId).toBe(1);
    expect(shop.categories.map((c) => c.category.slug)).toEqual(['fromages', 'legumes']);
    const carottes = shop.categories[1]!.products[0]!;
    expect(carottes.labels.map((l) => l.slug)).toEqual(['bio', 'local']);
    expect(carottes.shelves.map((s) => [s.variantId, s.price.basePriceCents, s.price.priceCents, s.onHand, s.onDemand])).toEqual([
      [1, 350, 370, 2, false],
      [2, 180, 200, 0, false],
    ]);
    expect(shop.variantCount).toBe(3);
    expect(shop.producers.map((p) => [p.producer.name, p.count])).toEqual([
      ['Atelier A', 1],
      ['Ferme B', 2],
    ]);
    expect(shop.labels.map((l) => l.slug)).toEqual(['bio', 'local']);
    expect(shop.parts).toHaveLength(1);
    expect(shop.lastSale).toBeNull();
    // Asked twice (French and English pages), computed once; the same as the view asked of the index.
    expect(view.shop(3)).toBe(shop);
    expect(shopView(indexCatalog(snapshot()), 3)).toEqual(shop);
  });

  it('shows a closed shop its next sale and what its last public sale sold; a members-only sale publishes nothing', () => {
    const drive = view.shop(4);
    expect([drive.open, drive.next?.outgoingId, drive.last?.outgoingId]).toEqual([null, 3, 2]);
    expect(drive.categories).toEqual([]);
    expect(drive.lastSale).toEqual({
      products: 3,
      producers: [expect.objectContaining({ name: 'Atelier A' }), expect.objectContaining({ name: 'Ferme B' })],
    });
    const club = view.shop(5);
    expect([club.open, club.membersOnly?.outgoingId, club.lastSale]).toEqual([null, 4, null]);
  });

  it('lists where a product is on sale now and where it comes next, and gives no page to a product without variants', () => {
    const carottes = view.product(1)!;
    expect(carottes.offers.map((o) => [o.hub.name, o.shelves.map((s) => s.price.priceCents)])).toEqual([['La Ruche', [370, 200]]]);
    expect(carottes.upcoming).toEqual([]);
    expect(view.product(3)!.offers).toEqual([]);
    expect(view.product(3)!.upcoming.map((u) => [u.hub.name, u.outgoing.outgoingId])).toEqual([['Drive', 3]]);
    expect(view.product(4)).toBeNull();
    expect(view.products.map((p) => p.product.slug)).toEqual(['carottes', 'tomme', 'poireaux']);
  });

  it('shows a producer’s products by category and the shops selling them, open ones first', () => {
    const ferme = view.producer(1);
    expect(ferme.labels.map((l) => l.slug)).toEqual(['bio']);
    expect(ferme.categories.map((c) => [c.category.slug, c.products.map((p) => p.product.slug)])).toEqual([
      ['legumes', ['carottes', 'poireaux']],
    ]);
    expect(ferme.hubs.map((h) => [h.hub.name, h.open?.outgoingId ?? null, h.next?.outgoingId ?? null])).toEqual([
      ['La Ruche', 1, null],
      ['Drive', null, 3],
    ]);
  });

  it('counts the active producers and hubs and the products on sale', () => {
    expect(view.impact()).toEqual({ activeProducers: 2, activeHubs: 3, productsOnSale: 2, productsListed: 3, cycles: [] });
    expect(view.hubs.map((h) => h.hub.name)).toEqual(['La Ruche', 'Drive', 'Club']);
    expect(view.producers.map((p) => p.name)).toEqual(['Ferme B', 'Atelier A']);
  });
});
