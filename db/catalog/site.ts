// What the static site build reads: every hub with its open and next cycle, and the whole public catalog
// (shops, producers, products, the impact page) in a handful of batched queries, whatever the number of pages.
import { and, asc, eq, gt, isNotNull, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { cyclePhase, isOpenAt, type CyclePhase } from '../../domain/cycles.ts';
import { MAX_EPOCH_MS, MIN_EPOCH_MS } from '../../domain/limits.ts';
import type { CycleFee } from '../../domain/fees.ts';
import type { UnitKind } from '../../domain/units.ts';
import type { Db } from '../core/client.ts';
import {
  categories,
  cycleOutgoing,
  enterpriseLabels,
  enterprises,
  labels,
  orderCycles,
  productLabels,
  products,
  variantOverrides,
  variants,
} from '../schema/index.ts';
import { cycleTimesInRange, readableInt, timeInRange } from '../core/columns.ts';
import { saleStateSql } from '../orders/sql.ts';
import { cyclePhaseSql } from './cycle-sql.ts';
import { orderCanCompleteSql, shopCycleColumns, type ShopCycle } from './shop.ts';

export type { CyclePhase };

export interface HubSummary {
  id: number;
  slug: string;
  name: string;
  commune: string;
  description: string;
  open: ShopCycle | null;
  next: ShopCycle | null;
}

/** Every hub with the public cycle open at `now` and the next one to open (a members-only sale is neither). */
export async function hubSummaries(db: Db, now: number): Promise<HubSummary[]> {
  const [hubs, cycles] = await db.batch([
    db
      .select({
        id: enterprises.id,
        slug: enterprises.slug,
        name: enterprises.name,
        commune: enterprises.commune,
        description: enterprises.description,
      })
      .from(enterprises)
      .where(and(eq(enterprises.isHub, true), isNotNull(enterprises.publishedAt)))
      .orderBy(asc(enterprises.name)),
    db
      .select({
        hubId: cycleOutgoing.hubId,
        ...shopCycleColumns,
        canComplete: sql<number>`${orderCanCompleteSql(cycleOutgoing.id, cycleOutgoing.hubId)}`,
      })
      .from(cycleOutgoing)
      .innerJoin(orderCycles, eq(orderCycles.id, cycleOutgoing.cycleId))
      .where(and(gt(orderCycles.closesAt, now), cycleTimesInRange()))
      .orderBy(asc(orderCycles.opensAt)),
  ]);
  return hubs.map((h) => {
    const rows = cycles.filter((c) => c.hubId === h.id && c.requiredTag === null);
    const mine = rows.map(({ hubId: _, canComplete: __, ...c }) => c);
    const open = mine.filter((c, i) => rows[i]!.canComplete && isOpenAt(c, now)).sort((a, b) => a.closesAt - b.closesAt)[0] ?? null;
    return { ...h, open, next: mine.find((c) => cyclePhase(c, now) === 'upcoming') ?? null };
  });
}

// ---------------------------------------------------------------------------------------------
// The whole public catalog for a site build: a handful of queries in one batch, whatever the number of
// pages, so a build never runs one query per page.

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
    /** A hub's public contact, shown on its shop page (« prévenez-nous »); null for a producer. */
    contact?: { addressLine: string; email: string | null; phone: string | null } | null;
    /** The producer's photo or logo (worker/admin/catalog/images.ts: its thumbnail's key is derived). */
    logoKey?: string | null;
    labelIds: number[];
  }>;
  products: Array<{
    id: number;
    producerId: number;
    categoryId: number;
    slug: string;
    name: string;
    description: string;
    /** The product's photo (its thumbnail's key is derived). */
    imageKey?: string | null;
    labelIds: number[];
  }>;
  variants: Array<{
    id: number;
    productId: number;
    name: string;
    unitKind: UnitKind;
    unitValue: number;
    priceCents: number;
    vatRateBp: number;
    onHand: number;
    onDemand: boolean;
    maxPerOrder: number | null;
    position: number;
  }>;
  /** Per hub: every open cycle, the next one to open and the last one closed. */
  outgoings: CatalogOutgoing[];
  /** Variant ids of each outgoing above, tag-only variants of the hub left out. */
  selections: Map<number, number[]>;
  overrides: Map<string, { priceCents: number | null; onHand: number | null; onDemand: boolean | null }>;
  fees: Map<number, CycleFee[]>;
}

