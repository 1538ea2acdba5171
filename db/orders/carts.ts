// Carts in the database: one batched read of everything a cart action needs, and the guarded line change
// that writes and reads back in the same batch.
import type { Client, InArgs } from '@libsql/client';
import { and, eq, fillPlaceholders, sql, type Query, type SQL } from 'drizzle-orm';
import type { CycleFee } from '../../domain/fees.ts';
import { openAtSql } from '../catalog/cycle-sql.ts';
import { offerSql } from '../catalog/offer-sql.ts';
import {
  cycleFeesQuery,
  offeredVariantExists,
  shopVariantsQuery,
  toShopItem,
  type ShopItem,
  type ShopVariantRow,
} from '../catalog/shop.ts';
import { saleOpenToSql, visibleVariantSql } from '../shoppers/members-sql.ts';
import { batchNamed, type NamedResults } from '../core/batch.ts';
import { timeInRange } from '../core/columns.ts';
import type { Db } from '../core/client.ts';
import { cartLines, carts, cycleOutgoing, cycleOutgoingVariants, enterprises, orderCycles, variants } from '../schema/index.ts';

export interface CartContext {
  id: number;
  publicId: string;
  hubId: number;
  hubSlug: string;
  hubName: string;
  cycleId: number;
  cycleName: string;
  opensAt: number;
  closesAt: number;
  outgoingId: number;
  /** The pickup this cart is for (the hub's collection window and place in that cycle). */
  collectionStartsAt: number | null;
  collectionEndsAt: number | null;
  collectionPlace: string;
  /** The tag the sale is reserved to when the shopper reading the cart does not hold it (null: they may shop it). */
  requiredTag: string | null;
  orderedAt: number | null;
  updatedAt: number;
}

export interface CartSnapshot {
  cart: CartContext;
  fees: CycleFee[];
  /** Shop data for the cart's variants and any extra variant asked for, keyed by variant id. */
  items: Map<number, ShopItem>;
  lines: Array<{ variantId: number; quantity: number }>;
}

/**
 * A hidden hub (published_at null) sells nothing, and no hub sells a hidden producer's products. Asked of
 * the variant's own product (two lookups by key): a list of every published producer's products was
 * read for each cart action, a scan of the whole catalog (50,000 products at national size).
 */
const sellsPublicly = (hubId: SQL) =>
  sql`EXISTS (SELECT 1 FROM products p JOIN enterprises pr ON pr.id = p.producer_id WHERE p.id = ${variants.productId} AND pr.published_at IS NOT NULL)
    AND EXISTS (SELECT 1 FROM enterprises h WHERE h.id = ${hubId} AND h.published_at IS NOT NULL)`;

/**
 * The queries that read a cart, its shop and cycle, the cycle's fees, its lines and the shop data
 * of those lines (plus `extraVariantIds`), by name. Every query is keyed on the cart's public id, so
 * they go in one batch, one round trip (batchNamed); callers may add their own queries to the same batch.
 * `member` is the signed-in shopper's address (null for a guest): their tags open members' variants at
 * the members' price, and members-only sales; a guest reads the public offer.
 */
