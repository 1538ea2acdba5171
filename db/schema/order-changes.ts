// A shopper's change to their own card-paid order that costs more: held here while the difference is
// paid through a second Checkout Session, applied once by its webhook, dropped if the session expires.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { orders } from './orders.ts';

export const ORDER_CHANGE_STATES = ['pending', 'applied', 'dropped', 'refunded'] as const;

export const orderChanges = sqliteTable(
  'order_changes',
  {
    id: integer('id').primaryKey(),
    /** Unguessable id carried in the session's metadata (chg_…). */
    publicId: text('public_id').notNull().unique(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    /** The line changes asked for (domain/corrections.ts LineChange[]), as JSON. */
    changes: text('changes', { mode: 'json' }).notNull(),
    /** The order's version (updated_at) when the shopper asked: the change applies only to that order. */
    orderVersion: integer('order_version').notNull(),
    amountCents: integer('amount_cents').notNull(),
    state: text('state', { enum: ORDER_CHANGE_STATES }).notNull().default('pending'),
    stripeSessionId: text('stripe_session_id').unique(),
    checkoutUrl: text('checkout_url'),
    createdAt: integer('created_at').notNull(),
    settledAt: integer('settled_at'),
  },
  (t) => [index('order_changes_order_idx').on(t.orderId, t.state)],
);
