// What a hub offers at checkout: collection/delivery methods, payment methods, customers and tags.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { PAYMENT_KINDS, SHIPPING_KINDS } from '../../domain/orders.ts';
import { METHOD_RULE_VISIBILITIES } from '../../domain/tag-rules.ts';
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

/**
 * Collection/delivery or payment methods a hub reserves to customers with a tag ('only') or hides from
 * them ('hidden'), domain/tag-rules.ts: exactly one of the two method columns is set.
 */
export const tagMethodRules = sqliteTable(
  'tag_method_rules',
  {
    id: integer('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    shippingMethodId: integer('shipping_method_id').references(() => shippingMethods.id, { onDelete: 'cascade' }),
    paymentMethodId: integer('payment_method_id').references(() => paymentMethods.id, { onDelete: 'cascade' }),
    visibility: text('visibility', { enum: METHOD_RULE_VISIBILITIES }).notNull(),
  },
  (t) => [
    check('tag_method_rules_one_method', sql`(${t.shippingMethodId} IS NULL) <> (${t.paymentMethodId} IS NULL)`),
    check('tag_method_rules_visibility', sql`${t.visibility} IN ('only', 'hidden')`),
    uniqueIndex('tag_method_rules_shipping_idx').on(t.hubId, t.tag, t.shippingMethodId).where(sql`${t.shippingMethodId} IS NOT NULL`),
    uniqueIndex('tag_method_rules_payment_idx').on(t.hubId, t.tag, t.paymentMethodId).where(sql`${t.paymentMethodId} IS NOT NULL`),
  ],
);
