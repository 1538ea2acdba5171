// Enterprises (producers, hubs, or both), who manages them, and which producer lets which hub sell.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const enterprises = sqliteTable('enterprises', {
  id: integer('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  isProducer: integer('is_producer', { mode: 'boolean' }).notNull().default(false),
  isHub: integer('is_hub', { mode: 'boolean' }).notNull().default(false),
  description: text('description').notNull().default(''),
  addressLine: text('address_line').notNull().default(''),
  postalCode: text('postal_code').notNull().default(''),
  commune: text('commune').notNull().default(''),
  country: text('country').notNull().default('FR'),
  email: text('email'),
  phone: text('phone'),
  website: text('website'),
  logoKey: text('logo_key'),
  /** Legal identity printed on invoices (French law): registered name, SIRET, intra-EU VAT number. */
  legalName: text('legal_name'),
  siret: text('siret'),
  vatNumber: text('vat_number'),
  // Stripe Connect account of a hub that takes card payments (acct_…); null = offline only.
  stripeAccountId: text('stripe_account_id'),
  /** What Stripe last said of that account (account.updated, or the onboarding return page); cards are taken only while charges are enabled. */
  stripeChargesEnabled: integer('stripe_charges_enabled', { mode: 'boolean' }).notNull().default(false),
  stripePayoutsEnabled: integer('stripe_payouts_enabled', { mode: 'boolean' }).notNull().default(false),
  stripeDetailsSubmitted: integer('stripe_details_submitted', { mode: 'boolean' }).notNull().default(false),
  /** When Stripe's account state was recorded (epoch ms); an older event than this changes nothing. */
  stripeSyncedAt: integer('stripe_synced_at'),
  /** The hub disconnected its account: no new card payment; the id stays for its past orders' refunds and late events. */
  stripeDisconnectedAt: integer('stripe_disconnected_at'),
  // Hub's sale terms the shopper must accept at checkout, when set.
  termsText: text('terms_text'),
  minOrderCents: integer('min_order_cents').notNull().default(0),
  /** The hub lets its shoppers change or cancel their own order until the cycle closes (off unless it says so). */
  shoppersChangeOrders: integer('shoppers_change_orders', { mode: 'boolean' }).notNull().default(false),
  /** When the enterprise went public (epoch ms); null = hidden: on no public page, its shop sells nothing. */
  publishedAt: integer('published_at'),
  createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
});

/** A producer grants a hub the right to put its variants in the hub's cycles, optionally overriding price/stock. */
export const enterpriseRelationships = sqliteTable(
  'enterprise_relationships',
  {
    producerId: integer('producer_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    canAddToCycles: integer('can_add_to_cycles', { mode: 'boolean' }).notNull().default(true),
    canOverridePrice: integer('can_override_price', { mode: 'boolean' }).notNull().default(false),
    canOverrideStock: integer('can_override_stock', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.producerId, t.hubId] }), index('enterprise_relationships_hub_idx').on(t.hubId)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull().default(''),
  isPlatformAdmin: integer('is_platform_admin', { mode: 'boolean' }).notNull().default(false),
  /** The language they last used the back office in; messages to their enterprises follow it (null: not known yet). */
  locale: text('locale', { enum: ['fr', 'en'] }),
  createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
});

export const enterpriseManagers = sqliteTable(
  'enterprise_managers',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.enterpriseId] }), index('enterprise_managers_enterprise_idx').on(t.enterpriseId)],
);

/** Labels such as « AB » (organic) or « Nature & Progrès », shown on producers and products. */
export const labels = sqliteTable('labels', {
  id: integer('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  nameFr: text('name_fr').notNull(),
  nameEn: text('name_en').notNull(),
  /** Order on forms and filters; steps of 10 leave room between two. */
  position: integer('position').notNull().default(0),
  /** Retired by the platform: no longer offered on forms, still shown where it is used. */
  retiredAt: integer('retired_at'),
});

export const enterpriseLabels = sqliteTable(
  'enterprise_labels',
  {
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    labelId: integer('label_id')
      .notNull()
      .references(() => labels.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.labelId] })],
);
