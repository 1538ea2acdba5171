// What each public page shows, derived from the catalog snapshot of the build: shops with their priced
// shelves (split into parts when large), producers, products with where and when to buy them, and the
// impact figures. Each view is a function of the one index (catalog-index.ts); buildCatalogView binds
// them to it and computes each page's view when first asked for, so a rebuild of a few pages prices
// only what those pages show. The worker uses it too, for the product pages it renders on demand. Pure code: the hub's offer comes from domain/offers.ts and prices from
// domain/pricing.ts; nothing here does I/O.
import type { CatalogOutgoing, CatalogSnapshot, ImpactCycle } from '../../db/catalog/site.ts';
import { overrideKey } from '../../db/catalog/site.ts';
import { offerOf } from '../../domain/offers.ts';
import { shelfPrice, type ShelfPrice } from '../../domain/pricing.ts';
import type { UnitKind } from '../../domain/units.ts';
import {
  indexCatalog,
  labelsOf,
  soldIn,
  type CatalogIndex,
  type Category,
  type Enterprise,
  type HubStatus,
  type Label,
  type Product,
  type Variant,
} from './catalog-index.ts';

export type { CatalogIndex, Category, Enterprise, HubStatus, Label, Product, Variant };
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

/** A shop as one of its sales shows it: `open` is that sale (the shop's first by default), `opens` all of them. */
export interface ShopView extends HubStatus {
  categories: ShelfCategory[];
  parts: ShopPart[];
  variantCount: number;
  /** Filter choices: producers and labels present in the shop, in name order. */
  producers: Array<{ producer: Enterprise; count: number }>;
  labels: Label[];
  lastSale: { products: number; producers: Enterprise[] } | null;
}

/** One (hub, sale) where a product can be bought now; a hub selling several sales at once has one each. */
export interface Offer {
  hub: Enterprise;
  outgoing: CatalogOutgoing;
  /** The sale at the hub's shop URL (its first open one): the others have pages of their own. */
  shownAtShop: number;
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
  /** A hub's shop for one of its open public sales (by cycle id; by default the one closing first). */
  shop(hubId: number, cycleId?: number): ShopView;
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

/** Each key's value computed once; with `keep`, only the last `keep` are kept (the least recently used go). */
function memo<K, V>(compute: (key: K) => V, keep = Infinity): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value !== undefined || cache.has(key)) {
      cache.delete(key);
    } else {
      value = compute(key);
      if (cache.size >= keep) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, value as V);
    return value as V;
  };
}

/**
 * Priced shops kept at once. A national build prices hundreds of thousands of shelves: kept all at once
 * they made a gigabyte-sized heap that the garbage collector went through again and again. Pages of one
 * shop are rendered one after the other, so a few suffice; a shop asked for again is priced again.
 */
const SHOPS_KEPT = 4;

/** The build's catalog and its views over one index, each view computed once, when first asked for. */
export function buildCatalogView(snap: CatalogSnapshot, impactCycles: ImpactCycle[] = []): CatalogView {
  const index = indexCatalog(snap, impactCycles);
  const impact = memo((_: 0) => impactView(index));
  return {
    now: snap.now,
    hubs: index.hubs,
    producers: snap.enterprises.filter((e) => e.isProducer),
    labels: index.label,
    products: index.productsWithPage,
    shop: (() => {
      const shop = memo((key: string) => {
        const [hubId, cycleId] = key.split(':').map(Number);
        return shopView(index, hubId!, cycleId || undefined);
      }, SHOPS_KEPT);
      return (hubId: number, cycleId?: number) => shop(`${hubId}:${cycleId ?? ''}`);
    })(),
    product: memo((productId: number) => productView(index, productId)),
    producer: memo((producerId: number) => producerView(index, producerId)),
    impact: () => impact(0),
  };
}

function priceFor(index: CatalogIndex, o: CatalogOutgoing, v: Variant, producerId: number): Shelf {
  const offer = offerOf(v, index.snap.overrides.get(overrideKey(o.hubId, v.id)));
  return {
    variantId: v.id,
    name: v.name,
    unitKind: v.unitKind,
    unitValue: v.unitValue,
    onDemand: offer.onDemand,
    onHand: offer.onHand,
    price: shelfPrice(
      { producerId, basePriceCents: offer.priceCents, vatRateBp: v.vatRateBp, unitKind: v.unitKind, unitValue: v.unitValue },
      index.snap.fees.get(o.cycleId) ?? [],
      o.hubId,
    ),
  };
}

export function shopView(index: CatalogIndex, hubId: number, cycleId?: number): ShopView {
  const status = index.statusOf.get(hubId)!;
  const { last } = status;
  const open = cycleId === undefined ? status.open : status.opens.find((o) => o.cycleId === cycleId);
  if (open === undefined) throw new Error(`hub ${hubId} has no open public sale of cycle ${cycleId}`);
  const { categories, variantCount } = open ? shelvesOf(index, open) : { categories: [], variantCount: 0 };
  const lastSale = !open && last && last.requiredTag === null ? lastSaleOf(index, last) : null;
  const { producers, labels } = filterChoices(index, categories);
  return { ...status, open, categories, parts: splitIntoParts(categories, variantCount), variantCount, producers, labels, lastSale };
}

