// The database's twins of domain/orders.ts' sets of states, built from the same lists, for queries
// and for guards that must hold inside a batch.
import { sql, type SQL } from 'drizzle-orm';
import { LIVE_STATES, ORDER_STATES, SALE_STATES, type OrderState } from '../../domain/orders.ts';

const stateOf = (alias: string) => sql.raw(`${alias}.state`);

/** SQL twin of isSale: `alias` is the orders table's alias in the query (e.g. 'o'). */
export const saleStateSql = (alias = 'orders'): SQL =>
  sql`${stateOf(alias)} IN (${sql.join(
    SALE_STATES.map((s) => sql`${s}`),
    sql`, `,
  )})`;

/** The states outside LIVE_STATES (cancelled). */
const NOT_LIVE = ORDER_STATES.filter((s) => !(LIVE_STATES as readonly OrderState[]).includes(s));

/**
 * SQL twin of isLive (not cancelled). Written as the exclusion of the other states, the form the
 * partial unique index orders_cart_idx is declared with: a state IN (…) list would keep SQLite from
 * using that index, and a cart's order would be looked up by scanning the orders.
 */
export const liveStateSql = (alias = 'orders'): SQL =>
  sql`(${sql.join(
    NOT_LIVE.map((s) => sql`${stateOf(alias)} <> ${s}`),
    sql` AND `,
  )})`;
