// Enterprise fees (« marges et commissions ») and the cycles they are charged in.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { FEE_CALCULATORS, FEE_ROLES, FEE_TYPES } from '../../domain/fees.ts';
import { enterprises } from './enterprises.ts';
import { orderCycles } from './order-cycles.ts';

export const enterpriseFees = sqliteTable(
  'enterprise_fees',
  {
    id: integer('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    name: text('name').notNull(),
    feeType: text('fee_type', { enum: FEE_TYPES }).notNull(),
    calculator: text('calculator', { enum: FEE_CALCULATORS }).notNull(),
    /** Cents for flat and per-kg calculators, basis points (1 % = 100) for percent ones. */
    amount: integer('amount').notNull(),
    /** VAT rate of a per-order fee, in basis points; per-item fees take the variant's rate. */
    vatRateBp: integer('vat_rate_bp').notNull().default(2000),
    archivedAt: integer('archived_at'),
  },
  (t) => [index('enterprise_fees_enterprise_idx').on(t.enterpriseId), check('enterprise_fees_amount_not_negative', sql`${t.amount} >= 0`)],
);

/**
 * A fee charged in a cycle, by whom (role), optionally only on one producer's variants
 * (incoming side) or only in one hub's shop (outgoing side).
 */
export const cycleFees = sqliteTable(
  'cycle_fees',
  {
    id: integer('id').primaryKey(),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => orderCycles.id, { onDelete: 'cascade' }),
    feeId: integer('fee_id')
      .notNull()
      .references(() => enterpriseFees.id),
    role: text('role', { enum: FEE_ROLES }).notNull(),
    producerId: integer('producer_id').references(() => enterprises.id),
    hubId: integer('hub_id').references(() => enterprises.id),
  },
  (t) => [index('cycle_fees_cycle_idx').on(t.cycleId)],
);
