// A hub's actions on its orders: record an offline payment (the checkout's markOrderPaid), move an
// order to ready, collected or delivered, the same for several orders at once, cancel (worker/use-cases/cancel-order.ts),
// and record money handed back — each recorded with who and when, the shopper told by e-mail where it concerns her.
import { sql } from 'drizzle-orm';
import { repaidStatements } from '../../../db/orders/corrections.ts';
import { cycleOrderShipping, hubCycle, moveOrderStatements, orderForCancel } from '../../../db/orders/hub-orders.ts';
import { batchOf, type Statement } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { orderMessageStatements } from '../../../db/messaging/outbox.ts';
import { DomainError } from '../../../domain/errors.ts';
import {
  canMoveOrder,
  canMovePayment,
  isSale,
  type OrderState,
  type PaymentKind,
  type PaymentState,
  type ShippingKind,
} from '../../../domain/orders.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { markOrderPaid } from '../../use-cases/mark-order-paid.ts';
import { idParamSchema } from '../../schemas.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { parseOrThrow } from '../shared/forms.ts';

/** The cycle the path names, if the hub sells in it or coordinates it; to other hubs it does not exist. */
export async function cycleOrFail(db: Db, hubId: number, idText: string) {
  const cycle = await hubCycle(db, hubId, parseOrThrow(idParamSchema, idText));
  if (!cycle) throw new DomainError('NOT_FOUND', 'No such cycle for this shop.');
  return cycle;
}

/** A hub cancels a sale still under way; a card attempt in progress ends by itself instead. */
export const canCancel = (state: OrderState): boolean => isSale(state) && canMoveOrder(state, 'cancelled');

/** Where a bag ends: collected for a pickup, delivered for a delivery. */
export const handOverState = (kind: ShippingKind): 'collected' | 'delivered' => (kind === 'delivery' ? 'delivered' : 'collected');

/** An offline payment a hub may record by hand: on a sale, while the payment can still become paid. */
export const canRecordPayment = (o: { state: OrderState; paymentKind: PaymentKind; paymentState: PaymentState }): boolean =>
  o.paymentKind === 'offline' && isSale(o.state) && canMovePayment(o.paymentState, 'paid');

export async function recordOfflinePayment({
  db,
  hubId,
  publicId,
  actor,
  now,
}: {
  db: Db;
  hubId: number;
  publicId: string;
  actor: Actor;
  now: number;
}) {
  const who = auditActor(actor);
  return markOrderPaid({
    db,
    orderPublicId: publicId,
    enterpriseId: hubId,
    actor: { userId: who.userId, via: actor.kind === 'token' ? `api-token:${actor.tokenId}` : 'back-office' },
    now,
    // The shopper hears it, in the same batch, only if this call moved the payment (the order update just before).
    alsoInBatch: (orderId) =>
      orderMessageStatements(db, {
        where: sql`o.id = ${orderId} AND o.payment_state = 'paid' AND changes() = 1`,
        topics: ['order.paid.shopper'],
        now,
        siteUrl: '',
      }),
  });
}

export { cancelOrder } from '../../use-cases/cancel-order.ts';

/** The states a hub moves an order to by hand; cancelling has its own use case (stock, refunds). */
export const MANUAL_ORDER_STATES = ['ready', 'collected', 'delivered'] as const;

export async function moveOrder({
  db,
  hubId,
  publicId,
  to,
  actor,
  now,
}: {
  db: Db;
  hubId: number;
  publicId: string;
  to: (typeof MANUAL_ORDER_STATES)[number];
  actor: Actor;
  now: number;
}) {
  const order = await orderForCancel(db, hubId, publicId);
  if (!order) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
  // Collected is for pickups, delivered for deliveries: the record says what happened to the bag.
  if (to !== 'ready' && to !== handOverState(order.shippingKind)) {
    throw new DomainError(
      'STATE_CONFLICT',
      to === 'collected' ? 'This order is delivered, not collected.' : 'This order is collected, not delivered.',
      { details: { state: order.state } },
    );
  }
  if (!canMoveOrder(order.state, to))
    throw new DomainError('STATE_CONFLICT', `An order that is ${order.state} cannot become ${to}.`, { details: { state: order.state } });
  const who = auditActor(actor);
  const [, moved] = await db.batch(
    batchOf(
      moveOrderStatements(db, {
        id: order.id,
        hubId,
        from: order.state as OrderState,
        to,
        userId: who.userId,
        details: { from: order.state, ...who.via },
        now,
      }),
      // « Ready » tells the shopper, only if the move above happened (changes() is the order update's).
      to === 'ready'
        ? orderMessageStatements(db, {
            where: sql`o.id = ${order.id} AND o.state = 'ready' AND changes() = 1`,
            topics: ['order.ready.shopper'],
            now,
            siteUrl: '',
          })
        : [],
    ),
  );
  if (moved.rowsAffected !== 1) throw new DomainError('STATE_CONFLICT', 'The order changed meanwhile; reload it and try again.');
  return { id: publicId, state: to, paymentState: order.paymentState };
}

export interface BulkOutcome {
  done: string[];
  refused: Array<{ id: string; message: string }>;
}

/**
 * The same action on several orders of a cycle (« tout cocher », then « payées », « prêtes » or
 * « retirées »), each through the use case that does it for one order: an order that cannot take it
 * (already paid, a card payment, cancelled) is listed as refused and the others go on.
 */
export async function bulkOrderAction({
  db,
  hubId,
  cycleId,
  publicIds,
  action,
  actor,
  now,
}: {
  db: Db;
  hubId: number;
  /** Only orders of this cycle's list are acted on; the others are refused as not in it. */
  cycleId: number;
  publicIds: readonly string[];
  action: 'paid' | 'ready' | 'handed-over';
  actor: Actor;
  now: number;
}): Promise<BulkOutcome> {
  const out: BulkOutcome = { done: [], refused: [] };
  // The ticked orders only, in one query: a cycle of hundreds of orders is not read for a few ticks.
  const shippingKinds = await cycleOrderShipping(db, hubId, cycleId, publicIds);
  for (const publicId of publicIds) {
    const kind = shippingKinds.get(publicId);
    if (!kind) {
      out.refused.push({ id: publicId, message: 'No such order in this cycle.' });
      continue;
    }
    try {
      if (action === 'paid') await recordOfflinePayment({ db, hubId, publicId, actor, now });
      else await moveOrder({ db, hubId, publicId, to: action === 'ready' ? 'ready' : handOverState(kind), actor, now });
      out.done.push(publicId);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      out.refused.push({ id: publicId, message: err.message });
    }
  }
  return out;
}

/** The hub handed back an amount owed to the shopper (an offline order paid, then corrected or cancelled). */
export async function markRepaid({
  db,
  hubId,
  publicId,
  moneyBackId,
  actor,
  now,
}: {
  db: Db;
  hubId: number;
  publicId: string;
  moneyBackId: number;
  actor: Actor;
  now: number;
}) {
  const order = await orderForCancel(db, hubId, publicId);
  if (!order) throw new DomainError('NOT_FOUND', 'No such order in this shop.');
  const [, changed] = await db.batch(
    repaidStatements(db, { id: moneyBackId, orderId: order.id, hubId, publicId, userId: auditActor(actor).userId, now }) as [
      Statement,
      Statement,
    ],
  );
  if (changed!.rowsAffected !== 1) throw new DomainError('STATE_CONFLICT', 'Nothing is owed here any more; reload the page.');
  return { id: publicId, moneyBackId, state: 'repaid' as const };
}
