// The database's twins of domain/orders.ts' sets of states, built from the same lists, for queries
// and for guards that must hold inside a batch.
import { sql, type SQL } from 'drizzle-orm';
import { LIVE_STATES, SALE_STATES, type OrderState } from '../../domain/orders.ts';

const inStates = (column: SQL, states: readonly OrderState[]) => sql`${column} IN (${sql.join(states.map((s) => sql`${s}`), sql`, `)})`;

/** SQL twin of isSale: `alias` is the orders table's alias in the query (e.g. 'o'). */
export const saleStateSql = (alias = 'orders'): SQL => inStates(sql.raw(`${alias}.state`), SALE_STATES);

/** SQL twin of isLive (not cancelled). */
export const liveStateSql = (alias = 'orders'): SQL => inStates(sql.raw(`${alias}.state`), LIVE_STATES);