export function cartSnapshotQueries(
  db: Db,
  publicId: string | SQL,
  extraVariantIds: readonly (number | SQL)[] = [],
  member: string | SQL | null = null,
) {
  const cartId = sql`(SELECT id FROM carts WHERE public_id = ${publicId})`;
  const hubId = sql`(SELECT hub_id FROM carts WHERE public_id = ${publicId})`;
  const cycleId = sql`(SELECT cycle_id FROM carts WHERE public_id = ${publicId})`;
  const outgoingId = sql`(SELECT co.id FROM cycle_outgoing co JOIN carts c ON co.cycle_id = c.cycle_id AND co.hub_id = c.hub_id WHERE c.public_id = ${publicId})`;
  // On the selection's key (outgoing_id, variant_id), so the read looks up the cart's variants instead of
  // going through the shop's whole selection (10,000 variants in the largest shop).
  const lineVariants = sql`SELECT ${cartLines.variantId} FROM ${cartLines} WHERE ${cartLines.cartId} = ${cartId}`;
  const inCart = sql`${cycleOutgoingVariants.variantId} IN (${
    extraVariantIds.length ? sql.join([lineVariants, ...extraVariantIds.map((id) => sql`SELECT ${id}`)], sql` UNION ALL `) : lineVariants
  })`;
  return {
    cart: db
      .select({
        id: carts.id,
        publicId: carts.publicId,
        hubId: carts.hubId,
        hubSlug: enterprises.slug,
        hubName: enterprises.name,
        cycleId: carts.cycleId,
        cycleName: orderCycles.name,
        opensAt: orderCycles.opensAt,
        closesAt: orderCycles.closesAt,
        outgoingId: cycleOutgoing.id,
        // Expressions named: unnamed, each answer carries the expression's text as the column's name.
        collectionStartsAt: timeInRange(cycleOutgoing.collectionStartsAt).as('collection_starts'),
        collectionEndsAt: timeInRange(cycleOutgoing.collectionEndsAt).as('collection_ends'),
        collectionPlace: cycleOutgoing.collectionPlace,
        requiredTag: sql<
          string | null
        >`CASE WHEN ${saleOpenToSql(sql`${cycleOutgoing.requiredTag}`, hubId, member)} THEN NULL ELSE ${cycleOutgoing.requiredTag} END`.as(
          'required_tag_unheld',
        ),
        orderedAt: carts.orderedAt,
        updatedAt: carts.updatedAt,
      })
      .from(carts)
      .innerJoin(enterprises, eq(enterprises.id, carts.hubId))
      .innerJoin(orderCycles, eq(orderCycles.id, carts.cycleId))
      .innerJoin(cycleOutgoing, and(eq(cycleOutgoing.cycleId, carts.cycleId), eq(cycleOutgoing.hubId, carts.hubId)))
      .where(eq(carts.publicId, publicId)),
    fees: cycleFeesQuery(db, cycleId),
    // Tag-only variants of tags the reader does not hold read as not in the shop.
    items: shopVariantsQuery(
      db,
      outgoingId,
      hubId,
      and(inCart, visibleVariantSql(sql`${variants.id}`, hubId, member), sellsPublicly(hubId)),
      member,
    ),
    lines: db
      .select({ variantId: cartLines.variantId, quantity: cartLines.quantity })
      .from(cartLines)
      .where(eq(cartLines.cartId, cartId))
      .orderBy(cartLines.addedAt, cartLines.variantId),
  };
}

/** What cartSnapshotQueries read, by name. */
export interface CartSnapshotRows {
  cart: CartContext[];
  fees: CycleFee[];
  items: ShopVariantRow[];
  lines: CartSnapshot['lines'];
}

export function assembleCartSnapshot({ cart: ctxRows, fees, items: itemRows, lines }: CartSnapshotRows): CartSnapshot | null {
  const cart = ctxRows[0];
  if (!cart) return null;
  const items = new Map(itemRows.map((r) => [r.variantId, toShopItem(r, fees, cart.hubId)]));
  return { cart, fees, items, lines };
}

export async function cartSnapshot(
  db: Db,
  publicId: string,
  extraVariantIds: readonly number[] = [],
  member: string | null = null,
): Promise<CartSnapshot | null> {
  return assembleCartSnapshot(await batchNamed(db, cartSnapshotQueries(db, publicId, extraVariantIds, member)));
}

export function createCartStatement(
  db: Db,
  cart: { publicId: string; hubId: number; cycleId: number; createdAt: number; updatedAt: number },
) {
  return db.insert(carts).values(cart);
}

/** A change of one cart line: add `quantity` to it, or set it to `quantity` (0 removes it). */
export interface LineChange {
  publicId: string;
  variantId: number;
  quantity: number;
  mode: 'add' | 'set';
  now: number;
  /** The signed-in shopper's address, null for a guest (cartSnapshotQueries). */
  member: string | null;
}

