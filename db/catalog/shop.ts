// Read side of the catalog: which shops are open, what is for sale in a shop and at what price.
// The site build and the worker both call these, so a price is computed one way everywhere.
import { and, asc, eq, gt, isNotNull, isNull, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { CycleFee } from '../../domain/fees.ts';
import { LOW_STOCK } from '../../domain/offers.ts';
import { shelfPrice, type ShelfPrice } from '../../domain/pricing.ts';
import type { UnitKind } from '../../domain/units.ts';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../core/client.ts';
import { cycleTimesInRange, timeInRange } from '../core/columns.ts';
import { openAtSql } from './cycle-sql.ts';
import { offerSql } from './offer-sql.ts';
import { heldTagsSql, memberPriceSql, saleOpenToSql, visibleVariantSql } from '../shoppers/members-sql.ts';
import {
  categories,
  cycleFees,
  cycleOutgoing,
  cycleOutgoingVariants,
  enterpriseFees,
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
} from '../schema/index.ts';

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

export const shopCycleColumns = {
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
 * The hub's public cycle open at `now` (the one closing first if several overlap, or the one asked for
 * by id), if any. A sale reserved to tagged customers is not public: no page is published for it and
 * it never closes nor opens the shop to the public; a member shops it on the worker's members' sale
 * page (worker/shoppers/members-sale.tsx, memberSale below).
 */
export function openCycleQuery(db: Db, hubId: number | SQL, now: number, cycleId?: number | SQL) {
  return openCyclesQuery(db, hubId, now, cycleId).limit(1);
}

/** Every public cycle of the hub open at `now`, the one closing first first: the shop's chooser. */
export function openCyclesQuery(db: Db, hubId: number | SQL, now: number, cycleId?: number | SQL) {
  return db
    .select(shopCycleColumns)
    .from(cycleOutgoing)
    .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
    .where(openCycleWhere(hubId, now, cycleId))
    .orderBy(asc(orderCycles.closesAt), asc(orderCycles.id));
}

/**
 * SQL twin of domain/shop-open.ts (whyNotOpen empty): the sale offers a collection or delivery method
 * and a payment method that are not archived, card counting only while the hub's account can charge.
 */
export const orderCanCompleteSql = (outgoingId: SQL | AnyColumn, hubId: SQL | AnyColumn): SQL =>
  sql`(EXISTS (SELECT 1 FROM cycle_outgoing_shipping_methods j JOIN shipping_methods m ON m.id = j.method_id AND m.archived_at IS NULL
      WHERE j.outgoing_id = ${outgoingId})
    AND EXISTS (SELECT 1 FROM cycle_outgoing_payment_methods j JOIN payment_methods m ON m.id = j.method_id AND m.archived_at IS NULL
      WHERE j.outgoing_id = ${outgoingId} AND (m.kind <> 'card' OR EXISTS (SELECT 1 FROM enterprises e
        WHERE e.id = ${hubId} AND e.stripe_account_id IS NOT NULL AND e.stripe_charges_enabled = 1))))`;

// A sale where no order could be completed (no method, or card only without Stripe charges) is not open to shoppers.
const openCycleWhere = (hubId: number | SQL, now: number, cycleId?: number | SQL) =>
  and(
    eq(cycleOutgoing.hubId, hubId),
    cycleId === undefined ? undefined : eq(cycleOutgoing.cycleId, cycleId),
    isNull(cycleOutgoing.requiredTag),
    openAtSql('order_cycles', now),
    cycleTimesInRange(),
    orderCanCompleteSql(cycleOutgoing.id, cycleOutgoing.hubId),
  );

export async function openCycle(db: Db, hubId: number, now: number, cycleId?: number): Promise<ShopCycle | null> {
  return (await openCycleQuery(db, hubId, now, cycleId))[0] ?? null;
}

/**
 * A hub and, when it sells in that cycle, its sale of `cycleId` whatever its state (one read): what a
 * cart is opened for, so a refusal can say whether the sale is closed, reserved, not this hub's, or
 * unable to complete an order (canComplete: orderCanCompleteSql).
 */
export async function hubSale(db: Db, hubSlug: string, cycleId: number | null, now: number) {
  const hubId = sql`(SELECT id FROM enterprises WHERE slug = ${hubSlug} AND is_hub = 1)`;
  const [hubRows, saleRows] = await db.batch([
    db
      .select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name })
      .from(enterprises)
      // A hidden hub (not published) is no shop at all to the public: no cart opens there.
      .where(and(eq(enterprises.slug, hubSlug), eq(enterprises.isHub, true), isNotNull(enterprises.publishedAt))),
    db
      .select({ ...shopCycleColumns, canComplete: sql<number>`${orderCanCompleteSql(cycleOutgoing.id, cycleOutgoing.hubId)}` })
      .from(cycleOutgoing)
      .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
      .where(
        cycleId === null
          ? openCycleWhere(hubId, now)
          : and(eq(cycleOutgoing.hubId, hubId), eq(cycleOutgoing.cycleId, cycleId), cycleTimesInRange()),
      )
      .orderBy(asc(orderCycles.closesAt), asc(orderCycles.id))
      .limit(1),
  ]);
  const sale = saleRows[0];
  return { hub: hubRows[0] ?? null, sale: sale ? { ...sale, canComplete: Boolean(sale.canComplete) } : null };
}

