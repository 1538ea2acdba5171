// Saving the pickup-day grid: the changes of several orders of a cycle, each order through the one
// correction use case (worker/use-cases/correct-order.ts: its own guarded batch, credit note or
// supplementary invoice, e-mail), so one order refused (stock, a bad weight) never holds back the others.
import { orderGrid } from '../../../db/orders/order-grid.ts';
import type { Db } from '../../../db/core/client.ts';
import type { LineChange } from '../../../domain/corrections.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import type { Refunds } from '../../stripe.ts';
import { correctOrder } from '../../use-cases/correct-order.ts';
import { auditActor } from '../shared/audit-actor.ts';

export interface OrderChanges {
  publicId: string;
  changes: LineChange[];
  /** The version (updated_at) the changes were asked over: refused if the order is no longer at it. */
  version?: number | undefined;
}

export type Corrected = Awaited<ReturnType<typeof correctOrder>>;

export interface SeveralOutcome {
  saved: Corrected[];
  /** Orders whose change was refused, with the error as the correction gave it (fields as `changes.<i>`). */
  refused: Array<{ publicId: string; error: DomainError }>;
}

/** Corrections the hub may be refused and the page or API shows per order; anything else is a fault. */
const REFUSALS: ReadonlySet<DomainError['code']> = new Set(['VALIDATION', 'OUT_OF_STOCK', 'NOT_IN_SHOP', 'NOT_FOUND', 'STATE_CONFLICT']);

export async function correctSeveralOrders({
  db,
  refunds,
  hubId,
  cycleId,
  requests,
  known,
  actor,
  now,
  siteUrl,
}: {
  db: Db;
  refunds: Refunds | null;
  hubId: number;
  cycleId: number;
  requests: readonly OrderChanges[];
  /** The orders of this cycle and hub, when the caller has just read them (the grid's save): not read again. */
  known?: readonly string[];
  actor: Actor;
  now: number;
  siteUrl: string;
}): Promise<SeveralOutcome> {
  const out: SeveralOutcome = { saved: [], refused: [] };
  const asked = requests.filter((r) => r.changes.length > 0);
  if (asked.length === 0) return out;
  // Only orders of this cycle and hub: the same list the grid shows.
  const inCycle = new Set(
    known ?? (await orderGrid(db, hubId, cycleId, { ids: asked.map((r) => r.publicId) })).orders.map((o) => o.publicId),
  );
  const who = auditActor(actor);
  for (const r of asked) {
    if (!inCycle.has(r.publicId)) {
      out.refused.push({ publicId: r.publicId, error: new DomainError('NOT_FOUND', 'No such order to correct in this cycle.') });
      continue;
    }
    try {
      out.saved.push(
        await correctOrder({
          db,
          refunds,
          hubId,
          publicId: r.publicId,
          changes: r.changes,
          expectVersion: r.version,
          actor: { userId: who.userId, via: { ...who.via, from: 'grid' } },
          now,
          siteUrl,
        }),
      );
    } catch (err) {
      if (!(err instanceof DomainError) || !REFUSALS.has(err.code)) throw err;
      out.refused.push({ publicId: r.publicId, error: err });
    }
  }
  return out;
}