/** What decides a line change's SQL; everything else is a bound value. */
type LineChangeShape = 'add' | 'set' | 'remove';
type Bound = Record<'publicId' | 'variantId' | 'quantity' | 'now' | 'member', SQL>;

/**
 * The statements that change one line, guarded in SQL so the database decides and writes in the same
 * transaction (the twin of assertCartEditable and assertQuantityAllowed): the line is written only when
 * the cart exists, is not ordered, its cycle is open at `now` and public or reserved to a tag the member
 * holds, and the variant is offered by the hub in that cycle (not archived, not tag-only unless the
 * member holds the tag) in that quantity (stock unless on demand, the
 * per-order limit). `write` answers the line's new quantity, or no row when refused or removed. The cart
 * is touched only when the line changed (changes() is the count of the statement just before).
 */
function lineChangeStatements(db: Db, shape: LineChangeShape, c: Bound) {
  const editable = sql`c.public_id = ${c.publicId} AND c.ordered_at IS NULL AND ${openAtSql('oc', c.now)} AND ${saleOpenToSql(sql.raw('co.required_tag'), sql.raw('c.hub_id'), c.member)}`;
  const editableCart = sql`carts c JOIN order_cycles oc ON oc.id = c.cycle_id JOIN cycle_outgoing co ON co.cycle_id = c.cycle_id AND co.hub_id = c.hub_id`;
  const touch = db.run(sql`UPDATE carts SET updated_at = ${c.now} WHERE public_id = ${c.publicId} AND changes() > 0`);
  if (shape === 'remove') {
    const write = db.all<{ quantity: number }>(
      sql`DELETE FROM cart_lines WHERE variant_id = ${c.variantId} AND cart_id = (SELECT c.id FROM ${editableCart} WHERE ${editable}) RETURNING 0 AS quantity`,
    );
    return { write, touch };
  }
  const next =
    shape === 'add'
      ? sql`(coalesce((SELECT l.quantity FROM cart_lines l WHERE l.cart_id = c.id AND l.variant_id = ${c.variantId}), 0) + ${c.quantity})`
      : c.quantity;
  const offered = offeredVariantExists(
    db,
    sql.raw('co.id'),
    sql.raw('c.hub_id'),
    and(
      eq(variants.id, c.variantId),
      visibleVariantSql(sql`${variants.id}`, sql.raw('c.hub_id'), c.member),
      sellsPublicly(sql.raw('c.hub_id')),
      sql`(${offerSql('onDemand')} OR ${next} <= ${offerSql('onHand')})`,
      sql`(${variants.maxPerOrder} IS NULL OR ${next} <= ${variants.maxPerOrder})`,
    ),
  );
  // SQLite reads ON CONFLICT after INSERT … SELECT as an upsert only when the SELECT has a WHERE: it has.
  const write = db.all<{ quantity: number }>(sql`INSERT INTO cart_lines (cart_id, variant_id, quantity, added_at)
    SELECT c.id, ${c.variantId}, ${next}, ${c.now} FROM ${editableCart} WHERE ${editable} AND ${offered}
    ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity RETURNING quantity`);
  return { write, touch };
}

type LineChangeRows = NamedResults<ReturnType<typeof lineChangeStatements> & ReturnType<typeof cartSnapshotQueries>>;
/** A built statement: its SQL with placeholders, and how drizzle turns its result into rows. */
interface Built {
  query: Query;
  item: { mapResult(result: unknown, isFromBatch?: boolean): unknown; fields?: unknown[] };
}
/** A line change's batch, built: the guarded write, the touch, and the cart's read-back as one statement. */
interface BuiltShape {
  write: Built;
  touch: Built;
  reads: { names: string[]; built: Built[]; query: Query };
}

// Building this batch's SQL takes drizzle about 2 ms of CPU (two shop-variant queries among six), more than
// the rest of an add; it depends only on the shape, so it is built once per database handle and shape.
const builtShapes = new WeakMap<Db, Map<LineChangeShape, BuiltShape>>();

