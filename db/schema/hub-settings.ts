// What a hub offers at checkout: collection/delivery methods, payment methods, customers and tags.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { PAYMENT_KINDS, SHIPPING_KINDS } from '../../domain/orders.ts';
import { enterprises } from './enterprises.ts';
import { variants } from './products.ts';

export const shippingMethods = sqliteTable(
  'shipping_methods',
  {
    id: integer('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: SHIPPING_KINDS }).notNull(),
    description: text('description').notNull().default(''),
    feeCents: integer('fee_cents').notNull().default(0),
    vatRateBp: integer('vat_rate_bp').notNull().default(2000),
    /** Delivery: the postcodes, prefixes (« 35* ») and communes served, as the hub typed them (domain/delivery-zones.ts); '' = anywhere. */
    zone: text('zone').notNull().default(''),
    /** This method's own minimum order (items total, cents), on top of the hub's. */
    minOrderCents: integer('min_order_cents').notNull().default(0),
    /** The fee is 0 from this items total (cents); null = never free. */
    freeFromCents: integer('free_from_cents'),
    position: integer('position').notNull().default(0),
    archivedAt: integer('archived_at'),
  },
  (t) => [index('shipping_methods_hub_idx').on(t.hubId)],
);

export const paymentMethods = sqliteTable(
  'payment_methods',
  {
    id: integer('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: PAYMENT_KINDS }).notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    archivedAt: integer('archived_at'),
  },
  (t) => [index('payment_methods_hub_idx').on(t.hubId)],
);

export const customers = sqliteTable(
  'customers',
  {
    id: integer('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    phone: text('phone').notNull().default(''),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex('customers_hub_email_idx').on(t.hubId, t.email)],
);

export const customerTags = sqliteTable(
  'customer_tags',
  {
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.tag] })],
);

/** Variants a hub shows only to customers with a tag, optionally at a tag price. */
export const tagVariantRules = sqliteTable(
  'tag_variant_rules',
  {
    id: integer('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    priceCents: integer('price_cents'),
  },
  (t) => [uniqueIndex('tag_variant_rules_idx').on(t.hubId, t.tag, t.variantId)],
);
