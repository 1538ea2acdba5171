// Records that keep messages sent once: which producer was told what to bring for which cycle.
import { integer, primaryKey, sqliteTable } from 'drizzle-orm/sqlite-core';
import { enterprises } from './enterprises.ts';
import { orderCycles } from './order-cycles.ts';

/** One row per closed cycle and producer told; its key makes a second run of the job insert nothing. */
export const producerNotices = sqliteTable(
  'producer_notices',
  {
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => orderCycles.id, { onDelete: 'cascade' }),
    producerId: integer('producer_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.producerId] })],
);