/** The hub's next public cycle to open after `now`, if any. */
export async function nextCycle(db: Db, hubId: number, now: number): Promise<ShopCycle | null> {
  return (await nextCycleQuery(db, hubId, now))[0] ?? null;
}

/** The hub's next public cycle: a members-only sale opening first is no opening of the shop to the public. */
export function nextCycleQuery(db: Db, hubId: number | SQL, now: number) {
  return db
    .select(shopCycleColumns)
    .from(cycleOutgoing)
    .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
    .where(and(eq(cycleOutgoing.hubId, hubId), isNull(cycleOutgoing.requiredTag), gt(orderCycles.opensAt, now), cycleTimesInRange()))
    .orderBy(asc(orderCycles.opensAt))
    .limit(1);
}

export function cycleFeesQuery(db: Db, cycleId: number | SQL) {
  return (
    db
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
      // An archived fee is charged nowhere any more; placed orders keep the lines they copied.
      .where(and(eq(cycleFees.cycleId, cycleId), isNull(enterpriseFees.archivedAt)))
      .orderBy(asc(cycleFees.id))
  );
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
 * `member`: the signed-in shopper's address (or null for a guest) when the price is theirs: the members'
 * price of a tag they hold replaces the offer's price, and fees are computed on it as on any price.
 */
export function shopVariantsQuery(db: Db, outgoingId: number | SQL, hubId: number | SQL, filter?: SQL, member?: string | SQL | null) {
  const offerPrice = offerSql<number>('priceCents');
  return offeredVariants(
    db
      .select({
        variantId: variants.id,
        variantName: variants.name,
        unitKind: variants.unitKind,
        unitValue: variants.unitValue,
        // Named: a result column is named by its expression otherwise, and the name travels with every answer.
        priceCents: (member === undefined
          ? offerPrice
          : sql<number>`coalesce(${memberPriceSql(sql`${variants.id}`, hubId, member)}, ${offerPrice})`
        ).as('offer_price_cents'),
        vatRateBp: variants.vatRateBp,
        onDemand: offerSql<number>('onDemand').as('offer_on_demand'),
        onHand: offerSql<number>('onHand').as('offer_on_hand'),
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
      .$dynamic(),
    outgoingId,
    hubId,
    filter,
  ).orderBy(asc(categories.position), asc(products.name), asc(variants.position), asc(variants.id));
}

/**
 * Whether the hub offers a variant passing `filter` in the outgoing selection (shopVariantsQuery's rows,
 * none of its columns): for guards inside a write, where the shop's columns and order are only cost.
 */
export function offeredVariantExists(db: Db, outgoingId: number | SQL, hubId: number | SQL, filter?: SQL): SQL {
  return sql`EXISTS ${offeredVariants(db.select({ one: sql`1` }).from(cycleOutgoingVariants).$dynamic(), outgoingId, hubId, filter)}`;
}

/** The rows shopVariantsQuery lists: the hub's selection (`fromSelection`: a select from cycleOutgoingVariants), its overrides joined, archived ones left out. */
function offeredVariants<T extends SQLiteSelect>(fromSelection: T, outgoingId: number | SQL, hubId: number | SQL, filter?: SQL) {
  return fromSelection
    .innerJoin(variants, eq(variants.id, cycleOutgoingVariants.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(enterprises, eq(enterprises.id, products.producerId))
    .leftJoin(variantOverrides, and(eq(variantOverrides.hubId, hubId), eq(variantOverrides.variantId, variants.id)))
    .where(and(eq(cycleOutgoingVariants.outgoingId, outgoingId), isNull(variants.archivedAt), isNull(products.archivedAt), filter));
}

export type ShopVariantRow = Awaited<ReturnType<typeof shopVariantsQuery>>[number];

export function toShopItem(row: ShopVariantRow, fees: readonly CycleFee[], hubId: number): ShopItem {
  const { priceCents, vatRateBp, onDemand, ...rest } = row;
  return {
    ...rest,
    onDemand: Boolean(onDemand),
    price: shelfPrice(
      { producerId: row.producerId, basePriceCents: priceCents, vatRateBp, unitKind: row.unitKind, unitValue: row.unitValue },
      fees,
      hubId,
    ),
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

/**
 * Variants of a shop that are sold out or nearly so (isSoldOut or isLowStock of their offer): the live
 * overlay's stock, small at any catalog size.
 */
export function lowStockQuery(db: Db, outgoingId: number, hubId: number) {
  const onHand = offerSql<number>('onHand');
  return db
    .select({ variantId: variants.id, onHand })
    .from(cycleOutgoingVariants)
    .innerJoin(variants, eq(variants.id, cycleOutgoingVariants.variantId))
    .leftJoin(variantOverrides, and(eq(variantOverrides.hubId, hubId), eq(variantOverrides.variantId, variants.id)))
    .where(and(eq(cycleOutgoingVariants.outgoingId, outgoingId), sql`NOT ${offerSql('onDemand')}`, lte(onHand, LOW_STOCK)));
}

export async function hubBySlug(db: Db, slug: string) {
  const rows = await db
    .select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name })
    .from(enterprises)
    .where(and(eq(enterprises.slug, slug), eq(enterprises.isHub, true)));
  return rows[0] ?? null;
}

/** The collection/delivery and payment methods a hub offers now (archived ones left out), in its order. */
export function hubMethodsQueries(db: Db, hubId: number | SQL) {
  return {
    shipping: db
      .select()
      .from(shippingMethods)
      .where(and(eq(shippingMethods.hubId, hubId), isNull(shippingMethods.archivedAt)))
      .orderBy(asc(shippingMethods.position), asc(shippingMethods.id)),
    payment: db
      .select()
      .from(paymentMethods)
      .where(and(eq(paymentMethods.hubId, hubId), isNull(paymentMethods.archivedAt)))
      .orderBy(asc(paymentMethods.position), asc(paymentMethods.id)),
  };
}

/** Collection/delivery and payment methods a hub offers, and its terms and minimum order. */
export async function checkoutOptions(db: Db, hubId: number) {
  const methods = hubMethodsQueries(db, hubId);
  const [shipping, payment, hub] = await db.batch([
    methods.shipping,
    methods.payment,
    db
      .select({ termsText: enterprises.termsText, minOrderCents: enterprises.minOrderCents })
      .from(enterprises)
      .where(eq(enterprises.id, hubId)),
  ]);
  return { shipping, payment, termsText: hub[0]?.termsText ?? null, minOrderCents: hub[0]?.minOrderCents ?? 0 };
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
  if (s.labelSlug)
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${productLabels} pl JOIN ${labels} l ON l.id = pl.label_id WHERE pl.product_id = ${products.id} AND l.slug = ${s.labelSlug})`,
    );
  const [fees, rows, categoryRows, labelRows] = await db.batch([
    cycleFeesQuery(db, s.cycleId),
    shopVariantsQuery(db, s.outgoingId, s.hubId, and(...conditions)),
    db.select().from(categories).orderBy(asc(categories.position)),
    db
      .select({ productId: productLabels.productId, id: labels.id, slug: labels.slug, nameFr: labels.nameFr, nameEn: labels.nameEn })
      .from(productLabels)
      .innerJoin(labels, eq(labels.id, productLabels.labelId))
      .where(
        sql`${productLabels.productId} IN (SELECT ${variants.productId} FROM ${cycleOutgoingVariants} JOIN ${variants} ON ${variants.id} = ${cycleOutgoingVariants.variantId} WHERE ${cycleOutgoingVariants.outgoingId} = ${s.outgoingId})`,
      ),
  ]);
  return { items: rows.map((r) => toShopItem(r, fees, s.hubId)), categories: categoryRows, productLabels: labelRows };
}

// ---------------------------------------------------------------------------------------------
// Members' view: what a signed-in shopper's tags open at a hub. Read only for that shopper's request
// (the live request of a shop page, the cart), never for a published page.

/**
 * The members-only sales open now that `email` may shop, the tag-only variants of the page's sale
 * (`shop`, a public sale, or null) that their tags open, priced at their members' price, and the
 * categories' names to show them by: one round trip.
 */
export async function memberOffer(db: Db, hubId: number, email: string, now: number, shop: { cycleId: number; outgoingId: number } | null) {
  const sales = db
    .select(shopCycleColumns)
    .from(cycleOutgoing)
    .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
    .where(
      and(
        eq(cycleOutgoing.hubId, hubId),
        sql`${cycleOutgoing.requiredTag} IS NOT NULL`,
        saleOpenToSql(sql`${cycleOutgoing.requiredTag}`, hubId, email),
        openAtSql('order_cycles', now),
        cycleTimesInRange(),
      ),
    )
    .orderBy(asc(orderCycles.closesAt), asc(orderCycles.id));
  if (!shop) return { sales: await sales, items: [] as ShopItem[], categories: [] as (typeof categories.$inferSelect)[] };
  const reserved = sql`${variants.id} IN (SELECT r.variant_id FROM tag_variant_rules r WHERE r.hub_id = ${hubId} AND r.tag IN (${heldTagsSql(hubId, email)}))`;
  const [saleRows, fees, rows, categoryRows] = await db.batch([
    sales,
    cycleFeesQuery(db, shop.cycleId),
    shopVariantsQuery(db, shop.outgoingId, hubId, reserved, email),
    db.select().from(categories).orderBy(asc(categories.position)),
  ]);
  return { sales: saleRows, items: rows.map((r) => toShopItem(r, fees, hubId)), categories: categoryRows };
}

/**
 * A members-only sale as `email` may shop it, for the worker's page of that sale: the hub (published),
 * the sale when it is reserved to a tag they hold (else null: the page is a 404, as for anyone else),
 * whatever its phase, and, priced for them, every variant of it their tags open (the public ones and the
 * tag-only ones, at their members' price), with the categories' names. One round trip.
 */
export async function memberSale(db: Db, hubSlug: string, cycleId: number, email: string) {
  const hubId = sql`(SELECT id FROM enterprises WHERE slug = ${hubSlug} AND is_hub = 1 AND published_at IS NOT NULL)`;
  const outgoingId = sql`(SELECT co.id FROM cycle_outgoing co WHERE co.hub_id = ${hubId} AND co.cycle_id = ${cycleId}
    AND co.required_tag IS NOT NULL AND ${saleOpenToSql(sql.raw('co.required_tag'), hubId, email)})`;
  // A hidden producer's products are on no shelf (the cart refuses them too).
  const published = sql`${products.producerId} IN (SELECT id FROM enterprises WHERE published_at IS NOT NULL)`;
  const [hubRows, saleRows, fees, rows, categoryRows] = await db.batch([
    db.select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name }).from(enterprises).where(eq(enterprises.id, hubId)),
    db
      .select({ ...shopCycleColumns, canComplete: sql<number>`${orderCanCompleteSql(cycleOutgoing.id, cycleOutgoing.hubId)}` })
      .from(cycleOutgoing)
      .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
      .where(and(eq(cycleOutgoing.id, outgoingId), cycleTimesInRange())),
    cycleFeesQuery(db, cycleId),
    shopVariantsQuery(db, outgoingId, hubId, and(visibleVariantSql(sql`${variants.id}`, hubId, email), published), email),
    db.select().from(categories).orderBy(asc(categories.position)),
  ]);
  const hub = hubRows[0] ?? null;
  const sale = hub ? (saleRows[0] ?? null) : null;
  return {
    hub,
    sale: sale && { ...sale, canComplete: Boolean(sale.canComplete) },
    items: hub && sale ? rows.map((r) => toShopItem(r, fees, hub.id)) : [],
    categories: categoryRows,
  };
}

/** The members-only sales of every hub that `email` may shop and that have not closed (their account page's list), soonest first. */
export async function memberSalesOf(db: Db, email: string, now: number) {
  return db
    .select({ ...shopCycleColumns, hubSlug: enterprises.slug, hubName: enterprises.name })
    .from(cycleOutgoing)
    .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
    .innerJoin(enterprises, eq(enterprises.id, cycleOutgoing.hubId))
    .where(
      and(
        sql`${cycleOutgoing.requiredTag} IS NOT NULL`,
        saleOpenToSql(sql`${cycleOutgoing.requiredTag}`, sql`${cycleOutgoing.hubId}`, email),
        isNotNull(enterprises.publishedAt),
        gt(orderCycles.closesAt, now),
        cycleTimesInRange(),
      ),
    )
    .orderBy(asc(orderCycles.opensAt), asc(enterprises.name));
}

// ---------------------------------------------------------------------------------------------
// Stale published pages shown fresh (worker/catalog-pages): what a page lists, read as the cart reads it.

/**
 * What a stale shop page is patched with: its hub, the sale it shows if still open (or, for a page
 * published closed, the public cycle open now), every public sale open now (the chooser), the next one
 * when none is open, and the current offer.
 */
export interface ShopPageRefresh {
  hub: { id: number; slug: string; name: string } | null;
  open: ShopCycle | null;
  opens: ShopCycle[];
  next: ShopCycle | null;
  /** The variants asked for that the shop offers now, priced as the cart prices them; the others are no longer offered. */
  items: Map<number, ShopItem>;
}

/**
 * The current offer of the variants a published shop page lists, in one round trip: the same queries
 * (openCycleQuery, cycleFeesQuery, shopVariantsQuery, tag-only variants left out) the cart and checkout
 * read, so the page shows the price they charge. Sold-out variants are included (shown sold out).
 * `cycleId` is the sale the page was published for (null: a page published closed).
 */
export async function shopPageRefresh(
  db: Db,
  hubSlug: string,
  variantIds: readonly number[],
  now: number,
  cycleId: number | null = null,
): Promise<ShopPageRefresh> {
  const hubId = sql`(SELECT id FROM enterprises WHERE slug = ${hubSlug} AND is_hub = 1)`;
  const asked = cycleId ?? undefined;
  const open = openCycleQuery(db, hubId, now, asked);
  // Scalar subqueries of the same open-cycle query, so the batch needs no answer from itself.
  const outgoingId = sql`(${db
    .select({ id: cycleOutgoing.id })
    .from(cycleOutgoing)
    .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
    .where(openCycleWhere(hubId, now, asked))
    .orderBy(asc(orderCycles.closesAt), asc(orderCycles.id))
    .limit(1)})`;
  const outgoingCycleId = sql`(SELECT cycle_id FROM cycle_outgoing WHERE id = ${outgoingId})`;
  const listed = sql`${variants.id} IN (SELECT value FROM json_each(${JSON.stringify(variantIds)}))`;
  const [hubRows, openRows, openAll, nextRows, fees, rows] = await db.batch([
    db
      .select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name })
      .from(enterprises)
      .where(and(eq(enterprises.slug, hubSlug), eq(enterprises.isHub, true))),
    open,
    openCyclesQuery(db, hubId, now),
    nextCycleQuery(db, hubId, now),
    cycleFeesQuery(db, outgoingCycleId),
    shopVariantsQuery(db, outgoingId, hubId, and(listed, sql`${variants.id} NOT IN (${tagOnlyVariantIds(hubId)})`)),
  ]);
  const hub = hubRows[0] ?? null;
  const openCycle = openRows[0] ?? null;
  const items = new Map<number, ShopItem>();
  if (hub && openCycle) for (const r of rows) items.set(r.variantId, toShopItem(r, fees, hub.id));
  return { hub, open: openCycle, opens: openAll, next: openAll.length ? null : (nextRows[0] ?? null), items };
}

/** A producer's products as its public page names them now: names and variant names, archived ones left out. */
export async function producerPageRefresh(db: Db, producerSlug: string) {
  const [producerRows, rows] = await db.batch([
    db
      .select({ id: enterprises.id, name: enterprises.name, description: enterprises.description })
      .from(enterprises)
      .where(and(eq(enterprises.slug, producerSlug), eq(enterprises.isProducer, true))),
    db
      .select({ productSlug: products.slug, productName: products.name, variantName: variants.name })
      .from(products)
      .innerJoin(enterprises, eq(enterprises.id, products.producerId))
      .innerJoin(variants, and(eq(variants.productId, products.id), isNull(variants.archivedAt)))
      .where(and(eq(enterprises.slug, producerSlug), isNull(products.archivedAt)))
      .orderBy(asc(products.id), asc(variants.position), asc(variants.id)),
  ]);
  const productsBySlug = new Map<string, { name: string; variants: string[] }>();
  for (const r of rows) {
    const p =
      productsBySlug.get(r.productSlug) ?? productsBySlug.set(r.productSlug, { name: r.productName, variants: [] }).get(r.productSlug)!;
    p.variants.push(r.variantName);
  }
  return { producer: producerRows[0] ?? null, products: productsBySlug };
}

/**
 * Each sale of the hub that has not closed at `now`, with what domain/shop-open.ts needs to say
 * whether an order can be completed in it: its active methods' kinds and the hub's card state.
 */
export async function hubSalesMethods(db: Db, hubId: number, now: number) {
  const [hub, sales, shipping, payment] = await db.batch([
    db
      .select({ stripeAccountId: enterprises.stripeAccountId, stripeChargesEnabled: enterprises.stripeChargesEnabled })
      .from(enterprises)
      .where(eq(enterprises.id, hubId)),
    db
      .select({
        cycleId: orderCycles.id,
        name: orderCycles.name,
        // No times: a cycle stored with one out of range (before the API bounded them) must still be listed.
        outgoingId: cycleOutgoing.id,
      })
      .from(cycleOutgoing)
      .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
      .where(and(eq(cycleOutgoing.hubId, hubId), gt(orderCycles.closesAt, now)))
      .orderBy(asc(orderCycles.opensAt), asc(orderCycles.id)),
    db.all<{ outgoingId: number }>(sql`SELECT j.outgoing_id AS outgoingId FROM cycle_outgoing_shipping_methods j
      JOIN shipping_methods m ON m.id = j.method_id AND m.archived_at IS NULL JOIN cycle_outgoing co ON co.id = j.outgoing_id WHERE co.hub_id = ${hubId}`),
    db.all<{
      outgoingId: number;
      kind: 'card' | 'offline';
    }>(sql`SELECT j.outgoing_id AS outgoingId, m.kind AS kind FROM cycle_outgoing_payment_methods j
      JOIN payment_methods m ON m.id = j.method_id AND m.archived_at IS NULL JOIN cycle_outgoing co ON co.id = j.outgoing_id WHERE co.hub_id = ${hubId}`),
  ]);
  const card = hub[0] ?? { stripeAccountId: null, stripeChargesEnabled: false };
  return sales.map((s) => ({
    ...s,
    shipping: shipping.filter((m) => m.outgoingId === s.outgoingId),
    payment: payment.filter((m) => m.outgoingId === s.outgoingId),
    hub: card,
  }));
}