export const overrideKey = (hubId: number, variantId: number) => `${hubId}:${variantId}`;

/**
 * Narrows the catalog read to part of the catalog (SQL subqueries of ids): a product page reads its
 * product, the hubs selling it and what they charge, with the same queries as the whole build.
 */
export interface CatalogScope {
  /** The products read (and their variants, labels, overrides). */
  productIds: SQL;
  /** The hubs whose sales are read (every sale of theirs is ranked, as for the whole catalog). */
  hubIds: SQL;
  /** Enterprises read besides those hubs and the products' producers (a producer with no product). */
  enterpriseIds?: SQL;
}

const slugList = (slugs: readonly string[]) =>
  slugs.length
    ? sql.join(
        slugs.map((s) => sql`${s}`),
        sql`, `,
      )
    : sql`NULL`;

/**
 * The part of the catalog that the pages of some hubs (shop, its parts, checkout) and some producers
 * need, for a rebuild of only those pages: every product those hubs ever sold (a closed shop names its
 * last sale's products and producers), the producers' products, and the hubs selling them now or next
 * (a producer's page says where to buy). Pages built from it are the pages of the whole read.
 */
export function pagesScope(now: number, owners: { hubs: readonly string[]; producers: readonly string[] }): CatalogScope {
  const hubs = sql`SELECT id FROM enterprises WHERE is_hub AND slug IN (${slugList(owners.hubs)})`;
  const producers = sql`SELECT id FROM enterprises WHERE slug IN (${slugList(owners.producers)})`;
  const producersProducts = sql`SELECT id FROM products WHERE producer_id IN (${producers})`;
  return {
    productIds: sql`SELECT v.product_id FROM cycle_outgoing co JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
        JOIN variants v ON v.id = cov.variant_id WHERE co.hub_id IN (${hubs})
      UNION ${producersProducts}`,
    hubIds: sql`${hubs} UNION SELECT co.hub_id FROM cycle_outgoing co JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
        JOIN variants v ON v.id = cov.variant_id JOIN order_cycles oc ON oc.id = co.cycle_id
      WHERE v.product_id IN (${producersProducts}) AND oc.closes_at > ${now}`,
    enterpriseIds: producers,
  };
}

/** Loads everything the public pages show, in one round trip. */
export function loadCatalog(db: Db, now: number): Promise<CatalogSnapshot> {
  return readCatalog(db, now);
}

/** The catalog read, of the whole catalog or of the part a scope names, in one round trip. */
export async function readCatalog(db: Db, now: number, scope?: CatalogScope): Promise<CatalogSnapshot> {
  return snapshotOf(now, await runCatalogQueries(db, now, scope));
}

const producersOf = (scope: CatalogScope) =>
  scope.enterpriseIds
    ? sql`SELECT producer_id FROM products WHERE id IN (${scope.productIds}) UNION ${scope.enterpriseIds}`
    : sql`SELECT producer_id FROM products WHERE id IN (${scope.productIds})`;

const inScope = (column: SQL | AnyColumn, ids: SQL | undefined) => (ids ? sql`${column} IN (${ids})` : undefined);

// A hidden enterprise (published_at null) is on no public page: neither it, nor its products, nor its sales.
const publishedIdsSql = sql.raw('SELECT id FROM enterprises WHERE published_at IS NOT NULL');
const publishedProductIdsSql = sql`SELECT id FROM products WHERE producer_id IN (${publishedIdsSql})`;

