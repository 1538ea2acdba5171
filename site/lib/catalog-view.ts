// What each public page shows, derived from the catalog snapshot of the build: shops with their priced
// shelves (split into parts when large), producers, products with where and when to buy them, and the
// impact figures. Indexes are built once; each page's view is computed when first asked for, so a
// rebuild of a few pages prices only what those pages show. Pure code: prices come from
// domain/pricing.ts, nothing here does I/O.
import type { CatalogOutgoing, CatalogSnapshot, ImpactCycle } from '../../db/catalog.ts';
import { overrideKey } from '../../db/catalog.ts';
import { shelfPrice, type ShelfPrice } from '../../domain/pricing.ts';
import type { UnitKind } from '../../domain/units.ts';

type Enterprise = CatalogSnapshot['enterprises'][number];
type Product = CatalogSnapshot['products'][number];
type Variant = CatalogSnapshot['variants'][number];
type Category = CatalogSnapshot['categories'][number];
type Label = CatalogSnapshot['labels'][number];

export type { Category, Enterprise, Label, Product, Variant };

/** A variant on a shop's shelf, priced for that shop (hub override first, then fees of the cycle). */
export interface Shelf {
  variantId: number;
  name: string;
  unitKind: UnitKind;
  unitValue: number;
  onDemand: boolean;
  onHand: number;
  price: ShelfPrice;
}

export interface ShelfProduct {
  product: Product;
  producer: Enterprise;
  labels: Label[];
  shelves: Shelf[];
}

export interface ShelfCategory {
  category: Category;
  products: ShelfProduct[];
  variantCount: number;
}

export interface ShopPart {
  /** 1-based; part 1 is the shop's own URL. */
  number: number;
  categories: ShelfCategory[];
  variantCount: number;
}

/** A hub and its sales: what the home page and the hub list show. */
export interface HubStatus {
  hub: Enterprise;
  /** The public cycle open now (the one closing first if several overlap). */
  open: CatalogOutgoing | null;
  /** A members-only cycle open now, when no public one is: its products are not published. */
  membersOnly: CatalogOutgoing | null;
  next: CatalogOutgoing | null;
  last: CatalogOutgoing | null;
}

export interface ShopView extends HubStatus {
  categories: ShelfCategory[];
  parts: ShopPart[];
  variantCount: number;
  /** Filter choices: producers and labels present in the shop, in name order. */
  producers: Array<{ producer: Enterprise; count: number }>;
  labels: Label[];
  lastSale: { products: number; producers: Enterprise[] } | null;
}

export interface Offer {
  hub: Enterprise;
  outgoing: CatalogOutgoing;
  shelves: Shelf[];
}

export interface ProductView {
  product: Product;
  producer: Enterprise;
  category: Category;
  labels: Label[];
  variants: Variant[];
  offers: Offer[];
  upcoming: Array<{ hub: Enterprise; outgoing: CatalogOutgoing }>;
}

export interface ProducerView {
  producer: Enterprise;
  labels: Label[];
  categories: Array<{ category: Category; products: Array<{ product: Product; variants: Variant[] }> }>;
  hubs: Array<{ hub: Enterprise; open: CatalogOutgoing | null; next: CatalogOutgoing | null }>;
}

export interface ImpactView {
  activeProducers: number;
  activeHubs: number;
  productsOnSale: number;
  productsListed: number;
  cycles: ImpactCycle[];
}

export interface CatalogView {
  now: number;
  hubs: HubStatus[];
  producers: Enterprise[];
  labels: Map<number, Label>;
  /** Products with at least one variant (those that have a page), with their producer. */
  products: Array<{ product: Product; producer: Enterprise }>;
  shop(hubId: number): ShopView;
  product(productId: number): ProductView | null;
  producer(producerId: number): ProducerView;
  impact(): ImpactView;
}

/** A shop larger than this is split into parts, so the first screen arrives fast at any size. */
export const SINGLE_PAGE_MAX_VARIANTS = 600;
/** Target size of each part of a large shop (parts break between products, never inside one). */
export const PART_VARIANTS = 250;

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
export const compareText = (a: string, b: string) => collator.compare(a, b);

