// Order cycles as coordinators edit them: the cycle with its selections and fees, the variants a hub
// may put in, and the statements of an edit or a clone, set-based (INSERT … SELECT over json_each)
// so a cycle of 5,000 variants is written in a handful of statements and one round trip.
import { and, asc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { FeeRole } from '../../domain/fees.ts';
import { auditStatement } from '../core/audit.ts';
import type { Statement } from '../core/batch.ts';
import { readableInt } from '../core/columns.ts';
import type { Db } from '../core/client.ts';
import { liveStateSql, saleStateSql } from '../orders/sql.ts';
import {
  categories,
  cycleFees,
  cycleOutgoing,
  enterpriseRelationships,
  enterprises,
  orderCycles,
  products,
  variants,
} from '../schema/index.ts';

// Times are read with readableInt: a cycle whose times are out of range still opens, so it can be repaired.
const cycleColumns = {
  id: orderCycles.id,
  name: orderCycles.name,
  coordinatorId: orderCycles.coordinatorId,
  opensAt: readableInt(orderCycles.opensAt),
  closesAt: readableInt(orderCycles.closesAt),
  createdAt: orderCycles.createdAt,
  updatedAt: orderCycles.updatedAt,
};
const outgoingColumns = {
  id: cycleOutgoing.id,
  cycleId: cycleOutgoing.cycleId,
  hubId: cycleOutgoing.hubId,
  collectionStartsAt: sql<number | null>`${readableInt(cycleOutgoing.collectionStartsAt)}`,
  collectionEndsAt: sql<number | null>`${readableInt(cycleOutgoing.collectionEndsAt)}`,
  collectionPlace: cycleOutgoing.collectionPlace,
  instructions: cycleOutgoing.instructions,
  requiredTag: cycleOutgoing.requiredTag,
};

export async function cycleForEdit(db: Db, cycleId: number, hubId: number) {
  const [rows, outgoing, selected, fees] = await db.batch([
    db.select(cycleColumns).from(orderCycles).where(eq(orderCycles.id, cycleId)),
    db
      .select(outgoingColumns)
      .from(cycleOutgoing)
      .where(and(eq(cycleOutgoing.cycleId, cycleId), eq(cycleOutgoing.hubId, hubId))),
    db.all<{ variantId: number }>(
      sql`SELECT cov.variant_id AS variantId FROM cycle_outgoing_variants cov JOIN cycle_outgoing co ON co.id = cov.outgoing_id WHERE co.cycle_id = ${cycleId} AND co.hub_id = ${hubId}`,
    ),
    db
      .select({ id: cycleFees.id, feeId: cycleFees.feeId, role: cycleFees.role, producerId: cycleFees.producerId, hubId: cycleFees.hubId })
      .from(cycleFees)
      .where(eq(cycleFees.cycleId, cycleId))
      .orderBy(asc(cycleFees.id)),
  ]);
  const cycle = rows[0];
  return cycle ? { cycle, outgoing: outgoing[0] ?? null, variantIds: selected.map((r) => r.variantId), fees } : null;
}

/** Active variants of the producers that let this hub put them in its cycles. */
export async function variantsAvailableTo(db: Db, hubId: number) {
  return db
    .select({
      variantId: variants.id,
      variantName: variants.name,
      productName: products.name,
      producerId: enterprises.id,
      producerName: enterprises.name,
      priceCents: variants.priceCents,
      categoryName: categories.nameFr,
    })
    .from(enterpriseRelationships)
    .innerJoin(enterprises, eq(enterprises.id, enterpriseRelationships.producerId))
    .innerJoin(products, and(eq(products.producerId, enterpriseRelationships.producerId), isNull(products.archivedAt)))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(variants, and(eq(variants.productId, products.id), isNull(variants.archivedAt)))
    .where(and(eq(enterpriseRelationships.hubId, hubId), eq(enterpriseRelationships.canAddToCycles, true)))
    .orderBy(asc(enterprises.name), asc(products.name), asc(variants.position), asc(variants.id));
}

/** Fees a hub may charge in its cycle: its own, those of producers it works with, and the platform's. */
export async function feesAvailableTo(db: Db, hubId: number) {
  return db.all<{
    id: number;
    name: string;
    enterpriseId: number;
    enterpriseName: string;
    calculator: string;
    amount: number;
    feeType: string;
  }>(sql`SELECT f.id, f.name, f.enterprise_id AS enterpriseId, e.name AS enterpriseName, f.calculator, f.amount, f.fee_type AS feeType
    FROM enterprise_fees f JOIN enterprises e ON e.id = f.enterprise_id
    WHERE f.archived_at IS NULL AND (f.enterprise_id = ${hubId}
      OR f.enterprise_id IN (SELECT producer_id FROM enterprise_relationships WHERE hub_id = ${hubId})
      OR (e.is_hub = 0 AND e.is_producer = 0))
    ORDER BY e.name, f.name`);
}

/** Producers whose variants may be in a hub's cycles (those it works with, and the hub itself if it produces): the only ones a fee may be aimed at. */
export async function producersWorkingWith(db: Db, hubId: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`SELECT id FROM enterprises WHERE is_producer = 1
    AND (id = ${hubId} OR id IN (SELECT producer_id FROM enterprise_relationships WHERE hub_id = ${hubId}))`);
  return rows.map((r) => r.id);
}

