// The shop API behind the pre-rendered shop pages.
// GET /api/shops/:hub/live: what a static page cannot know: open or closed now, the variants sold out
// or nearly so, and the shopper's cart, for the sale the page shows (?cycle=; by default the hub's first
// open public sale). One small response at any catalog size.
// GET /api/shops/:hub/search: the shop's search for browsers without JavaScript (an HTML page).
import { Hono } from 'hono';
import * as v from 'valibot';
import { hubBySlug, lowStockQuery, memberOffer, nextCycle, openCycle, searchShopItems } from '../../db/catalog/shop.ts';
import type { Lang } from '../../domain/catalog-paths.ts';
import { DomainError } from '../../domain/errors.ts';
import { matchesWords, productSearchText, queryWords } from '../../domain/search.ts';
import { compareText } from '../../site/lib/catalog-view.ts';
import { shelfOf, type ShelfCategoryInput, type ShelfProductInput } from '../../site/lib/render-shelf.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { ShopSearchPage } from '../pages/shop-search-page.tsx';
import { cartIdSchema, idParamSchema, slugSchema } from '../schemas.ts';
import { readCart } from '../use-cases/carts.ts';
import { validate } from '../validate.ts';
import { accountLineHtml, memberSalesHtml, memberShelvesHtml } from '../shoppers/members-view.ts';
import { shopperOf } from '../shoppers/session.ts';

/** A search shows whole products until it has shown this many variants; the shopper refines beyond. */
export const SEARCH_MAX_VARIANTS = 400;

const optionalSlug = (message: string) =>
  v.optional(v.pipe(v.string(), v.regex(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/, message), v.maxLength(80, message)));
const searchQuery = v.strictObject({
  q: v.optional(v.pipe(v.string(), v.maxLength(80, 'La recherche est limitée à 80 caractères.'))),
  category: optionalSlug('Catégorie inconnue.'),
  producer: v.optional(v.pipe(v.string(), v.regex(/^(?:[1-9][0-9]{0,15})?$/, 'Producteur inconnu.'))),
  label: optionalSlug('Label inconnu.'),
  lang: v.optional(v.picklist(['fr', 'en'], 'Langue inconnue (fr ou en).')),
  /** The sale searched, from a sale's own page; without it, the sale closing first (the shop's page). */
  cycle: v.optional(idParamSchema),
});

