// Read side of the catalog: which shops are open, what is for sale in a shop and at what price.
// The site build and the worker both call these, so a price is computed one way everywhere.
import { and, asc, between, eq, gt, isNull, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { MAX_EPOCH_MS, MIN_EPOCH_MS } from '../domain/limits.ts';
import type { CycleFee } from '../domain/fees.ts';
import { shelfPrice, type ShelfPrice } from '../domain/pricing.ts';
import type { UnitKind } from '../domain/units.ts';
import type { Db } from './client.ts';
import {
  categories,
  cycleFees,
  cycleOutgoing,
  cycleOutgoingVariants,
  enterpriseFees,
  enterpriseLabels,
  enterprises,
  labels,
  orderCycles,
  paymentMethods,
  productLabels,
  products,
  shippingMethods,
  tagVariantRules,
  variantOverrides,
  variants,
} from './schema/index.ts';

/**
 * An integer column as a number JavaScript can hold. A value past 2^53 (stored before the API bounded
 * its input) comes back approximate, as a REAL, rather than failing the whole query: the page that
 * lists it still opens, and the row can be repaired.
 */
export const readableInt = (column: SQLWrapper) => sql<number>`CASE WHEN ${column} BETWEEN -9007199254740991 AND 9007199254740991 THEN ${column} ELSE CAST(${column} AS REAL) END`;

/** A nullable time column, or null when it is outside the platform's range (such a time cannot be shown). */
export const timeInRange = (column: SQLWrapper) => sql<number | null>`CASE WHEN ${column} BETWEEN ${sql.raw(String(MIN_EPOCH_MS))} AND ${sql.raw(String(MAX_EPOCH_MS))} THEN ${column} END`;

/** A cycle whose times are within the platform's range: the only ones shops and catalog pages offer. */
export const cycleTimesInRange = () =>
  and(between(orderCycles.opensAt, sql.raw(String(MIN_EPOCH_MS)), sql.raw(String(MAX_EPOCH_MS))), between(orderCycles.closesAt, sql.raw(String(MIN_EPOCH_MS)), sql.raw(String(MAX_EPOCH_MS))))!;

export interface ShopCycle {
  cycleId: number;
  name: string;
  opensAt: number;
  closesAt: number;
  outgoingId: number;
  collectionStartsAt: number | null;
  collectionEndsAt: number | null;
  collectionPlace: string;
  instructions: string;
  requiredTag: string | null;
}

const shopCycleColumns = {
  cycleId: orderCycles.id,
  name: orderCycles.name,
  opensAt: orderCycles.opensAt,
  closesAt: orderCycles.closesAt,
  outgoingId: cycleOutgoing.id,
  collectionStartsAt: timeInRange(cycleOutgoing.collectionStartsAt),
  collectionEndsAt: timeInRange(cycleOutgoing.collectionEndsAt),
  collectionPlace: cycleOutgoing.collectionPlace,
  instructions: cycleOutgoing.instructions,
  requiredTag: cycleOutgoing.requiredTag,
};

/**
 * The hub's public cycle open at `now` (the one closing first if several overlap), if any. A sale
 * reserved to tagged customers is not public: shoppers have no identity to prove a tag yet, so
 * neither the pages nor the cart API offer it.
 */
export function openCycleQuery(db: Db, hubId: number, now: number) {
  return db
    .select(shopCycleColumns)
    .from(cycleOutgoing)
    .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
    .where(and(eq(cycleOutgoing.hubId, hubId), isNull(cycleOutgoing.requiredTag), lte(orderCycles.opensAt, now), gt(orderCycles.closesAt, now), cycleTimesInRange()))
    .orderBy(asc(orderCycles.closesAt))
    .limit(1);
}

export async function openCycle(db: Db, hubId: number, now: number): Promise<ShopCycle | null> {
  return (await openCycleQuery(db, hubId, now))[0] ?? null;
}

/** The hub's next cycle to open after `now`, if any. */
export async function nextCycle(db: Db, hubId: number, now: number): Promise<ShopCycle | null> {
  const rows = await db
    .select(shopCycleColumns)
    .from(cycleOutgoing)
    .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
    .where(and(eq(cycleOutgoing.hubId, hubId), gt(orderCycles.opensAt, now), cycleTimesInRange()))
    .orderBy(asc(orderCycles.opensAt))
    .limit(1);
  return rows[0] ?? null;
}

export function cycleFeesQuery(db: Db, cycleId: number | SQL) {
  return db
    .select({
      feeId: enterpriseFees.id,
      enterpriseId: enterpriseFees.enterpriseId,
      enterpriseName: enterprises.name,
      name: enterpriseFees.name,
      feeType: enterpriseFees.feeType,
      calculator: enterpriseFees.calculator,
      amount: enterpriseFees.amount,
      vatRateBp: enterpriseFees.vatRateBp,
      role: cycleFees.role,
      producerId: cycleFees.producerId,
      hubId: cycleFees.hubId,
    })
    .from(cycleFees)
    .innerJoin(enterpriseFees, eq(enterpriseFees.id, cycleFees.feeId))
    .innerJoin(enterprises, eq(enterprises.id, enterpriseFees.enterpriseId))
    .where(eq(cycleFees.cycleId, cycleId))
    .orderBy(asc(cycleFees.id));
}

export async function cycleFeeList(db: Db, cycleId: number): Promise<CycleFee[]> {
  return cycleFeesQuery(db, cycleId);
}

/** A variant as a shop offers it, priced for that shop. */
export interface ShopItem {
  variantId: number;
  variantName: string;
  unitKind: UnitKind;
  unitValue: number;
  productId: number;
  productSlug: string;
  productName: string;
  description: string;
  categoryId: number;
  categorySlug: string;
  categoryName: string;
  categoryPosition: number;
  producerId: number;
  producerSlug: string;
  producerName: string;
  onDemand: boolean;
  /** Stock the shop can sell (hub override first, else the producer's); meaningless when on demand. */
  onHand: number;
  maxPerOrder: number | null;
  price: ShelfPrice;
}

/**
 * Variants in a hub's outgoing selection for a cycle, with the hub's overrides applied.
 * Sold-out variants are included (shops show them as sold out, consistently). Ids may be SQL
 * subqueries so a cart can be read in one round trip; `filter` narrows the variants (a cart's lines).
 */
export function shopVariantsQuery(db: Db, outgoingId: number | SQL, hubId: number | SQL, filter?: SQL) {
  return db
    .select({
      variantId: variants.id,
      variantName: variants.name,
      unitKind: variants.unitKind,
      unitValue: variants.unitValue,
      priceCents: sql<number>`coalesce(${variantOverrides.priceCents}, ${variants.priceCents})`,
      vatRateBp: variants.vatRateBp,
      onDemand: sql<number>`coalesce(${variantOverrides.onDemand}, ${variants.onDemand})`,
      onHand: sql<number>`coalesce(${variantOverrides.onHand}, ${variants.onHand})`,
      maxPerOrder: variants.maxPerOrder,
      productId: products.id,
      productSlug: products.slug,
      productName: products.name,
      description: products.description,
      categoryId: categories.id,
      categorySlug: categories.slug,
      categoryName: categories.nameFr,
      categoryPosition: categories.position,
      producerId: enterprises.id,
      producerSlug: enterprises.slug,
      producerName: enterprises.name,
    })
    .from(cycleOutgoingVariants)
    .innerJoin(variants, eq(variants.id, cycleOutgoingVariants.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(enterprises, eq(enterprises.id, products.producerId))
    .leftJoin(variantOverrides, and(eq(variantOverrides.hubId, hubId), eq(variantOverrides.variantId, variants.id)))
    .where(
      and(
        eq(cycleOutgoingVariants.outgoingId, outgoingId),
        isNull(variants.archivedAt),
        isNull(products.archivedAt),
        filter,
      ),
    )
    .orderBy(asc(categories.position), asc(products.name), asc(variants.position), asc(variants.id));
}

export type ShopVariantRow = Awaited<ReturnType<typeof shopVariantsQuery>>[number];

export function toShopItem(row: ShopVariantRow, fees: readonly CycleFee[], hubId: number): ShopItem {
  const { priceCents, vatRateBp, onDemand, ...rest } = row;
  return {
    ...rest,
    onDemand: Boolean(onDemand),
    price: shelfPrice({ producerId: row.producerId, basePriceCents: priceCents, vatRateBp, unitKind: row.unitKind, unitValue: row.unitValue }, fees, hubId),
  };
}

/** Variants a hub shows only to customers with a tag: never listed on public pages. */
export function tagOnlyVariantIds(hubId: number | SQL) {
  return sql`SELECT ${tagVariantRules.variantId} FROM ${tagVariantRules} WHERE ${tagVariantRules.hubId} = ${hubId}`;
}

/**
 * What a hub's shop lists publicly in a cycle (tag-only variants left out), priced: one round trip
 * (fees and variants batched).
 */
export async function shopItems(db: Db, shop: { hubId: number; cycleId: number; outgoingId: number }): Promise<ShopItem[]> {
  const [fees, rows] = await db.batch([
    cycleFeesQuery(db, shop.cycleId),
    shopVariantsQuery(db, shop.outgoingId, shop.hubId, sql`${variants.id} NOT IN (${tagOnlyVariantIds(shop.hubId)})`),
  ]);
  return rows.map((r) => toShopItem(r, fees, shop.hubId));
}

/** Stock at or below this is shown as « plus que N ». */
export const LOW_STOCK = 5;

/** Variants of a shop that are sold out or nearly so: the live overlay's stock, small at any catalog size. */
export function lowStockQuery(db: Db, outgoingId: number, hubId: number) {
  const onHand = sql<number>`coalesce(${variantOverrides.onHand}, ${variants.onHand})`;
  return db
    .select({ variantId: variants.id, onHand })
    .from(cycleOutgoingVariants)
    .innerJoin(variants, eq(variants.id, cycleOutgoingVariants.variantId))
    .leftJoin(variantOverrides, and(eq(variantOverrides.hubId, hubId), eq(variantOverrides.variantId, variants.id)))
    .where(and(eq(cycleOutgoingVariants.outgoingId, outgoingId), sql`NOT coalesce(${variantOverrides.onDemand}, ${variants.onDemand})`, lte(onHand, LOW_STOCK)));
}

export async function hubBySlug(db: Db, slug: string) {
  const rows = await db.select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name }).from(enterprises).where(and(eq(enterprises.slug, slug), eq(enterprises.isHub, true)));
  return rows[0] ?? null;
}

export interface HubSummary {
  id: number;
  slug: string;
  name: string;
  commune: string;
  description: string;
  open: ShopCycle | null;
  next: ShopCycle | null;
}

/** Every hub with the cycle open at `now` and the next one to open. */
export async function hubSummaries(db: Db, now: number): Promise<HubSummary[]> {
  const [hubs, cycles] = await db.batch([
    db.select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name, commune: enterprises.commune, description: enterprises.description }).from(enterprises).where(eq(enterprises.isHub, true)).orderBy(asc(enterprises.name)),
    db
      .select({ hubId: cycleOutgoing.hubId, ...shopCycleColumns })
      .from(cycleOutgoing)
      .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
      .where(and(gt(orderCycles.closesAt, now), cycleTimesInRange()))
      .orderBy(asc(orderCycles.opensAt)),
  ]);
  return hubs.map((h) => {
    const mine = cycles.filter((c) => c.hubId === h.id).map(({ hubId: _, ...c }) => c);
    const open = mine.filter((c) => c.opensAt <= now).sort((a, b) => a.closesAt - b.closesAt)[0] ?? null;
    return { ...h, open, next: mine.find((c) => c.opensAt > now) ?? null };
  });
}