/** The priced shelves of an open sale: categories in position order, products by name. */
function shelvesOf(index: CatalogIndex, open: CatalogOutgoing): { categories: ShelfCategory[]; variantCount: number } {
  const { variant, product, enterprise, category, order } = index;
  let variantCount = 0;
  const byProduct = new Map<number, ShelfProduct>();
  for (const variantId of index.snap.selections.get(open.outgoingId) ?? []) {
    const v = variant.get(variantId);
    const p = v && product.get(v.productId);
    const producer = p && enterprise.get(p.producerId);
    if (!v || !p || !producer) continue; // archived variant or product: not for sale
    let sp = byProduct.get(p.id);
    if (!sp) byProduct.set(p.id, (sp = { product: p, producer, labels: labelsOf(index, p.labelIds), shelves: [] }));
    sp.shelves.push(priceFor(index, open, v, p.producerId));
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
  const categories = [...byCategory.values()].sort((a, b) => a.category.position - b.category.position || a.category.id - b.category.id);
  for (const c of categories) c.products.sort((a, b) => compareText(a.product.name, b.product.name) || a.product.id - b.product.id);
  return { categories, variantCount };
}

/** What a closed shop's last public sale sold: how many products, from which producers. */
function lastSaleOf(index: CatalogIndex, last: CatalogOutgoing): NonNullable<ShopView['lastSale']> {
  const productIds = new Set<number>();
  const producerIds = new Set<number>();
  for (const variantId of index.snap.selections.get(last.outgoingId) ?? []) {
    const p = index.product.get(index.variant.get(variantId)?.productId ?? -1);
    if (!p) continue;
    productIds.add(p.id);
    producerIds.add(p.producerId);
  }
  const producers = [...producerIds].map((id) => index.enterprise.get(id)).filter((e): e is Enterprise => e !== undefined);
  return { products: productIds.size, producers: producers.sort((a, b) => compareText(a.name, b.name)) };
}

/** The shop's filter choices: the producers on its shelves (with how many variants each) and the labels. */
function filterChoices(index: CatalogIndex, categories: ShelfCategory[]): Pick<ShopView, 'producers' | 'labels'> {
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
    producers: [...producerCounts.values()].sort((a, b) => compareText(a.producer.name, b.producer.name)),
    labels: labelsOf(index, [...labelIds]),
  };
}

export function productView(index: CatalogIndex, productId: number): ProductView | null {
  const p = index.product.get(productId);
  const producer = p && index.enterprise.get(p.producerId);
  const variants = index.variantsOf.get(productId);
  if (!p || !producer || !variants) return null;
  const hubOf = (o: CatalogOutgoing) => index.statusOf.get(o.hubId)!.hub;
  const offers = (index.openSellers.get(productId) ?? []).map((o) => {
    const sold = soldIn(index, o.outgoingId);
    return {
      hub: hubOf(o),
      outgoing: o,
      shownAtShop: index.statusOf.get(o.hubId)!.opens[0]!.cycleId,
      shelves: variants.filter((v) => sold.has(v.id)).map((v) => priceFor(index, o, v, p.producerId)),
    };
  });
  const upcoming = (index.nextSellers.get(productId) ?? [])
    .filter((u) => !offers.some((o) => o.hub.id === u.hubId))
    .map((o) => ({ hub: hubOf(o), outgoing: o }));
  return {
    product: p,
    producer,
    category: index.category.get(p.categoryId)!,
    labels: labelsOf(index, p.labelIds),
    variants,
    offers: offers.sort((a, b) => compareText(a.hub.name, b.hub.name) || a.outgoing.closesAt - b.outgoing.closesAt),
    upcoming: upcoming.sort((a, b) => a.outgoing.opensAt - b.outgoing.opensAt),
  };
}

export function producerView(index: CatalogIndex, producerId: number): ProducerView {
  const producer = index.enterprise.get(producerId)!;
  const hubOf = (o: CatalogOutgoing) => index.statusOf.get(o.hubId)!.hub;
  const byCategory = new Map<number, ProducerView['categories'][number]>();
  const hubMap = new Map<number, ProducerView['hubs'][number]>();
  for (const p of index.productsOf.get(producerId) ?? []) {
    const cat = index.category.get(p.categoryId)!;
    let c = byCategory.get(cat.id);
    if (!c) byCategory.set(cat.id, (c = { category: cat, products: [] }));
    c.products.push({ product: p, variants: index.variantsOf.get(p.id)! });
    for (const o of index.openSellers.get(p.id) ?? []) hubMap.set(o.hubId, { hub: hubOf(o), open: o, next: null });
    for (const o of index.nextSellers.get(p.id) ?? [])
      if (!hubMap.get(o.hubId)?.open) hubMap.set(o.hubId, { hub: hubOf(o), open: null, next: o });
  }
  return {
    producer,
    labels: labelsOf(index, producer.labelIds),
    categories: [...byCategory.values()].sort((a, b) => a.category.position - b.category.position),
    hubs: [...hubMap.values()].sort((a, b) => Number(b.open !== null) - Number(a.open !== null) || compareText(a.hub.name, b.hub.name)),
  };
}

export function impactView(index: CatalogIndex): ImpactView {
  const activeProducers = new Set<number>();
  for (const productId of [...index.openSellers.keys(), ...index.nextSellers.keys()])
    activeProducers.add(index.product.get(productId)!.producerId);
  return {
    activeProducers: activeProducers.size,
    activeHubs: index.hubs.filter((h) => h.open || h.membersOnly || h.next).length,
    productsOnSale: index.openSellers.size,
    productsListed: index.productsWithPage.length,
    cycles: index.impactCycles,
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