/** The catalog's queries, for one batch: the whole public catalog, or the part a scope names. */
function catalogQueries(db: Db, now: number, scope?: CatalogScope) {
  // A sale where no order could be completed shows as closed (orderCanCompleteSql, twin of domain/shop-open.ts).
  const phase = sql`CASE WHEN ${cyclePhaseSql('oc', now)} = 'open' AND NOT ${orderCanCompleteSql(sql.raw('co.id'), sql.raw('co.hub_id'))} THEN 'closed' ELSE ${cyclePhaseSql('oc', now)} END`;
  // A cycle with times past the platform's range (stored before the API bounded them) is not published:
  // it cannot be shown, and one such row must not stop every other page.
  const timesInRangeSql = sql.raw(
    `oc.opens_at BETWEEN ${MIN_EPOCH_MS} AND ${MAX_EPOCH_MS} AND oc.closes_at BETWEEN ${MIN_EPOCH_MS} AND ${MAX_EPOCH_MS}`,
  );
  const hubsSql = sql` AND co.hub_id IN (${publishedIdsSql})${scope ? sql` AND co.hub_id IN (${scope.hubIds})` : sql``}`;
  const variantIds = scope && sql`SELECT id FROM variants WHERE product_id IN (${scope.productIds})`;
  const outgoingSql = sql`WITH ranked AS (
      SELECT co.id AS outgoingId, co.cycle_id AS cycleId, co.hub_id AS hubId, oc.coordinator_id AS coordinatorId, oc.name AS name,
        oc.opens_at AS opensAt, oc.closes_at AS closesAt, ${timeInRange(sql.raw('co.collection_starts_at'))} AS collectionStartsAt, ${timeInRange(sql.raw('co.collection_ends_at'))} AS collectionEndsAt,
        co.collection_place AS collectionPlace, co.instructions AS instructions, co.required_tag AS requiredTag, ${phase} AS phase,
        row_number() OVER (PARTITION BY co.hub_id, ${phase}, co.required_tag IS NULL ORDER BY CASE WHEN oc.closes_at <= ${now} THEN -oc.closes_at ELSE oc.opens_at END, co.id) AS rank
      FROM cycle_outgoing co JOIN order_cycles oc ON oc.id = co.cycle_id WHERE ${timesInRangeSql}${hubsSql})
    SELECT * FROM ranked WHERE phase = 'open' OR rank = 1 ORDER BY hubId, opensAt`;
  return [
    db.select().from(categories).orderBy(asc(categories.position), asc(categories.id)),
    db.select().from(labels).orderBy(asc(labels.id)),
    db
      .select(enterpriseColumns)
      .from(enterprises)
      .where(
        and(
          sql`(${enterprises.isProducer} OR ${enterprises.isHub})`,
          isNotNull(enterprises.publishedAt),
          scope && sql`(${enterprises.id} IN (${scope.hubIds}) OR ${enterprises.id} IN (${producersOf(scope)}))`,
        ),
      )
      .orderBy(asc(enterprises.name), asc(enterprises.id)),
    db
      .select()
      .from(enterpriseLabels)
      .where(
        scope &&
          sql`(${enterpriseLabels.enterpriseId} IN (${scope.hubIds}) OR ${enterpriseLabels.enterpriseId} IN (${producersOf(scope)}))`,
      ),
    db
      .select(productColumns)
      .from(products)
      .where(and(isNull(products.archivedAt), inScope(products.producerId, publishedIdsSql), inScope(products.id, scope?.productIds)))
      .orderBy(asc(products.name), asc(products.id)),
    db.select().from(productLabels).where(inScope(productLabels.productId, scope?.productIds)),
    db
      .select(variantColumns)
      .from(variants)
      .where(
        and(
          isNull(variants.archivedAt),
          inScope(variants.productId, publishedProductIdsSql),
          inScope(variants.productId, scope?.productIds),
        ),
      )
      .orderBy(asc(variants.productId), asc(variants.position), asc(variants.id)),
    db.all<Omit<CatalogOutgoing, 'phase'> & { phase: CyclePhase }>(outgoingSql),
    // One row per sale with its variant ids joined: tens of thousands of rows decode slowly, a hundred strings fast.
    db.all<{ outgoingId: number; variantIds: string }>(sql`WITH ranked AS (
        SELECT co.id, co.hub_id, row_number() OVER (PARTITION BY co.hub_id, ${phase}, co.required_tag IS NULL ORDER BY CASE WHEN oc.closes_at <= ${now} THEN -oc.closes_at ELSE oc.opens_at END, co.id) AS rank, ${phase} AS phase
        FROM cycle_outgoing co JOIN order_cycles oc ON oc.id = co.cycle_id WHERE ${timesInRangeSql}${hubsSql})
      SELECT cov.outgoing_id AS outgoingId, group_concat(cov.variant_id) AS variantIds FROM ranked r JOIN cycle_outgoing_variants cov ON cov.outgoing_id = r.id
      WHERE (r.phase = 'open' OR r.rank = 1) AND cov.variant_id IN (SELECT id FROM variants WHERE product_id IN (${publishedProductIdsSql})) AND cov.variant_id NOT IN (SELECT variant_id FROM tag_variant_rules t WHERE t.hub_id = r.hub_id)${variantIds ? sql` AND cov.variant_id IN (${variantIds})` : sql``}
      GROUP BY cov.outgoing_id`),
    db
      .select()
      .from(variantOverrides)
      .where(variantIds && sql`${variantOverrides.variantId} IN (${variantIds})`),
    db.all<
      CycleFee & { cycleId: number }
    >(sql`SELECT cf.cycle_id AS cycleId, f.id AS feeId, f.enterprise_id AS enterpriseId, e.name AS enterpriseName, f.name AS name,
        f.fee_type AS feeType, f.calculator AS calculator, f.amount AS amount, f.vat_rate_bp AS vatRateBp, cf.role AS role, cf.producer_id AS producerId, cf.hub_id AS hubId
      FROM cycle_fees cf JOIN enterprise_fees f ON f.id = cf.fee_id JOIN enterprises e ON e.id = f.enterprise_id
      JOIN order_cycles oc ON oc.id = cf.cycle_id WHERE oc.closes_at > ${now} AND f.archived_at IS NULL${scope ? sql` AND cf.cycle_id IN (SELECT cycle_id FROM cycle_outgoing co WHERE 1${hubsSql})` : sql``} ORDER BY cf.id`),
  ] as const;
}

