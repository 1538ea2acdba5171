// Order cycles (« cycles de vente »): when a shop is open, which producers' variants come in,
// which hubs sell which of them, and how shoppers collect.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { enterprises } from './enterprises.ts';
import { paymentMethods, shippingMethods } from './hub-settings.ts';
import { variants } from './products.ts';

export const orderCycles = sqliteTable(
  'order_cycles',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    coordinatorId: integer('coordinator_id')
      .notNull()
      .references(() => enterprises.id),
    /** Epoch milliseconds (UTC); the shop is open for opensAt <= now < closesAt. */
    opensAt: integer('opens_at').notNull(),
    closesAt: integer('closes_at').notNull(),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index('order_cycles_coordinator_idx').on(t.coordinatorId),
    index('order_cycles_closes_idx').on(t.closesAt),
    check('order_cycles_closes_after_opens', sql`${t.closesAt} > ${t.opensAt}`),
  ],
);

/** Incoming exchange: a producer's variants entering the cycle. */
export const cycleIncoming = sqliteTable(
  'cycle_incoming',
  {
    id: integer('id').primaryKey(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => orderCycles.id, { onDelete: 'cascade' }),
    producerId: integer('producer_id')
      .notNull()
      .references(() => enterprises.id),
    receptionInstructions: text('reception_instructions').notNull().default(''),
  },
  (t) => [uniqueIndex('cycle_incoming_cycle_producer_idx').on(t.cycleId, t.producerId)],
);

export const cycleIncomingVariants = sqliteTable(
  'cycle_incoming_variants',
  {
    incomingId: integer('incoming_id')
      .notNull()
      .references(() => cycleIncoming.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
  },
  (t) => [primaryKey({ columns: [t.incomingId, t.variantId] }), index('cycle_incoming_variants_variant_idx').on(t.variantId)],
);

/** Outgoing exchange: a hub selling some of the cycle's variants, and how its shoppers collect. */
export const cycleOutgoing = sqliteTable(
  'cycle_outgoing',
  {
    id: integer('id').primaryKey(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => orderCycles.id, { onDelete: 'cascade' }),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id),
    collectionStartsAt: integer('collection_starts_at'),
    collectionEndsAt: integer('collection_ends_at'),
    collectionPlace: text('collection_place').notNull().default(''),
    instructions: text('instructions').notNull().default(''),
    /** Customer tag required to see this shop, e.g. « adhérent »; null = public. */
    requiredTag: text('required_tag'),
  },
  (t) => [uniqueIndex('cycle_outgoing_cycle_hub_idx').on(t.cycleId, t.hubId), index('cycle_outgoing_hub_idx').on(t.hubId)],
);

export const cycleOutgoingVariants = sqliteTable(
  'cycle_outgoing_variants',
  {
    outgoingId: integer('outgoing_id')
      .notNull()
      .references(() => cycleOutgoing.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
  },
  (t) => [primaryKey({ columns: [t.outgoingId, t.variantId] }), index('cycle_outgoing_variants_variant_idx').on(t.variantId)],
);

/**
 * The hub's collection/delivery methods this outgoing exchange offers. A new exchange starts with all
 * the hub's active methods (trigger in migration 0001), so a cycle offers everything until its
 * coordinator unticks some.
 */
export const cycleOutgoingShippingMethods = sqliteTable(
  'cycle_outgoing_shipping_methods',
  {
    outgoingId: integer('outgoing_id')
      .notNull()
      .references(() => cycleOutgoing.id, { onDelete: 'cascade' }),
    methodId: integer('method_id')
      .notNull()
      .references(() => shippingMethods.id),
  },
  (t) => [primaryKey({ columns: [t.outgoingId, t.methodId] }), index('cycle_outgoing_shipping_methods_method_idx').on(t.methodId)],
);

/** The hub's payment methods this outgoing exchange offers (same rule as the shipping methods). */
export const cycleOutgoingPaymentMethods = sqliteTable(
  'cycle_outgoing_payment_methods',
  {
    outgoingId: integer('outgoing_id')
      .notNull()
      .references(() => cycleOutgoing.id, { onDelete: 'cascade' }),
    methodId: integer('method_id')
      .notNull()
      .references(() => paymentMethods.id),
  },
  (t) => [primaryKey({ columns: [t.outgoingId, t.methodId] }), index('cycle_outgoing_payment_methods_method_idx').on(t.methodId)],
);
