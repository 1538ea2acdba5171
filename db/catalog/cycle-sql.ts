// The database's twin of domain/cycles.ts' isOpenAt and cyclePhase: the same bounds (opensAt <= now < closesAt).
import { sql, type SQL } from 'drizzle-orm';

const col = (alias: string, c: string) => sql.raw(`${alias}.${c}`);

/** SQL twin of isOpenAt: `alias` is the order_cycles table's alias in the query. */
export const openAtSql = (alias: string, now: number | SQL): SQL =>
  sql`(${col(alias, 'opens_at')} <= ${now} AND ${col(alias, 'closes_at')} > ${now})`;

/** SQL twin of cyclePhase: 'open', 'upcoming' or 'closed'. */
export const cyclePhaseSql = (alias: string, now: number | SQL): SQL =>
  sql`CASE WHEN ${openAtSql(alias, now)} THEN 'open' WHEN ${col(alias, 'opens_at')} > ${now} THEN 'upcoming' ELSE 'closed' END`;