const runCatalogQueries = (db: Db, now: number, scope?: CatalogScope) => db.batch(catalogQueries(db, now, scope));
type CatalogRows = Awaited<ReturnType<typeof runCatalogQueries>>;

const enterpriseColumns = {
  id: enterprises.id,
  slug: enterprises.slug,
  name: enterprises.name,
  isProducer: enterprises.isProducer,
  isHub: enterprises.isHub,
  description: enterprises.description,
  postalCode: enterprises.postalCode,
  commune: enterprises.commune,
  website: enterprises.website,
  logoKey: enterprises.logoKey,
  // Only a hub's: a producer's phone and e-mail are not public pages' business.
  contactAddress: sql<string | null>`CASE WHEN ${enterprises.isHub} THEN ${enterprises.addressLine} END`,
  contactEmail: sql<string | null>`CASE WHEN ${enterprises.isHub} THEN ${enterprises.email} END`,
  contactPhone: sql<string | null>`CASE WHEN ${enterprises.isHub} THEN ${enterprises.phone} END`,
};

const productColumns = {
  id: products.id,
  producerId: products.producerId,
  categoryId: products.categoryId,
  slug: products.slug,
  name: products.name,
  description: products.description,
  imageKey: products.imageKey,
};

const variantColumns = {
  id: variants.id,
  productId: variants.productId,
  name: variants.name,
  unitKind: variants.unitKind,
  unitValue: variants.unitValue,
  priceCents: variants.priceCents,
  vatRateBp: variants.vatRateBp,
  onHand: variants.onHand,
  onDemand: variants.onDemand,
  maxPerOrder: variants.maxPerOrder,
  position: variants.position,
};

