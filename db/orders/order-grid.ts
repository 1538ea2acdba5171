// The per-cycle grid of a hub's orders on pickup day: every sale of the cycle with its lines as
// charged, one page of orders at a time, read in one round trip (the lines by the same page's ids).
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { enterprises, orderLines, orders } from '../schema/index.ts';
import { saleStateSql } from './sql.ts';
import { orderSearchSql } from './hub-orders.ts';

/** Orders per page of the grid: a pickup morning's worth on a phone, and a page that stays light. */
export const GRID_PAGE_SIZE = 50;

export interface GridFilters {
  /** The shopper's name, e-mail or the order reference, as on the orders list. */
  q?: string | undefined;
  /** 0-based page. */
  page?: number | undefined;
  /** Only these orders (a grid being saved names the orders it showed). */
  ids?: readonly string[] | undefined;
}

/** The grid's orders (sales only: a cancelled order or a card attempt has nothing to correct) and their lines. */
export async function orderGrid(db: Db, hubId: number, cycleId: number, f: GridFilters = {}) {
  const conditions: SQL[] = [eq(orders.hubId, hubId), eq(orders.cycleId, cycleId), saleStateSql('"orders"')];
  if (f.q) conditions.push(orderSearchSql(f.q));
  if (f.ids) conditions.push(f.ids.length ? inArray(orders.publicId, [...f.ids]) : sql`0`);
  const where = and(...conditions);
  const page = Math.max(0, f.page ?? 0);
  const pageIds = db
    .select({ id: orders.id })
    .from(orders)
    .where(where)
    .orderBy(asc(orders.name), asc(orders.id))
    .limit(GRID_PAGE_SIZE)
    .offset(page * GRID_PAGE_SIZE);
  const [head, lines, count] = await db.batch([
    db
      .select({
        id: orders.id,
        publicId: orders.publicId,
        name: orders.name,
        phone: orders.phone,
        state: orders.state,
        paymentState: orders.paymentState,
        paymentKind: orders.paymentKind,
        paymentName: orders.paymentName,
        shippingKind: orders.shippingKind,
        shippingName: orders.shippingName,
        totalCents: orders.totalCents,
        /** The order's version as shown: a grid saved over a change made meanwhile is refused for that order. */
        updatedAt: orders.updatedAt,
      })
      .from(orders)
      .where(inArray(orders.id, pageIds))
      .orderBy(asc(orders.name), asc(orders.id)),
    db
      .select({
        id: orderLines.id,
        orderId: orderLines.orderId,
        productName: orderLines.productName,
        variantName: orderLines.variantName,
        producerName: enterprises.name,
        unitKind: orderLines.unitKind,
        unitValue: orderLines.unitValue,
        quantity: orderLines.quantity,
        lineTotalCents: orderLines.lineTotalCents,
      })
      .from(orderLines)
      .innerJoin(enterprises, eq(enterprises.id, orderLines.producerId))
      .where(inArray(orderLines.orderId, pageIds))
      .orderBy(asc(orderLines.orderId), asc(orderLines.id)),
    db.select({ n: sql<number>`count(*)` }).from(orders).where(where),
  ]);
  const byOrder = new Map<number, typeof lines>();
  for (const l of lines) {
    const list = byOrder.get(l.orderId);
    if (list) list.push(l);
    else byOrder.set(l.orderId, [l]);
  }
  return {
    orders: head.map(({ id, ...o }) => ({ ...o, lines: byOrder.get(id) ?? [] })),
    total: Number(count[0]?.n ?? 0),
    page,
    pageSize: GRID_PAGE_SIZE,
  };
}

export type OrderGrid = Awaited<ReturnType<typeof orderGrid>>;
export type GridOrder = OrderGrid['orders'][number];
export type GridLine = GridOrder['lines'][number];
