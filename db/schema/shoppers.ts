// Shoppers' accounts: one-time sign-in links, sessions of their own kind, and the details saved for
// checkout. A shopper is an e-mail address; the hubs' `customers` rows with that address are theirs.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const shopperSignInTokens = sqliteTable(
  'shopper_sign_in_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    email: text('email').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('shopper_sign_in_tokens_email_idx').on(t.email)],
);

/** Separate from managers' sessions: a shopper's cookie never opens the back office, nor the reverse. */
export const shopperSessions = sqliteTable(
  'shopper_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    email: text('email').notNull(),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('shopper_sessions_email_idx').on(t.email)],
);

/** What checkout prefills for a signed-in shopper, saved at their last order. */
export const shopperProfiles = sqliteTable('shopper_profiles', {
  email: text('email').primaryKey(),
  name: text('name').notNull().default(''),
  phone: text('phone').notNull().default(''),
  addressLine: text('address_line').notNull().default(''),
  postalCode: text('postal_code').notNull().default(''),
  city: text('city').notNull().default(''),
  updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
});