export async function nextCycleId(db: Db): Promise<number> {
  const [row] = await db.all<{ next: number }>(sql`SELECT coalesce(max(id), 0) + 1 AS next FROM order_cycles`);
  return row?.next ?? 1;
}

/**
 * Writes a cycle's settings for the hub: the cycle row, the hub's outgoing exchange, incoming
 * exchanges per producer of the chosen variants, both variant selections, and the fees. Variants
 * are passed as one JSON array; only those of producers that allow this hub are taken.
 */
export function writeCycleStatements(db: Db, cycleId: number, hubId: number, s: CycleSettings, now: number, create: boolean): Statement[] {
  return [
    create
      ? db.insert(orderCycles).values({
          id: cycleId,
          name: s.name,
          coordinatorId: hubId,
          opensAt: s.opensAt,
          closesAt: s.closesAt,
          createdAt: now,
          updatedAt: now,
        })
      : db
          .update(orderCycles)
          .set({ name: s.name, opensAt: s.opensAt, closesAt: s.closesAt, updatedAt: now })
          .where(eq(orderCycles.id, cycleId)),
    ...writeOutgoingStatements(db, cycleId, hubId, s),
    ...rebuildIncomingStatements(db, cycleId),
    // The form holds the cycle-wide fees and the coordinator's shop's; fees aimed at another hub of the cycle stay.
    db.delete(cycleFees).where(and(eq(cycleFees.cycleId, cycleId), or(isNull(cycleFees.hubId), eq(cycleFees.hubId, hubId)))),
    ...(s.fees.length
      ? [
          db
            .insert(cycleFees)
            .values(s.fees.map((f) => ({ cycleId, feeId: f.feeId, role: f.role, producerId: f.producerId, hubId: f.hubId }))),
        ]
      : []),
  ];
}

/** What a hub's outgoing exchange holds: how its shoppers collect, and which variants it sells. */
export interface OutgoingExchange {
  collectionStartsAt: number | null;
  collectionEndsAt: number | null;
  collectionPlace: string;
  instructions: string;
  requiredTag: string | null;
  variantIds: readonly number[];
}

/** A cycle as its coordinator edits it: its times and fees, and the coordinator's own shop's exchange. */
export interface CycleSettings extends OutgoingExchange {
  name: string;
  opensAt: number;
  closesAt: number;
  fees: readonly { feeId: number; role: FeeRole; producerId: number | null; hubId: number | null }[];
}

/** The chosen variants (one JSON array) that `hubId` may sell: active, of producers that let it add them to cycles. */
function allowedVariantsSql(hubId: number, variantIds: readonly number[]) {
  const ids = JSON.stringify([...new Set(variantIds)]);
  return sql`SELECT v.id AS variant_id, p.producer_id FROM json_each(${ids}) j
    JOIN variants v ON v.id = j.value AND v.archived_at IS NULL
    JOIN products p ON p.id = v.product_id
    JOIN enterprise_relationships r ON r.producer_id = p.producer_id AND r.hub_id = ${hubId} AND r.can_add_to_cycles = 1`;
}

/**
 * Creates or replaces a hub's outgoing exchange in a cycle: its collection details and its whole
 * selection, set-based. Incoming exchanges are not touched: follow with rebuildIncomingStatements.
 */
