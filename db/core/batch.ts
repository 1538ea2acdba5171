// The plumbing of writes: a statement, a batch (one transaction, one round trip), and how to tell a
// write refused by the database's own guards (CHECK, UNIQUE, foreign keys) from any other failure.
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client.ts';

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
      return /UNIQUE/i.test(m)
        ? 'SQLITE_CONSTRAINT_UNIQUE'
        : /FOREIGN KEY/i.test(m)
          ? 'SQLITE_CONSTRAINT_FOREIGNKEY'
          : /CHECK/i.test(m)
            ? 'SQLITE_CONSTRAINT_CHECK'
            : e.code;
    }
  }
  return null;
}

/** The results of named queries, under the same names. */
export type NamedResults<Q extends Record<string, Statement>> = { [K in keyof Q]: Q[K]['_']['result'] };

/**
 * Runs named queries as one batch (one transaction, one round trip) and answers each result under its
 * name: callers never unpack a batch by position, and adding a query moves nothing.
 */
export async function batchNamed<Q extends Record<string, Statement>>(db: Db, queries: Q): Promise<NamedResults<Q>> {
  const names = Object.keys(queries);
  const results: unknown[] = await db.batch(asBatch(names.map((n) => queries[n]!)));
  return Object.fromEntries(names.map((n, i) => [n, results[i]])) as NamedResults<Q>;
}
