// Invoice numbers: one gapless sequence per selling enterprise and year. The counter is bumped and the
// invoice inserted in the transaction that places the order, so a rolled-back placement leaves no gap
// and concurrent placements are serialised by the database's write lock.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import type { Statement } from '../core/batch.ts';

/**
 * Numbers the invoice of the order matched by `where` (over `orders o`), sold by its hub, unless it
 * already has one: the guard is read before the insert, so a replay neither bumps nor inserts.
 */
export function issueInvoiceStatements(db: Db, p: { where: SQL; year: number; now: number }): Statement[] {
  const unnumbered = sql`${p.where} AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.order_id = o.id AND i.enterprise_id = o.hub_id)`;
  return [
    db.run(sql`INSERT INTO invoice_counters (enterprise_id, year, last_number)
      SELECT o.hub_id, ${p.year}, 1 FROM orders o WHERE ${unnumbered}
      ON CONFLICT (enterprise_id, year) DO UPDATE SET last_number = last_number + 1`),
    db.run(sql`INSERT INTO invoices (enterprise_id, order_id, year, number, total_ht_cents, total_vat_cents, total_ttc_cents, issued_at)
      SELECT o.hub_id, o.id, ${p.year}, (SELECT c.last_number FROM invoice_counters c WHERE c.enterprise_id = o.hub_id AND c.year = ${p.year}),
        o.total_cents - o.vat_total_cents, o.vat_total_cents, o.total_cents, ${p.now}
      FROM orders o WHERE ${unnumbered}`),
  ];
}
