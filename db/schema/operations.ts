// Operational records: processed webhook events, the outbox of messages to send, invoices with their
// gapless counters, and catalog rebuild requests.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { enterprises } from './enterprises.ts';
import { orders } from './orders.ts';

/** Each provider event id is recorded once, so a replayed webhook changes nothing. */
export const webhookEvents = sqliteTable('webhook_events', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  type: text('type').notNull(),
  receivedAt: integer('received_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
});

/** Messages written in the same transaction as the change that causes them, delivered later with retries. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey(),
    topic: text('topic').notNull(),
    recipient: text('recipient').notNull(),
    locale: text('locale', { enum: ['fr', 'en'] })
      .notNull()
      .default('fr'),
    payload: text('payload', { mode: 'json' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
    sentAt: integer('sent_at'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('outbox_pending_idx').on(t.sentAt, t.nextAttemptAt)],
);

/** Last invoice number per selling enterprise and year; incremented in the placing transaction, so no gaps. */
export const invoiceCounters = sqliteTable(
  'invoice_counters',
  {
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.year] })],
);

export const invoices = sqliteTable(
  'invoices',
  {
    id: integer('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    totalHtCents: integer('total_ht_cents').notNull(),
    totalVatCents: integer('total_vat_cents').notNull(),
    totalTtcCents: integer('total_ttc_cents').notNull(),
    issuedAt: integer('issued_at').notNull(),
    /** Set on an invoice issued by a correction upwards: the order's first invoice, which it adds to. */
    supplementsInvoiceId: integer('supplements_invoice_id'),
  },
  // One first invoice per order and selling enterprise: a replayed completion can never issue a second one.
  (t) => [
    uniqueIndex('invoices_number_idx').on(t.enterpriseId, t.year, t.number),
    uniqueIndex('invoices_order_idx').on(t.orderId, t.enterpriseId).where(sql`${t.supplementsInvoiceId} IS NULL`),
    // Every invoice of an order, supplementary ones included (the partial index above holds only the
    // first): the reports read a scope's documents through its orders, without scanning all invoices.
    index('invoices_order_all_idx').on(t.orderId),
  ],
);

export const catalogRebuilds = sqliteTable('catalog_rebuilds', {
  id: integer('id').primaryKey(),
  state: text('state', { enum: ['queued', 'building', 'published', 'failed'] }).notNull(),
  reason: text('reason').notNull(),
  error: text('error'),
  requestedAt: integer('requested_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  startedAt: integer('started_at'),
  finishedAt: integer('finished_at'),
});

/** Public pages whose content changed since they were last published. */
export const stalePages = sqliteTable('stale_pages', {
  path: text('path').primaryKey(),
  reason: text('reason').notNull(),
  markedAt: integer('marked_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
});

/** Who changed what in the back office, and when (orders marked paid, cancelled, prices edited…). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    /** The user (null for the system: webhooks, schedules) and the enterprise acted for. */
    userId: integer('user_id'),
    enterpriseId: integer('enterprise_id'),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    details: text('details', { mode: 'json' }),
    at: integer('at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('audit_log_subject_idx').on(t.subject), index('audit_log_enterprise_idx').on(t.enterpriseId, t.at)],
);
