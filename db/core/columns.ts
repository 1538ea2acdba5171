// Reading columns defensively: values stored before the API bounded its input must not fail a whole query.
import { and, between, sql, type SQLWrapper } from 'drizzle-orm';
import { MAX_EPOCH_MS, MIN_EPOCH_MS } from '../../domain/limits.ts';
import { orderCycles } from '../schema/index.ts';

/**
 * An integer column as a number JavaScript can hold. A value past 2^53 (stored before the API bounded
 * its input) comes back approximate, as a REAL, rather than failing the whole query: the page that
 * lists it still opens, and the row can be repaired.
 */
export const readableInt = (column: SQLWrapper) =>
  sql<number>`CASE WHEN ${column} BETWEEN -9007199254740991 AND 9007199254740991 THEN ${column} ELSE CAST(${column} AS REAL) END`;

/** A nullable time column, or null when it is outside the platform's range (such a time cannot be shown). */
export const timeInRange = (column: SQLWrapper) =>
  sql<number | null>`CASE WHEN ${column} BETWEEN ${sql.raw(String(MIN_EPOCH_MS))} AND ${sql.raw(String(MAX_EPOCH_MS))} THEN ${column} END`;

/** A cycle whose times are within the platform's range: the only ones shops and catalog pages offer. */
export const cycleTimesInRange = () =>
  and(
    between(orderCycles.opensAt, sql.raw(String(MIN_EPOCH_MS)), sql.raw(String(MAX_EPOCH_MS))),
    between(orderCycles.closesAt, sql.raw(String(MIN_EPOCH_MS)), sql.raw(String(MAX_EPOCH_MS))),
  )!;
