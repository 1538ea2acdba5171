// The database's twin of domain/offers.ts' offerOf, built from OVERRIDABLE: the hub's value where
// its override row sets one, else the producer's. Used where the database must decide (stock guards
// inside a batch) or where rows are too many to price in TypeScript first.
import { sql, type SQL } from 'drizzle-orm';
import { OVERRIDABLE } from '../../domain/offers.ts';

type Field = keyof typeof OVERRIDABLE;

/** `variant` and `override` are the aliases of variants and of the hub's variant_overrides row (LEFT JOINed). */
export function offerSql<T = unknown>(field: Field, variant = 'variants', override = 'variant_overrides'): SQL<T> {
  const c = OVERRIDABLE[field];
  return sql<T>`coalesce(${sql.raw(`${override}.${c}`)}, ${sql.raw(`${variant}.${c}`)})`;
}

/** SQL twin of offerOf(…).stockSource. */
export function stockSourceSql(variant = 'variants', override = 'variant_overrides'): SQL<'override' | 'producer' | 'none'> {
  return sql`CASE WHEN ${offerSql('onDemand', variant, override)} THEN 'none' WHEN ${sql.raw(`${override}.${OVERRIDABLE.onHand}`)} IS NOT NULL THEN 'override' ELSE 'producer' END`;
}