export interface ProducerSummary {
  id: number;
  slug: string;
  name: string;
  commune: string;
  description: string;
  labels: string[];
}

export async function producerSummaries(db: Db): Promise<ProducerSummary[]> {
  const [producers, labelRows] = await db.batch([
    db.select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name, commune: enterprises.commune, description: enterprises.description }).from(enterprises).where(eq(enterprises.isProducer, true)).orderBy(asc(enterprises.name)),
    db.select({ enterpriseId: enterpriseLabels.enterpriseId, name: labels.nameFr }).from(enterpriseLabels).innerJoin(labels, eq(labels.id, enterpriseLabels.labelId)),
  ]);
  return producers.map((p) => ({ ...p, labels: labelRows.filter((l) => l.enterpriseId === p.id).map((l) => l.name) }));
}

/** A producer's active products and variants, and the hubs whose open or upcoming cycles sell them. */
export async function producerCatalog(db: Db, producerId: number, now: number) {
  const [rows, hubs] = await db.batch([
    db
      .select({
        productId: products.id,
        productName: products.name,
        description: products.description,
        categoryName: categories.nameFr,
        variantId: variants.id,
        variantName: variants.name,
        unitKind: variants.unitKind,
        unitValue: variants.unitValue,
      })
      .from(products)
      .innerJoin(variants, and(eq(variants.productId, products.id), isNull(variants.archivedAt)))
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(and(eq(products.producerId, producerId), isNull(products.archivedAt)))
      .orderBy(asc(categories.position), asc(products.name), asc(variants.position)),
    db
      .selectDistinct({ slug: enterprises.slug, name: enterprises.name, opensAt: orderCycles.opensAt, closesAt: orderCycles.closesAt })
      .from(cycleOutgoingVariants)
      .innerJoin(cycleOutgoing, eq(cycleOutgoing.id, cycleOutgoingVariants.outgoingId))
      .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
      .innerJoin(enterprises, eq(enterprises.id, cycleOutgoing.hubId))
      .innerJoin(variants, eq(variants.id, cycleOutgoingVariants.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .where(and(eq(products.producerId, producerId), gt(orderCycles.closesAt, now), cycleTimesInRange()))
      .orderBy(asc(orderCycles.opensAt)),
  ]);
  const byProduct = new Map<number, { productId: number; productName: string; description: string; categoryName: string; variants: { variantId: number; variantName: string; unitKind: UnitKind; unitValue: number }[] }>();
  for (const r of rows) {
    const p = byProduct.get(r.productId) ?? { productId: r.productId, productName: r.productName, description: r.description, categoryName: r.categoryName, variants: [] };
    p.variants.push({ variantId: r.variantId, variantName: r.variantName, unitKind: r.unitKind, unitValue: r.unitValue });
    byProduct.set(r.productId, p);
  }
  const hubMap = new Map<string, { slug: string; name: string; openNow: boolean; opensAt: number }>();
  for (const h of hubs) {
    const openNow = h.opensAt <= now;
    const seen = hubMap.get(h.slug);
    if (!seen || (openNow && !seen.openNow)) hubMap.set(h.slug, { slug: h.slug, name: h.name, openNow, opensAt: h.opensAt });
  }
  return { products: [...byProduct.values()], hubs: [...hubMap.values()] };
}

/** Collection/delivery and payment methods a hub offers, and its terms and minimum order. */
export async function checkoutOptions(db: Db, hubId: number) {
  const [shipping, payment, hub] = await db.batch([
    db.select().from(shippingMethods).where(and(eq(shippingMethods.hubId, hubId), isNull(shippingMethods.archivedAt))).orderBy(asc(shippingMethods.position), asc(shippingMethods.id)),
    db.select().from(paymentMethods).where(and(eq(paymentMethods.hubId, hubId), isNull(paymentMethods.archivedAt))).orderBy(asc(paymentMethods.position), asc(paymentMethods.id)),
    db.select({ termsText: enterprises.termsText, minOrderCents: enterprises.minOrderCents }).from(enterprises).where(eq(enterprises.id, hubId)),
  ]);
  return { shipping, payment, termsText: hub[0]?.termsText ?? null, minOrderCents: hub[0]?.minOrderCents ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// The whole public catalog for a site build: a handful of queries in one batch, whatever the number of
// pages, so a build never runs one query per page.

export type CyclePhase = 'open' | 'upcoming' | 'closed';

export interface CatalogOutgoing extends ShopCycle {
  hubId: number;
  coordinatorId: number;
  phase: CyclePhase;
}

export interface CatalogSnapshot {
  now: number;
  categories: Array<{ id: number; slug: string; nameFr: string; nameEn: string; position: number }>;
  labels: Array<{ id: number; slug: string; nameFr: string; nameEn: string }>;
  enterprises: Array<{
    id: number;
    slug: string;
    name: string;
    isProducer: boolean;
    isHub: boolean;
    description: string;
    postalCode: string;
    commune: string;
    website: string | null;
    labelIds: number[];
  }>;
  products: Array<{ id: number; producerId: number; categoryId: number; slug: string; name: string; description: string; labelIds: number[] }>;
  variants: Array<{ id: number; productId: number; name: string; unitKind: UnitKind; unitValue: number; priceCents: number; vatRateBp: number; onHand: number; onDemand: boolean; maxPerOrder: number | null; position: number }>;
  /** Per hub: every open cycle, the next one to open and the last one closed. */
  outgoings: CatalogOutgoing[];
  /** Variant ids of each outgoing above, tag-only variants of the hub left out. */
  selections: Map<number, number[]>;
  overrides: Map<string, { priceCents: number | null; onHand: number | null; onDemand: boolean | null }>;
  fees: Map<number, CycleFee[]>;
}

export const overrideKey = (hubId: number, variantId: number) => `${hubId}:${variantId}`;

/** Loads everything the public pages show, in one round trip. */
export async function loadCatalog(db: Db, now: number): Promise<CatalogSnapshot> {
  const phase = sql.raw(`CASE WHEN oc.opens_at <= ${Number(now)} AND oc.closes_at > ${Number(now)} THEN 'open' WHEN oc.opens_at > ${Number(now)} THEN 'upcoming' ELSE 'closed' END`);
  // A cycle with times past the platform's range (stored before the API bounded them) is not published:
  // it cannot be shown, and one such row must not stop every other page.
  const timesInRangeSql = sql.raw(`oc.opens_at BETWEEN ${MIN_EPOCH_MS} AND ${MAX_EPOCH_MS} AND oc.closes_at BETWEEN ${MIN_EPOCH_MS} AND ${MAX_EPOCH_MS}`);
  const outgoingSql = sql`WITH ranked AS (
      SELECT co.id AS outgoingId, co.cycle_id AS cycleId, co.hub_id AS hubId, oc.coordinator_id AS coordinatorId, oc.name AS name,
        oc.opens_at AS opensAt, oc.closes_at AS closesAt, ${timeInRange(sql.raw('co.collection_starts_at'))} AS collectionStartsAt, ${timeInRange(sql.raw('co.collection_ends_at'))} AS collectionEndsAt,
        co.collection_place AS collectionPlace, co.instructions AS instructions, co.required_tag AS requiredTag, ${phase} AS phase,
        row_number() OVER (PARTITION BY co.hub_id, ${phase} ORDER BY CASE WHEN oc.closes_at <= ${now} THEN -oc.closes_at ELSE oc.opens_at END, co.id) AS rank
      FROM cycle_outgoing co JOIN order_cycles oc ON oc.id = co.cycle_id WHERE ${timesInRangeSql})
    SELECT * FROM ranked WHERE phase = 'open' OR rank = 1 ORDER BY hubId, opensAt`;
  const [categoryRows, labelRows, enterpriseRows, enterpriseLabelRows, productRows, productLabelRows, variantRows, outgoingRows, selectionRows, overrideRows, feeRows] = await db.batch([
    db.select().from(categories).orderBy(asc(categories.position), asc(categories.id)),
    db.select().from(labels).orderBy(asc(labels.id)),
    db
      .select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name, isProducer: enterprises.isProducer, isHub: enterprises.isHub, description: enterprises.description, postalCode: enterprises.postalCode, commune: enterprises.commune, website: enterprises.website })
      .from(enterprises)
      .where(sql`${enterprises.isProducer} OR ${enterprises.isHub}`)
      .orderBy(asc(enterprises.name), asc(enterprises.id)),
    db.select().from(enterpriseLabels),
    db
      .select({ id: products.id, producerId: products.producerId, categoryId: products.categoryId, slug: products.slug, name: products.name, description: products.description })
      .from(products)
      .where(isNull(products.archivedAt))
      .orderBy(asc(products.name), asc(products.id)),
    db.select().from(productLabels),
    db
      .select({ id: variants.id, productId: variants.productId, name: variants.name, unitKind: variants.unitKind, unitValue: variants.unitValue, priceCents: variants.priceCents, vatRateBp: variants.vatRateBp, onHand: variants.onHand, onDemand: variants.onDemand, maxPerOrder: variants.maxPerOrder, position: variants.position })
      .from(variants)
      .where(isNull(variants.archivedAt))
      .orderBy(asc(variants.productId), asc(variants.position), asc(variants.id)),
    db.all<Omit<CatalogOutgoing, 'phase'> & { phase: CyclePhase }>(outgoingSql),
    // One row per sale with its variant ids joined: tens of thousands of rows decode slowly, a hundred strings fast.
    db.all<{ outgoingId: number; variantIds: string }>(sql`WITH ranked AS (
        SELECT co.id, co.hub_id, row_number() OVER (PARTITION BY co.hub_id, ${phase} ORDER BY CASE WHEN oc.closes_at <= ${now} THEN -oc.closes_at ELSE oc.opens_at END, co.id) AS rank, ${phase} AS phase
        FROM cycle_outgoing co JOIN order_cycles oc ON oc.id = co.cycle_id WHERE ${timesInRangeSql})
      SELECT cov.outgoing_id AS outgoingId, group_concat(cov.variant_id) AS variantIds FROM ranked r JOIN cycle_outgoing_variants cov ON cov.outgoing_id = r.id
      WHERE (r.phase = 'open' OR r.rank = 1) AND cov.variant_id NOT IN (SELECT variant_id FROM tag_variant_rules t WHERE t.hub_id = r.hub_id)
      GROUP BY cov.outgoing_id`),
    db.select().from(variantOverrides),
    db.all<CycleFee & { cycleId: number }>(sql`SELECT cf.cycle_id AS cycleId, f.id AS feeId, f.enterprise_id AS enterpriseId, e.name AS enterpriseName, f.name AS name,
        f.fee_type AS feeType, f.calculator AS calculator, f.amount AS amount, f.vat_rate_bp AS vatRateBp, cf.role AS role, cf.producer_id AS producerId, cf.hub_id AS hubId
      FROM cycle_fees cf JOIN enterprise_fees f ON f.id = cf.fee_id JOIN enterprises e ON e.id = f.enterprise_id
      JOIN order_cycles oc ON oc.id = cf.cycle_id WHERE oc.closes_at > ${now} ORDER BY cf.id`),
  ]);
  const group = <T, K>(rows: readonly T[], key: (r: T) => K) => {
    const map = new Map<K, T[]>();
    for (const r of rows) {
      const list = map.get(key(r));
      if (list) list.push(r);
      else map.set(key(r), [r]);
    }
    return map;
  };
  const enterpriseLabelMap = group(enterpriseLabelRows, (r) => r.enterpriseId);
  const productLabelMap = group(productLabelRows, (r) => r.productId);
  const selections = new Map<number, number[]>(selectionRows.map((r) => [r.outgoingId, r.variantIds.split(',').map(Number)]));
  const fees = new Map<number, CycleFee[]>();
  for (const { cycleId, ...fee } of feeRows) {
    const list = fees.get(cycleId);
    if (list) list.push(fee);
    else fees.set(cycleId, [fee]);
  }
  return {
    now,
    categories: categoryRows,
    labels: labelRows,
    enterprises: enterpriseRows.map((e) => ({ ...e, labelIds: (enterpriseLabelMap.get(e.id) ?? []).map((l) => l.labelId) })),
    products: productRows.map((p) => ({ ...p, labelIds: (productLabelMap.get(p.id) ?? []).map((l) => l.labelId) })),
    variants: variantRows,
    outgoings: outgoingRows.map((o) => ({ ...o, phase: o.phase })),
    selections,
    overrides: new Map(overrideRows.map((o) => [overrideKey(o.hubId, o.variantId), { priceCents: o.priceCents, onHand: o.onHand, onDemand: o.onDemand }])),
    fees,
  };
}

export interface ImpactCycle {
  cycleId: number;
  name: string;
  closesAt: number;
  hubNames: string;
  orders: number;
  /** What shoppers paid, VAT included: items, per-order fees and shipping. */
  revenueCents: number;
  /** Producers' prices of the items sold, and fees the producers themselves charged. */
  producersCents: number;
  hubCents: number;
  coordinatorCents: number;
  platformCents: number;
  shippingCents: number;
}

/** Order states in which an order stands (placed and after); a card payment under way or a cancelled order does not count. */
const STANDING = sql.raw(`('placed', 'ready', 'collected', 'delivered')`);

/** Where shoppers' money went, per cycle, from the orders placed: the impact page's figures. */
export async function impactByCycle(db: Db, limit = 24): Promise<ImpactCycle[]> {
  return db.all<ImpactCycle>(sql`WITH standing AS (SELECT * FROM orders WHERE state IN ${STANDING}),
    lines AS (SELECT o.cycle_id, sum(l.base_price_cents * l.quantity) AS base FROM standing o JOIN order_lines l ON l.order_id = o.id GROUP BY o.cycle_id),
    fees AS (SELECT o.cycle_id,
        sum(CASE WHEN f.role = 'producer' THEN f.amount_cents ELSE 0 END) AS producer,
        sum(CASE WHEN f.role = 'hub' THEN f.amount_cents ELSE 0 END) AS hub,
        sum(CASE WHEN f.role = 'coordinator' THEN f.amount_cents ELSE 0 END) AS coordinator,
        sum(CASE WHEN f.role = 'platform' THEN f.amount_cents ELSE 0 END) AS platform
      FROM standing o JOIN order_fees f ON f.order_id = o.id GROUP BY o.cycle_id),
    totals AS (SELECT cycle_id, count(*) AS orders, sum(total_cents) AS revenue, sum(shipping_cents) AS shipping, group_concat(DISTINCT hub_id) AS hubs FROM standing GROUP BY cycle_id)
    SELECT t.cycle_id AS cycleId, oc.name AS name, ${readableInt(sql.raw('oc.closes_at'))} AS closesAt,
      (SELECT group_concat(e.name, ', ') FROM enterprises e WHERE e.id IN (SELECT DISTINCT hub_id FROM standing s WHERE s.cycle_id = t.cycle_id)) AS hubNames,
      t.orders AS orders, t.revenue AS revenueCents, coalesce(l.base, 0) + coalesce(f.producer, 0) AS producersCents,
      coalesce(f.hub, 0) AS hubCents, coalesce(f.coordinator, 0) AS coordinatorCents, coalesce(f.platform, 0) AS platformCents, t.shipping AS shippingCents
    FROM totals t JOIN order_cycles oc ON oc.id = t.cycle_id LEFT JOIN lines l ON l.cycle_id = t.cycle_id LEFT JOIN fees f ON f.cycle_id = t.cycle_id
    ORDER BY oc.closes_at DESC LIMIT ${limit}`);
}

export interface ShopSearch {
  hubId: number;
  cycleId: number;
  outgoingId: number;
  categorySlug?: string | undefined;
  producerId?: number | undefined;
  labelSlug?: string | undefined;
}

/**
 * A public shop's items narrowed by category, producer and label (the search page for browsers without
 * JavaScript), with the categories' and labels' names in both languages. The text is matched by the caller.
 */
export async function searchShopItems(db: Db, s: ShopSearch) {
  const conditions: SQL[] = [sql`${variants.id} NOT IN (${tagOnlyVariantIds(s.hubId)})`];
  if (s.categorySlug) conditions.push(eq(categories.slug, s.categorySlug));
  if (s.producerId) conditions.push(eq(products.producerId, s.producerId));
  if (s.labelSlug) conditions.push(sql`EXISTS (SELECT 1 FROM ${productLabels} pl JOIN ${labels} l ON l.id = pl.label_id WHERE pl.product_id = ${products.id} AND l.slug = ${s.labelSlug})`);
  const [fees, rows, categoryRows, labelRows] = await db.batch([
    cycleFeesQuery(db, s.cycleId),
    shopVariantsQuery(db, s.outgoingId, s.hubId, and(...conditions)),
    db.select().from(categories).orderBy(asc(categories.position)),
    db
      .select({ productId: productLabels.productId, id: labels.id, slug: labels.slug, nameFr: labels.nameFr, nameEn: labels.nameEn })
      .from(productLabels)
      .innerJoin(labels, eq(labels.id, productLabels.labelId))
      .where(sql`${productLabels.productId} IN (SELECT ${variants.productId} FROM ${cycleOutgoingVariants} JOIN ${variants} ON ${variants.id} = ${cycleOutgoingVariants.variantId} WHERE ${cycleOutgoingVariants.outgoingId} = ${s.outgoingId})`),
  ]);
  return { items: rows.map((r) => toShopItem(r, fees, s.hubId)), categories: categoryRows, productLabels: labelRows };
}
