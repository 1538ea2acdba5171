// The plumbing of writes: a statement, a batch (one transaction, one round trip), and how to tell a
// write refused by the database's own guards (CHECK, UNIQUE, foreign keys) from any other failure.
import type { BatchItem } from 'drizzle-orm/batch';

export type Statement = BatchItem<'sqlite'>;
export type Statements = [Statement, ...Statement[]];

/** A batch needs at least one statement: libSQL refuses an empty one. */
export function asBatch(list: readonly Statement[]): Statements {
  if (list.length === 0) throw new Error('An empty batch.');
  return list as Statements;
}

/** Flattens groups of statements (builders return one or several) into one batch. */
export const batchOf = (...groups: (Statement | readonly Statement[])[]): Statements => asBatch(groups.flat() as Statement[]);

/** SQLite refused the write for a constraint; libSQL wraps the engine's code in one or more causes. */
export function isConstraintError(err: unknown): boolean {
  return constraintCode(err) !== null;
}

/** SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_FOREIGNKEY, SQLITE_CONSTRAINT_CHECK, …; null for other errors. */
export function constraintCode(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) {
      // Over HTTP the extended code may be lost; the message still names the kind.
      if (e.code !== 'SQLITE_CONSTRAINT') return e.code;
      const m = String(e.message ?? '');
      return /UNIQUE/i.test(m) ? 'SQLITE_CONSTRAINT_UNIQUE' : /FOREIGN KEY/i.test(m) ? 'SQLITE_CONSTRAINT_FOREIGNKEY' : /CHECK/i.test(m) ? 'SQLITE_CONSTRAINT_CHECK' : e.code;
    }
  }
  return null;
}