export function writeOutgoingStatements(db: Db, cycleId: number, hubId: number, x: OutgoingExchange): Statement[] {
  const outgoingId = sql`(SELECT id FROM cycle_outgoing WHERE cycle_id = ${cycleId} AND hub_id = ${hubId})`;
  const details = {
    collectionStartsAt: x.collectionStartsAt,
    collectionEndsAt: x.collectionEndsAt,
    collectionPlace: x.collectionPlace,
    instructions: x.instructions,
    requiredTag: x.requiredTag,
  };
  return [
    db
      .insert(cycleOutgoing)
      .values({ cycleId, hubId, ...details })
      .onConflictDoUpdate({ target: [cycleOutgoing.cycleId, cycleOutgoing.hubId], set: details }),
    db.run(sql`DELETE FROM cycle_outgoing_variants WHERE outgoing_id = ${outgoingId}`),
    db.run(
      sql`INSERT INTO cycle_outgoing_variants (outgoing_id, variant_id) SELECT ${outgoingId}, variant_id FROM (${allowedVariantsSql(hubId, x.variantIds)})`,
    ),
  ];
}

/**
 * Rebuilds a cycle's incoming exchanges from what every hub of the cycle sells: one exchange per
 * producer of an outgoing variant (kept with its reception instructions if it was there), exactly
 * those variants coming in, and producers nobody sells any more leaving.
 */
export function rebuildIncomingStatements(db: Db, cycleId: number): Statement[] {
  const sold = sql`FROM cycle_outgoing co JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
      JOIN variants v ON v.id = cov.variant_id JOIN products p ON p.id = v.product_id
      WHERE co.cycle_id = ${cycleId}`;
  return [
    db.run(sql`INSERT INTO cycle_incoming (cycle_id, producer_id) SELECT DISTINCT ${cycleId}, p.producer_id ${sold}
      ON CONFLICT (cycle_id, producer_id) DO NOTHING`),
    db.run(sql`DELETE FROM cycle_incoming_variants WHERE incoming_id IN (SELECT id FROM cycle_incoming WHERE cycle_id = ${cycleId})`),
    db.run(sql`INSERT INTO cycle_incoming_variants (incoming_id, variant_id)
      SELECT DISTINCT ci.id, cov.variant_id FROM cycle_outgoing co JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
      JOIN variants v ON v.id = cov.variant_id JOIN products p ON p.id = v.product_id
      JOIN cycle_incoming ci ON ci.cycle_id = ${cycleId} AND ci.producer_id = p.producer_id
      WHERE co.cycle_id = ${cycleId}`),
    db.run(sql`DELETE FROM cycle_incoming WHERE cycle_id = ${cycleId} AND id NOT IN (SELECT incoming_id FROM cycle_incoming_variants)`),
  ];
}

/** Live orders (not cancelled: sales and card payments under way) of this hub in this cycle: they hold the hub in it. */
const liveOrdersSql = (cycleId: number, hubId: number) =>
  sql`FROM orders o WHERE o.cycle_id = ${cycleId} AND o.hub_id = ${hubId} AND ${liveStateSql('o')}`;