export const shops = new Hono<AppEnv>()
  .get(
    '/:hub/live',
    validate('param', v.strictObject({ hub: slugSchema })),
    validate(
      'query',
      v.strictObject({ cart: v.optional(cartIdSchema), cycle: v.optional(idParamSchema), lang: v.optional(v.picklist(['fr', 'en'])) }),
    ),
    async (c) => {
      const db = databaseFor(c.env);
      const now = Date.now();
      const { hub: slug } = c.req.valid('param');
      const { cart: cartId, cycle: cycleId, lang } = c.req.valid('query');
      // The shopper's cookie reaches /api only: a signed-in shopper is known here, never on the page itself.
      const [hub, shopper] = await Promise.all([hubBySlug(db, slug), shopperOf(c)]);
      if (!hub) throw new DomainError('NOT_FOUND', `No shop called “${slug}”.`);
      const member = shopper?.email ?? null;
      const cycle = await openCycle(db, hub.id, now, cycleId);
      const [low, next, cart, members] = await Promise.all([
        cycle ? lowStockQuery(db, cycle.outgoingId, hub.id) : [],
        cycle ? null : nextCycle(db, hub.id, now),
        cartId
          ? readCart({ db, cartId, now, member }).catch((err) =>
              err instanceof DomainError && err.code === 'NOT_FOUND' ? null : Promise.reject(err),
            )
          : null,
        member === null ? null : memberOffer(db, hub.id, member, now, cycle),
      ]);
      c.header('cache-control', 'no-store');
      return c.json({
        hub: { slug: hub.slug, name: hub.name },
        open: cycle !== null,
        cycle: cycle && { id: cycle.cycleId, name: cycle.name, opensAt: cycle.opensAt, closesAt: cycle.closesAt },
        nextCycle: next && { name: next.name, opensAt: next.opensAt, closesAt: next.closesAt },
        stock: Object.fromEntries(low.map((r) => [r.variantId, r.onHand])),
        // The cart of this sale only: another pickup's cart is another cart.
        cart:
          cart && cycle && cart.cycle.open && !cart.ordered && cart.hub.slug === hub.slug && cart.cycle.id === cycle.cycleId ? cart : null,
        now,
        // Who is signed in, and what their tags open here: the members' shelf of this sale and the members-only sales.
        shopper: shopper && {
          email: shopper.email,
          accountHtml: accountLineHtml(lang ?? 'fr', shopper.email),
          memberShelvesHtml: members ? memberShelvesHtml(lang ?? 'fr', members) : '',
          memberSalesHtml: memberSalesHtml(lang ?? 'fr', hub.slug, members?.sales ?? []),
          memberSales: (members?.sales ?? []).map((s) => ({ id: s.cycleId, name: s.name, opensAt: s.opensAt, closesAt: s.closesAt })),
        },
      });
    },
  )
  .get('/:hub/search', validate('param', v.strictObject({ hub: slugSchema })), validate('query', searchQuery), async (c) => {
    const db = databaseFor(c.env);
    const { hub: slug } = c.req.valid('param');
    const query = c.req.valid('query');
    const lang: Lang = query.lang ?? 'fr';
    const hub = await hubBySlug(db, slug);
    if (!hub) throw new DomainError('NOT_FOUND', `No shop called “${slug}”.`);
    const cycle = await openCycle(db, hub.id, Date.now(), query.cycle);
    const q = query.q?.trim() ?? '';
    c.header('cache-control', 'public, max-age=60');
    // A members-only sale is never listed publicly.
    if (!cycle || cycle.requiredTag !== null) {
      return c.html(
        ShopSearchPage({ lang, hub, query: { q }, cycleId: query.cycle, criteria: '', categories: [], found: 0, shown: 0, open: false }),
      );
    }
    const found = await searchShopItems(db, {
      hubId: hub.id,
      cycleId: cycle.cycleId,
      outgoingId: cycle.outgoingId,
      categorySlug: query.category || undefined,
      producerId: query.producer ? Number(query.producer) : undefined,
      labelSlug: query.label || undefined,
    });
    const category = new Map(found.categories.map((cat) => [cat.id, cat]));
    const labelsOf = new Map<number, { id: number; slug: string; nameFr: string; nameEn: string }[]>();
    for (const l of found.productLabels) (labelsOf.get(l.productId) ?? labelsOf.set(l.productId, []).get(l.productId)!).push(l);
    // Products whole, in the order of the published page (category position, name as the build sorts it),
    // matched by the rule and the names the page's instant search uses, so both find the same products.
    const byProduct = new Map<number, { first: (typeof found.items)[number]; items: (typeof found.items)[number][] }>();
    for (const i of found.items)
      (byProduct.get(i.productId) ?? byProduct.set(i.productId, { first: i, items: [] }).get(i.productId)!).items.push(i);
    const words = queryWords(q);
    const matches = [...byProduct.values()]
      .filter(({ first, items }) => {
        const cat = category.get(first.categoryId);
        const labels = labelsOf.get(first.productId) ?? [];
        return matchesWords(
          productSearchText({
            productName: first.productName,
            variantNames: items.map((i) => i.variantName),
            producerName: first.producerName,
            categoryNames: cat ? [cat.nameFr, cat.nameEn] : [],
            labelNames: labels.flatMap((l) => [l.nameFr, l.nameEn]),
          }),
          words,
        );
      })
      .sort(
        (a, b) =>
          a.first.categoryPosition - b.first.categoryPosition ||
          a.first.categoryId - b.first.categoryId ||
          compareText(a.first.productName, b.first.productName) ||
          a.first.productId - b.first.productId,
      );
    const groups: ShelfCategoryInput[] = [];
    let shown = 0;
    let shownProducts = 0;
    for (const { first, items } of matches) {
      // Whole products only, so a product never shows half its variants.
      if (shown >= SEARCH_MAX_VARIANTS) break;
      let group = groups.at(-1);
      if (group?.category.slug !== first.categorySlug) groups.push((group = { category: category.get(first.categoryId)!, products: [] }));
      const product: ShelfProductInput = {
        product: { slug: first.productSlug, name: first.productName },
        producer: { id: first.producerId, slug: first.producerSlug, name: first.producerName },
        labels: (labelsOf.get(first.productId) ?? []).sort((a, b) => a.id - b.id),
        shelves: items.map(shelfOf),
      };
      (group.products as ShelfProductInput[]).push(product);
      shown += items.length;
      shownProducts++;
    }
    const name = (x: { nameFr: string; nameEn: string } | undefined) => (x ? (lang === 'fr' ? x.nameFr : x.nameEn) : '');
    const criteria = [
      q && `«\u202f${q}\u202f»`,
      query.category && name(found.categories.find((x) => x.slug === query.category)),
      query.producer && (found.items.find((i) => String(i.producerId) === query.producer)?.producerName ?? ''),
      query.label && name(found.productLabels.find((l) => l.slug === query.label)),
    ]
      .filter(Boolean)
      .join(' · ');
    return c.html(
      ShopSearchPage({
        lang,
        hub,
        query: { q, category: query.category, producer: query.producer, label: query.label },
        cycleId: query.cycle,
        criteria,
        categories: groups,
        found: matches.length,
        shown: shownProducts,
        open: true,
      }),
    );
  });
