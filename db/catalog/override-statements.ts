// The statement of one hub's override of one variant: set its price and/or count, or go back to the
// producer's values by removing the row (db/catalog/overrides.ts reads them).
import { and, eq } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { variantOverrides } from '../schema/index.ts';

/** null keeps the producer's value; both null removes the override. */
export function overrideStatement(
  db: Db,
  hubId: number,
  o: { variantId: number; priceCents: number | null; onHand: number | null },
): Statement {
  if (o.priceCents === null && o.onHand === null)
    return db.delete(variantOverrides).where(and(eq(variantOverrides.hubId, hubId), eq(variantOverrides.variantId, o.variantId)));
  // A hub's own count is a count: it sells those and no more, even of a variant the producer has on demand.
  const set = { priceCents: o.priceCents, onHand: o.onHand, onDemand: o.onHand === null ? null : false };
  return db
    .insert(variantOverrides)
    .values({ hubId, variantId: o.variantId, ...set })
    .onConflictDoUpdate({ target: [variantOverrides.hubId, variantOverrides.variantId], set });
}