export async function liveOrderCount(db: Db, cycleId: number, hubId: number): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n ${liveOrdersSql(cycleId, hubId)}`);
  return row?.n ?? 0;
}

/**
 * Takes a hub out of a cycle: its selection, its exchange and the fees aimed at it. Every delete
 * is guarded by the hub having no live order in the cycle, so an order placed meanwhile keeps
 * the exchange; the exchange's delete comes last, and its row count says whether it happened.
 */
export function removeOutgoingStatements(db: Db, cycleId: number, hubId: number): Statement[] {
  const none = sql`NOT EXISTS (SELECT 1 ${liveOrdersSql(cycleId, hubId)})`;
  return [
    db.run(
      sql`DELETE FROM cycle_outgoing_variants WHERE outgoing_id IN (SELECT id FROM cycle_outgoing WHERE cycle_id = ${cycleId} AND hub_id = ${hubId}) AND ${none}`,
    ),
    db.run(sql`DELETE FROM cycle_fees WHERE cycle_id = ${cycleId} AND hub_id = ${hubId} AND ${none}`),
    db.run(sql`DELETE FROM cycle_outgoing WHERE cycle_id = ${cycleId} AND hub_id = ${hubId} AND ${none}`),
  ];
}

/** The hubs other than `exceptHubId` selling in a cycle, with their collection details and how many variants each sells. */
export async function otherHubsOfCycle(db: Db, cycleId: number, exceptHubId: number) {
  return db.all<{
    hubId: number;
    slug: string;
    name: string;
    variantCount: number;
    collectionStartsAt: number | null;
    collectionEndsAt: number | null;
    collectionPlace: string;
    instructions: string;
    requiredTag: string | null;
  }>(sql`
    SELECT e.id AS hubId, e.slug, e.name, (SELECT count(*) FROM cycle_outgoing_variants cov WHERE cov.outgoing_id = co.id) AS variantCount,
      ${readableInt(sql.raw('co.collection_starts_at'))} AS collectionStartsAt, ${readableInt(sql.raw('co.collection_ends_at'))} AS collectionEndsAt, co.collection_place AS collectionPlace,
      co.instructions, co.required_tag AS requiredTag
    FROM cycle_outgoing co JOIN enterprises e ON e.id = co.hub_id
    WHERE co.cycle_id = ${cycleId} AND co.hub_id <> ${exceptHubId}
    ORDER BY e.name`);
}

/** A hub's exchange in a cycle with its selection, or null when it does not sell there. */
export async function outgoingOf(db: Db, cycleId: number, hubId: number) {
  const [rows, selected] = await db.batch([
    db
      .select(outgoingColumns)
      .from(cycleOutgoing)
      .where(and(eq(cycleOutgoing.cycleId, cycleId), eq(cycleOutgoing.hubId, hubId))),
    db.all<{ variantId: number }>(
      sql`SELECT cov.variant_id AS variantId FROM cycle_outgoing_variants cov JOIN cycle_outgoing co ON co.id = cov.outgoing_id WHERE co.cycle_id = ${cycleId} AND co.hub_id = ${hubId} ORDER BY cov.variant_id`,
    ),
  ]);
  const o = rows[0];
  return o ? { ...o, variantIds: selected.map((r) => r.variantId) } : null;
}

/** Hubs a coordinator may bring into its cycles: every hub but itself. */
export async function hubsOtherThan(db: Db, hubId: number) {
  return db
    .select({ id: enterprises.id, slug: enterprises.slug, name: enterprises.name })
    .from(enterprises)
    .where(and(eq(enterprises.isHub, true), ne(enterprises.id, hubId)))
    .orderBy(asc(enterprises.name));
}

/**
 * Copies a cycle into a new one opening at `opensAt`: every exchange, selection and fee, with
 * collection times moved by the same shift. Set-based: the variants never travel to the worker.
 */
export function cloneCycleStatements(
  db: Db,
  from: { id: number; opensAt: number },
  to: { id: number; name: string; opensAt: number; closesAt: number },
  now: number,
): Statement[] {
  const shift = to.opensAt - from.opensAt;
  return [
    db.run(sql`INSERT INTO order_cycles (id, name, coordinator_id, opens_at, closes_at, created_at, updated_at)
      SELECT ${to.id}, ${to.name}, coordinator_id, ${to.opensAt}, ${to.closesAt}, ${now}, ${now} FROM order_cycles WHERE id = ${from.id}`),
    db.run(
      sql`INSERT INTO cycle_incoming (cycle_id, producer_id, reception_instructions) SELECT ${to.id}, producer_id, reception_instructions FROM cycle_incoming WHERE cycle_id = ${from.id}`,
    ),
    db.run(sql`INSERT INTO cycle_incoming_variants (incoming_id, variant_id)
      SELECT ni.id, civ.variant_id FROM cycle_incoming_variants civ
      JOIN cycle_incoming oi ON oi.id = civ.incoming_id AND oi.cycle_id = ${from.id}
      JOIN cycle_incoming ni ON ni.cycle_id = ${to.id} AND ni.producer_id = oi.producer_id
      JOIN variants v ON v.id = civ.variant_id AND v.archived_at IS NULL`),
    db.run(sql`INSERT INTO cycle_outgoing (cycle_id, hub_id, collection_starts_at, collection_ends_at, collection_place, instructions, required_tag)
      SELECT ${to.id}, hub_id, collection_starts_at + ${shift}, collection_ends_at + ${shift}, collection_place, instructions, required_tag FROM cycle_outgoing WHERE cycle_id = ${from.id}`),
    db.run(sql`INSERT INTO cycle_outgoing_variants (outgoing_id, variant_id)
      SELECT no.id, cov.variant_id FROM cycle_outgoing_variants cov
      JOIN cycle_outgoing oo ON oo.id = cov.outgoing_id AND oo.cycle_id = ${from.id}
      JOIN cycle_outgoing no ON no.cycle_id = ${to.id} AND no.hub_id = oo.hub_id
      JOIN variants v ON v.id = cov.variant_id AND v.archived_at IS NULL`),
    db.run(
      sql`INSERT INTO cycle_fees (cycle_id, fee_id, role, producer_id, hub_id) SELECT ${to.id}, fee_id, role, producer_id, hub_id FROM cycle_fees WHERE cycle_id = ${from.id}`,
    ),
  ];
}

/** The earliest collection start and the latest collection end of a cycle's exchanges (what a clone shifts). */
export async function collectionSpan(db: Db, cycleId: number): Promise<{ first: number | null; last: number | null }> {
  const [row] = await db.all<{ first: number | null; last: number | null }>(
    sql`SELECT ${readableInt(sql.raw('min(collection_starts_at)'))} AS first, ${readableInt(sql.raw('max(collection_ends_at)'))} AS last FROM cycle_outgoing WHERE cycle_id = ${cycleId}`,
  );
  return row ?? { first: null, last: null };
}

/** Chosen variants this hub may not sell (archived, unknown, or from a producer without a relationship). */
export async function variantsNotAllowed(db: Db, hubId: number, variantIds: readonly number[]): Promise<number[]> {
  if (variantIds.length === 0) return [];
  // The same rule the writes apply, so what is checked is exactly what would be kept.
  const rows = await db.all<{ id: number }>(sql`SELECT DISTINCT j.value AS id FROM json_each(${JSON.stringify([...new Set(variantIds)])}) j
    WHERE j.value NOT IN (SELECT variant_id FROM (${allowedVariantsSql(hubId, variantIds)}))`);
  return rows.map((r) => r.id);
}

/**
 * The audit entry of a hub's removal, written only if the removal happened (its exchange is gone
 * by then in the same batch): a removal refused for an order placed meanwhile leaves no trace.
 */
export function auditRemovalStatement(
  db: Db,
  cycleId: number,
  hubId: number,
  entry: { userId: number | null; enterpriseId: number; subject: string; details: unknown; at: number },
): Statement {
  return auditStatement(db, {
    ...entry,
    action: 'cycle.hub_remove',
    onlyIf: sql`NOT EXISTS (SELECT 1 FROM cycle_outgoing WHERE cycle_id = ${cycleId} AND hub_id = ${hubId})`,
  });
}

/**
 * The hub's cycles for its list, newest first, each with its own count of sales and their total.
 * The subqueries name the outer row as "order_cycles"."id" in full: an interpolated column renders
 * as a bare "id" there, which inside `FROM orders o` is the order's id (every cycle then showed the
 * same one order).
 */
export async function cycleList(db: Db, hubId: number) {
  const outer = sql.raw('"order_cycles"."id"');
  return db
    .select({
      id: orderCycles.id,
      name: orderCycles.name,
      opensAt: readableInt(orderCycles.opensAt),
      closesAt: readableInt(orderCycles.closesAt),
      coordinatorId: orderCycles.coordinatorId,
      orderCount: sql<number>`(SELECT count(*) FROM orders o WHERE o.cycle_id = ${outer} AND o.hub_id = ${hubId} AND ${saleStateSql('o')})`,
      salesCents: sql<number>`(SELECT coalesce(sum(o.total_cents), 0) FROM orders o WHERE o.cycle_id = ${outer} AND o.hub_id = ${hubId} AND ${saleStateSql('o')})`,
    })
    .from(orderCycles)
    .where(
      or(
        eq(orderCycles.coordinatorId, hubId),
        sql`EXISTS (SELECT 1 FROM cycle_outgoing co WHERE co.cycle_id = ${outer} AND co.hub_id = ${hubId})`,
      ),
    )
    .orderBy(sql`${orderCycles.opensAt} DESC`);
}
