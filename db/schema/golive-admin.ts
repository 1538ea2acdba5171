// Invitations to manage an enterprise: an e-mailed link (stored only as its SHA-256 hash) that makes
// whoever signs in with the invited address a manager.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { enterprises, users } from './enterprises.ts';

export const managerInvitations = sqliteTable(
  'manager_invitations',
  {
    id: integer('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** Null when the platform's command line invited (no signed-in user). */
    invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: integer('expires_at').notNull(),
    acceptedAt: integer('accepted_at'),
    /** An invitation withdrawn by a manager before it was accepted. */
    cancelledAt: integer('cancelled_at'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('manager_invitations_email_idx').on(t.email), index('manager_invitations_enterprise_idx').on(t.enterpriseId)],
);