function snapshotOf(now: number, rows: CatalogRows): CatalogSnapshot {
  const [
    categoryRows,
    labelRows,
    enterpriseRows,
    enterpriseLabelRows,
    productRows,
    productLabelRows,
    variantRows,
    outgoingRows,
    selectionRows,
    overrideRows,
    feeRows,
  ] = rows;
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
    enterprises: enterpriseRows.map(({ contactAddress, contactEmail, contactPhone, ...e }) => ({
      ...e,
      contact: e.isHub ? { addressLine: contactAddress ?? '', email: contactEmail, phone: contactPhone } : null,
      labelIds: (enterpriseLabelMap.get(e.id) ?? []).map((l) => l.labelId),
    })),
    products: productRows.map((p) => ({ ...p, labelIds: (productLabelMap.get(p.id) ?? []).map((l) => l.labelId) })),
    variants: variantRows,
    outgoings: outgoingRows.map((o) => ({ ...o, phase: o.phase })),
    selections,
    overrides: new Map(
      overrideRows.map((o) => [overrideKey(o.hubId, o.variantId), { priceCents: o.priceCents, onHand: o.onHand, onDemand: o.onDemand }]),
    ),
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

/** Where shoppers' money went, per cycle, from the sales (a card payment under way or a cancelled order does not count): the impact page's figures. */
export async function impactByCycle(db: Db, limit = 24): Promise<ImpactCycle[]> {
  return db.all<ImpactCycle>(sql`WITH sales AS (SELECT * FROM orders WHERE ${saleStateSql('orders')}),
    lines AS (SELECT o.cycle_id, sum(l.base_price_cents * l.quantity) AS base FROM sales o JOIN order_lines l ON l.order_id = o.id GROUP BY o.cycle_id),
    fees AS (SELECT o.cycle_id,
        sum(CASE WHEN f.role = 'producer' THEN f.amount_cents ELSE 0 END) AS producer,
        sum(CASE WHEN f.role = 'hub' THEN f.amount_cents ELSE 0 END) AS hub,
        sum(CASE WHEN f.role = 'coordinator' THEN f.amount_cents ELSE 0 END) AS coordinator,
        sum(CASE WHEN f.role = 'platform' THEN f.amount_cents ELSE 0 END) AS platform
      FROM sales o JOIN order_fees f ON f.order_id = o.id GROUP BY o.cycle_id),
    totals AS (SELECT cycle_id, count(*) AS orders, sum(total_cents) AS revenue, sum(shipping_cents) AS shipping, group_concat(DISTINCT hub_id) AS hubs FROM sales GROUP BY cycle_id)
    SELECT t.cycle_id AS cycleId, oc.name AS name, ${readableInt(sql.raw('oc.closes_at'))} AS closesAt,
      (SELECT group_concat(e.name, ', ') FROM enterprises e WHERE e.id IN (SELECT DISTINCT hub_id FROM sales s WHERE s.cycle_id = t.cycle_id)) AS hubNames,
      t.orders AS orders, t.revenue AS revenueCents, coalesce(l.base, 0) + coalesce(f.producer, 0) AS producersCents,
      coalesce(f.hub, 0) AS hubCents, coalesce(f.coordinator, 0) AS coordinatorCents, coalesce(f.platform, 0) AS platformCents, t.shipping AS shippingCents
    FROM totals t JOIN order_cycles oc ON oc.id = t.cycle_id LEFT JOIN lines l ON l.cycle_id = t.cycle_id LEFT JOIN fees f ON f.cycle_id = t.cycle_id
    ORDER BY oc.closes_at DESC LIMIT ${limit}`);
}