/** Selects are prepared (their SQL built once, rows mapped by drizzle); raw statements are their own. */
function built(q: unknown): Built {
  const s = q as { prepare?(): Built['item'] & { getQuery(): Query } } & Built['item'] & { getQuery(): Query };
  const item = s.prepare ? s.prepare() : s;
  return { query: item.getQuery(), item };
}

/**
 * One statement answering each select's rows as one JSON text (an array of rows, each an array of its
 * columns in the select's order), in a column of its own. Over HTTP each result otherwise travels with a
 * name and a type per column and an object per value, which the client turns into an object per row
 * before drizzle maps it again: for a cart's read-back (four selects) that was most of an add's bytes and
 * a tenth of the worker's CPU. The CTE's column list names the select's columns by position, whatever
 * they are called; a CTE with ORDER BY under an aggregate is not flattened, so the rows keep its order.
 */
function jsonRowsQuery(selects: readonly Built[]): Query {
  const parts = selects.map((b, i) => {
    const cols = Array.from({ length: b.item.fields?.length ?? 0 }, (_, k) => `c${k}`).join(', ');
    return `(WITH r${i}(${cols}) AS (${b.query.sql}) SELECT json_group_array(json_array(${cols})) FROM r${i}) AS r${i}`;
  });
  return { sql: `SELECT ${parts.join(', ')}`, params: selects.flatMap((b) => b.query.params) };
}

function builtShape(db: Db, shape: LineChangeShape): BuiltShape {
  let shapes = builtShapes.get(db);
  if (!shapes) builtShapes.set(db, (shapes = new Map()));
  let found = shapes.get(shape);
  if (!found) {
    const p = (name: keyof Bound) => sql`${sql.placeholder(name)}`;
    const c: Bound = { publicId: p('publicId'), variantId: p('variantId'), quantity: p('quantity'), now: p('now'), member: p('member') };
    const { write, touch } = lineChangeStatements(db, shape, c);
    const reads: Record<string, unknown> = cartSnapshotQueries(db, c.publicId, [c.variantId], c.member);
    const names = Object.keys(reads);
    const builtReads = names.map((n) => built(reads[n]));
    found = { write: built(write), touch: built(touch), reads: { names, built: builtReads, query: jsonRowsQuery(builtReads) } };
    shapes.set(shape, found);
  }
  return found;
}

/**
 * Changes one line and reads the cart back, in one batch (one transaction, one round trip): `written`
 * says whether the guarded write took place; the snapshot (null for an unknown cart) is the state the
 * guards saw, with the line's variant among the items, so the caller can tell which rule refused it.
 */
export async function changeLine(db: Db, c: LineChange): Promise<{ written: boolean; snapshot: CartSnapshot | null }> {
  const shape: LineChangeShape = c.mode === 'add' ? 'add' : c.quantity === 0 ? 'remove' : 'set';
  const { write, touch, reads } = builtShape(db, shape);
  const values = { publicId: c.publicId, variantId: c.variantId, quantity: c.quantity, now: c.now, member: c.member };
  const statement = (q: Query) => ({ sql: q.sql, args: fillPlaceholders(q.params, values) as InArgs });
  // The same client call drizzle's db.batch makes (one transaction), with the SQL built beforehand.
  const [written, , read] = await clientOf(db).batch([statement(write.query), statement(touch.query), statement(reads.query)]);
  const texts = (read!.rows[0] ?? []) as unknown as string[];
  const rows = Object.fromEntries(
    reads.names.map((n, i) => [n, reads.built[i]!.item.mapResult({ rows: JSON.parse(texts[i]!) }, true)]),
  ) as Omit<LineChangeRows, 'write' | 'touch'>;
  return { written: written!.rows.length > 0, snapshot: assembleCartSnapshot(rows) };
}

/** drizzle keeps the libSQL client it was made with as $client (the Db type leaves it out). */
function clientOf(db: Db): Client {
  return (db as Db & { $client: Client }).$client;
}
