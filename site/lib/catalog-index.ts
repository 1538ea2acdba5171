// The build's catalog snapshot indexed once for the views of the public pages (catalog-view.ts):
// records by id, each product's variants, each hub's sales (open now, next, last) and which public
// sales sell each product. Pure code, no I/O.
import type { CatalogOutgoing, CatalogSnapshot, ImpactCycle } from '../../db/catalog/site.ts';

export type Enterprise = CatalogSnapshot['enterprises'][number];
export type Product = CatalogSnapshot['products'][number];
export type Variant = CatalogSnapshot['variants'][number];
export type Category = CatalogSnapshot['categories'][number];
export type Label = CatalogSnapshot['labels'][number];

/** A hub and its sales: what the home page and the hub list show. */
export interface HubStatus {
  hub: Enterprise;
  /** The public cycle open now (the one closing first if several overlap): the one the shop's URL shows. */
  open: CatalogOutgoing | null;
  /** Every public cycle open now, the one closing first first (`open` is opens[0]): the shop's chooser. */
  opens: CatalogOutgoing[];
  /** A members-only cycle open now, when no public one is: its products are not published. */
  membersOnly: CatalogOutgoing | null;
  next: CatalogOutgoing | null;
  last: CatalogOutgoing | null;
}

export interface CatalogIndex {
  snap: CatalogSnapshot;
  impactCycles: ImpactCycle[];
  enterprise: Map<number, Enterprise>;
  product: Map<number, Product>;
  category: Map<number, Category>;
  label: Map<number, Label>;
  variant: Map<number, Variant>;
  /** Variants come sorted by product and position: shelves keep that order. */
  order: Map<number, number>;
  variantsOf: Map<number, Variant[]>;
  hubs: HubStatus[];
  statusOf: Map<number, HubStatus>;
  /** Which public sales sell each product: open now (offers)… */
  openSellers: Map<number, CatalogOutgoing[]>;
  /** …or next to open (upcoming). */
  nextSellers: Map<number, CatalogOutgoing[]>;
  /** Products with at least one variant (those that have a page), with their producer. */
  productsWithPage: Array<{ product: Product; producer: Enterprise }>;
  productsOf: Map<number, Product[]>;
  /** Variant ids of each outgoing as a set, made when first asked for (soldIn). */
  selectionSets: Map<number, Set<number>>;
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexCatalog(snap: CatalogSnapshot, impactCycles: ImpactCycle[] = []): CatalogIndex {
  const enterprise = new Map(snap.enterprises.map((e) => [e.id, e]));
  const product = new Map(snap.products.map((p) => [p.id, p]));
  const variant = new Map(snap.variants.map((v) => [v.id, v]));
  const variantsOf = new Map<number, Variant[]>();
  for (const v of snap.variants) if (product.has(v.productId)) pushTo(variantsOf, v.productId, v);
  const hubs = hubStatuses(snap);
  const [openSellers, nextSellers] = sellersByProduct(snap, hubs, variant, product);
  const productsWithPage = snap.products.flatMap((p) => {
    const producer = enterprise.get(p.producerId);
    return producer && variantsOf.has(p.id) ? [{ product: p, producer }] : [];
  });
  const productsOf = new Map<number, Product[]>();
  for (const { product: p } of productsWithPage) pushTo(productsOf, p.producerId, p);
  return {
    snap,
    impactCycles,
    enterprise,
    product,
    category: new Map(snap.categories.map((c) => [c.id, c])),
    label: new Map(snap.labels.map((l) => [l.id, l])),
    variant,
    order: new Map(snap.variants.map((v, i) => [v.id, i])),
    variantsOf,
    hubs,
    statusOf: new Map(hubs.map((h) => [h.hub.id, h])),
    openSellers,
    nextSellers,
    productsWithPage,
    productsOf,
    selectionSets: new Map(),
  };
}

function hubStatuses(snap: CatalogSnapshot): HubStatus[] {
  const outgoingsOf = new Map<number, CatalogOutgoing[]>();
  for (const o of snap.outgoings) pushTo(outgoingsOf, o.hubId, o);
  return snap.enterprises
    .filter((e) => e.isHub)
    .map((hub) => {
      const mine = outgoingsOf.get(hub.id) ?? [];
      const openAll = mine.filter((o) => o.phase === 'open').sort((a, b) => a.closesAt - b.closesAt || a.cycleId - b.cycleId);
      const opens = openAll.filter((o) => o.requiredTag === null);
      const open = opens[0] ?? null;
      return {
        hub,
        open,
        opens,
        membersOnly: open ? null : (openAll[0] ?? null),
        // The public ones: a members-only sale opening first, or the last to close, says nothing to the public.
        next: mine.find((o) => o.phase === 'upcoming' && o.requiredTag === null) ?? null,
        last: mine.find((o) => o.phase === 'closed' && o.requiredTag === null) ?? null,
      };
    });
}

/** The public sales selling each product: [open now, next to open]. */
function sellersByProduct(snap: CatalogSnapshot, hubs: HubStatus[], variant: Map<number, Variant>, product: Map<number, Product>) {
  const openSellers = new Map<number, CatalogOutgoing[]>();
  const nextSellers = new Map<number, CatalogOutgoing[]>();
  for (const h of hubs) {
    for (const [outgoing, sellers] of [
      ...h.opens.map((o) => [o, openSellers] as const),
      [h.next?.requiredTag === null ? h.next : null, nextSellers] as const,
    ]) {
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
  return [openSellers, nextSellers] as const;
}

/** The labels with these ids, in id order (unknown ids left out). */
export const labelsOf = (index: CatalogIndex, ids: number[]) =>
  ids
    .map((id) => index.label.get(id))
    .filter((l): l is Label => l !== undefined)
    .sort((a, b) => a.id - b.id);

/** The variant ids an outgoing sells. */
export function soldIn(index: CatalogIndex, outgoingId: number): Set<number> {
  let set = index.selectionSets.get(outgoingId);
  if (!set) index.selectionSets.set(outgoingId, (set = new Set(index.snap.selections.get(outgoingId) ?? [])));
  return set;
}
