// What producers sell: products, their variants (the thing put in a cart) and hubs' overrides.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { UNIT_KINDS } from '../../domain/units.ts';
import { enterprises, labels } from './enterprises.ts';

export const categories = sqliteTable('categories', {
  id: integer('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  nameFr: text('name_fr').notNull(),
  nameEn: text('name_en').notNull(),
  position: integer('position').notNull().default(0),
  /** Retired by the platform: no longer offered on product forms, still shown on the products filed under it. */
  retiredAt: integer('retired_at'),
});

export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey(),
    producerId: integer('producer_id')
      .notNull()
      .references(() => enterprises.id),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    imageKey: text('image_key'),
    archivedAt: integer('archived_at'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex('products_producer_slug_idx').on(t.producerId, t.slug), index('products_category_idx').on(t.categoryId)],
);

export const productLabels = sqliteTable(
  'product_labels',
  {
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    labelId: integer('label_id')
      .notNull()
      .references(() => labels.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.labelId] })],
);

export const variants = sqliteTable(
  'variants',
  {
    id: integer('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    /** Display name, e.g. « 500 g », « botte », « 6 œufs ». */
    name: text('name').notNull(),
    unitKind: text('unit_kind', { enum: UNIT_KINDS }).notNull(),
    /** In base units: grams for weight, millilitres for volume, pieces for items. */
    unitValue: integer('unit_value').notNull(),
    /** Producer's price, VAT included, in euro cents. */
    priceCents: integer('price_cents').notNull(),
    /** VAT rate in basis points: 550 = 5.5 %. */
    vatRateBp: integer('vat_rate_bp').notNull(),
    /** Count on hand; ignored when on demand. The CHECK is what makes overselling impossible. */
    onHand: integer('on_hand').notNull().default(0),
    onDemand: integer('on_demand', { mode: 'boolean' }).notNull().default(false),
    maxPerOrder: integer('max_per_order'),
    position: integer('position').notNull().default(0),
    archivedAt: integer('archived_at'),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index('variants_product_idx').on(t.productId),
    check('variants_on_hand_not_negative', sql`${t.onHand} >= 0`),
    check('variants_price_not_negative', sql`${t.priceCents} >= 0`),
    check('variants_unit_value_positive', sql`${t.unitValue} > 0`),
  ],
);

/** A hub's own price and/or stock for a variant it sells (null = use the producer's). */
export const variantOverrides = sqliteTable(
  'variant_overrides',
  {
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    priceCents: integer('price_cents'),
    onHand: integer('on_hand'),
    onDemand: integer('on_demand', { mode: 'boolean' }),
  },
  (t) => [
    primaryKey({ columns: [t.hubId, t.variantId] }),
    check('variant_overrides_on_hand_not_negative', sql`${t.onHand} IS NULL OR ${t.onHand} >= 0`),
  ],
);