function memo<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildCatalogView(snap: CatalogSnapshot, impactCycles: ImpactCycle[] = []): CatalogView {
  const enterprise = new Map(snap.enterprises.map((e) => [e.id, e]));
  const product = new Map(snap.products.map((p) => [p.id, p]));
  const category = new Map(snap.categories.map((c) => [c.id, c]));
  const label = new Map(snap.labels.map((l) => [l.id, l]));
  const variant = new Map(snap.variants.map((v) => [v.id, v]));
  // Variants come sorted by product and position: shelves keep that order.
  const order = new Map(snap.variants.map((v, i) => [v.id, i]));
  const variantsOf = new Map<number, Variant[]>();
  for (const v of snap.variants) if (product.has(v.productId)) pushTo(variantsOf, v.productId, v);
  const labelsOf = (ids: number[]) => ids.map((id) => label.get(id)).filter((l): l is Label => l !== undefined).sort((a, b) => a.id - b.id);

  const outgoingsOf = new Map<number, CatalogOutgoing[]>();
  for (const o of snap.outgoings) pushTo(outgoingsOf, o.hubId, o);
  const hubs: HubStatus[] = snap.enterprises
    .filter((e) => e.isHub)
    .map((hub) => {
      const mine = outgoingsOf.get(hub.id) ?? [];
      const openAll = mine.filter((o) => o.phase === 'open').sort((a, b) => a.closesAt - b.closesAt);
      const open = openAll.find((o) => o.requiredTag === null) ?? null;
      return {
        hub,
        open,
        membersOnly: open ? null : (openAll[0] ?? null),
        next: mine.find((o) => o.phase === 'upcoming') ?? null,
        last: mine.find((o) => o.phase === 'closed') ?? null,
      };
    });
  const statusOf = new Map(hubs.map((h) => [h.hub.id, h]));

  // Which public sales sell each product: open now (offers) or next to open (upcoming).
  const openSellers = new Map<number, CatalogOutgoing[]>();
  const nextSellers = new Map<number, CatalogOutgoing[]>();
  for (const h of hubs) {
    for (const [outgoing, sellers] of [[h.open, openSellers], [h.next?.requiredTag === null ? h.next : null, nextSellers]] as const) {
      if (!outgoing) continue;
      const seen = new Set<number>();
      for (const variantId of snap.selections.get(outgoing.outgoingId) ?? []) {
        const productId = variant.get(variantId)?.productId;
        if (productId === undefined || seen.has(productId) || !product.has(productId)) continue;
        seen.add(productId);
        pushTo(sellers, productId, outgoing);
      }
    }
  }

  const priceFor = (o: CatalogOutgoing, v: Variant, producerId: number): Shelf => {
    const override = snap.overrides.get(overrideKey(o.hubId, v.id));
    return {
      variantId: v.id,
      name: v.name,
      unitKind: v.unitKind,
      unitValue: v.unitValue,
      onDemand: Boolean(override?.onDemand ?? v.onDemand),
      onHand: override?.onHand ?? v.onHand,
      price: shelfPrice({ producerId, basePriceCents: override?.priceCents ?? v.priceCents, vatRateBp: v.vatRateBp, unitKind: v.unitKind, unitValue: v.unitValue }, snap.fees.get(o.cycleId) ?? [], o.hubId),
    };
  };
  const selectionSet = memo((outgoingId: number) => new Set(snap.selections.get(outgoingId) ?? []));

  const shop = memo((hubId: number): ShopView => {
    const status = statusOf.get(hubId)!;
    const { open, last } = status;
    let categories: ShelfCategory[] = [];
    let variantCount = 0;
    if (open) {
      const byProduct = new Map<number, ShelfProduct>();
      for (const variantId of snap.selections.get(open.outgoingId) ?? []) {
        const v = variant.get(variantId);
        const p = v && product.get(v.productId);
        const producer = p && enterprise.get(p.producerId);
        if (!v || !p || !producer) continue; // archived variant or product: not for sale
        let sp = byProduct.get(p.id);
        if (!sp) byProduct.set(p.id, (sp = { product: p, producer, labels: labelsOf(p.labelIds), shelves: [] }));
        sp.shelves.push(priceFor(open, v, p.producerId));
      }
      const byCategory = new Map<number, ShelfCategory>();
      for (const sp of byProduct.values()) {
        sp.shelves.sort((a, b) => (order.get(a.variantId) ?? 0) - (order.get(b.variantId) ?? 0));
        const cat = category.get(sp.product.categoryId)!;
        let sc = byCategory.get(cat.id);
        if (!sc) byCategory.set(cat.id, (sc = { category: cat, products: [], variantCount: 0 }));
        sc.products.push(sp);
        sc.variantCount += sp.shelves.length;
        variantCount += sp.shelves.length;
      }
      categories = [...byCategory.values()].sort((a, b) => a.category.position - b.category.position || a.category.id - b.category.id);
      for (const c of categories) c.products.sort((a, b) => compareText(a.product.name, b.product.name) || a.product.id - b.product.id);
    }
    let lastSale: ShopView['lastSale'] = null;
    if (!open && last && last.requiredTag === null) {
      const productIds = new Set<number>();
      const producerIds = new Set<number>();
      for (const variantId of snap.selections.get(last.outgoingId) ?? []) {
        const p = product.get(variant.get(variantId)?.productId ?? -1);
        if (!p) continue;
        productIds.add(p.id);
        producerIds.add(p.producerId);
      }
      const producers = [...producerIds].map((id) => enterprise.get(id)).filter((e): e is Enterprise => e !== undefined);
      lastSale = { products: productIds.size, producers: producers.sort((a, b) => compareText(a.name, b.name)) };
    }
    const producerCounts = new Map<number, { producer: Enterprise; count: number }>();
    const labelIds = new Set<number>();
    for (const c of categories)
      for (const sp of c.products) {
        const entry = producerCounts.get(sp.producer.id) ?? { producer: sp.producer, count: 0 };
        entry.count += sp.shelves.length;
        producerCounts.set(sp.producer.id, entry);
        for (const l of sp.labels) labelIds.add(l.id);
      }
    return {
      ...status,
      categories,
      parts: splitIntoParts(categories, variantCount),
      variantCount,
      producers: [...producerCounts.values()].sort((a, b) => compareText(a.producer.name, b.producer.name)),
      labels: labelsOf([...labelIds]),
      lastSale,
    };
  });

  const productView = memo((productId: number): ProductView | null => {
    const p = product.get(productId);
    const producer = p && enterprise.get(p.producerId);
    const variants = variantsOf.get(productId);
    if (!p || !producer || !variants) return null;
    const offers = (openSellers.get(productId) ?? []).map((o) => {
      const sold = selectionSet(o.outgoingId);
      return { hub: statusOf.get(o.hubId)!.hub, outgoing: o, shelves: variants.filter((v) => sold.has(v.id)).map((v) => priceFor(o, v, p.producerId)) };
    });
    const upcoming = (nextSellers.get(productId) ?? []).filter((u) => !offers.some((o) => o.hub.id === u.hubId)).map((o) => ({ hub: statusOf.get(o.hubId)!.hub, outgoing: o }));
    return {
      product: p,
      producer,
      category: category.get(p.categoryId)!,
      labels: labelsOf(p.labelIds),
      variants,
      offers: offers.sort((a, b) => compareText(a.hub.name, b.hub.name)),
      upcoming: upcoming.sort((a, b) => a.outgoing.opensAt - b.outgoing.opensAt),
    };
  });

  const productsWithPage = snap.products.flatMap((p) => {
    const producer = enterprise.get(p.producerId);
    return producer && variantsOf.has(p.id) ? [{ product: p, producer }] : [];
  });
  const productsOf = new Map<number, Product[]>();
  for (const { product: p } of productsWithPage) pushTo(productsOf, p.producerId, p);

  const producerView = memo((producerId: number): ProducerView => {
    const producer = enterprise.get(producerId)!;
    const byCategory = new Map<number, ProducerView['categories'][number]>();
    const hubMap = new Map<number, ProducerView['hubs'][number]>();
    for (const p of productsOf.get(producerId) ?? []) {
      const cat = category.get(p.categoryId)!;
      let c = byCategory.get(cat.id);
      if (!c) byCategory.set(cat.id, (c = { category: cat, products: [] }));
      c.products.push({ product: p, variants: variantsOf.get(p.id)! });
      for (const o of openSellers.get(p.id) ?? []) hubMap.set(o.hubId, { hub: statusOf.get(o.hubId)!.hub, open: o, next: null });
      for (const o of nextSellers.get(p.id) ?? []) if (!hubMap.get(o.hubId)?.open) hubMap.set(o.hubId, { hub: statusOf.get(o.hubId)!.hub, open: null, next: o });
    }
    return {
      producer,
      labels: labelsOf(producer.labelIds),
      categories: [...byCategory.values()].sort((a, b) => a.category.position - b.category.position),
      hubs: [...hubMap.values()].sort((a, b) => Number(b.open !== null) - Number(a.open !== null) || compareText(a.hub.name, b.hub.name)),
    };
  });

  const impact = memo((_: 0): ImpactView => {
    const activeProducers = new Set<number>();
    for (const productId of [...openSellers.keys(), ...nextSellers.keys()]) activeProducers.add(product.get(productId)!.producerId);
    return {
      activeProducers: activeProducers.size,
      activeHubs: hubs.filter((h) => h.open || h.membersOnly || h.next).length,
      productsOnSale: openSellers.size,
      productsListed: productsWithPage.length,
      cycles: impactCycles,
    };
  });

  return {
    now: snap.now,
    hubs,
    producers: snap.enterprises.filter((e) => e.isProducer),
    labels: label,
    products: productsWithPage,
    shop,
    product: productView,
    producer: producerView,
    impact: () => impact(0),
  };
}

/** Parts of about PART_VARIANTS variants, breaking between products; a category may span two parts. */
export function splitIntoParts(categories: ShelfCategory[], variantCount: number): ShopPart[] {
  if (variantCount <= SINGLE_PAGE_MAX_VARIANTS) return [{ number: 1, categories, variantCount }];
  const parts: ShopPart[] = [];
  let current: ShopPart = { number: 1, categories: [], variantCount: 0 };
  for (const c of categories) {
    let slice: ShelfCategory | null = null;
    for (const sp of c.products) {
      if (current.variantCount >= PART_VARIANTS) {
        parts.push(current);
        current = { number: parts.length + 1, categories: [], variantCount: 0 };
        slice = null;
      }
      if (!slice) current.categories.push((slice = { category: c.category, products: [], variantCount: 0 }));
      slice.products.push(sp);
      slice.variantCount += sp.shelves.length;
      current.variantCount += sp.shelves.length;
    }
  }
  if (current.variantCount > 0 || parts.length === 0) parts.push(current);
  return parts;
}
