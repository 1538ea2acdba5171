// The audit log's one statement builder: every write of the back office and of payments puts its
// entry in the same batch as the change, so an entry exists exactly when the change happened.
import { SQL, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import type { Statement } from './batch.ts';

export interface AuditEntry {
  /** Who did it: null for the system (webhook, scheduled job). */
  userId: number | null;
  /** The enterprise it concerns: an id, or an SQL expression resolved inside the batch. */
  enterpriseId: number | SQL;
  /** « product.update », « order.cancel », … */
  action: string;
  /** « product:12 », « order:ord_… », … */
  subject: string | SQL;
  /** Stored as JSON; an SQL expression (e.g. json_object(…) over the row source) is used as it is. */
  details?: unknown;
  at: number;
  /** Rows the entry is written from (e.g. sql`orders o`), so the other fields may name their columns. */
  from?: SQL;
  /** Write the entry only when this holds inside the batch (e.g. the guarded change took effect). */
  onlyIf?: SQL;
}

export function auditStatement(db: Db, e: AuditEntry): Statement {
  const details = e.details instanceof SQL ? e.details : e.details === undefined || e.details === null ? null : JSON.stringify(e.details);
  return db.run(sql`INSERT INTO audit_log (user_id, enterprise_id, action, subject, details, at)
    SELECT ${e.userId}, ${e.enterpriseId}, ${e.action}, ${e.subject}, ${details}, ${e.at}${e.from ? sql` FROM ${e.from}` : sql``}${e.onlyIf ? sql` WHERE ${e.onlyIf}` : sql``}`);
}
