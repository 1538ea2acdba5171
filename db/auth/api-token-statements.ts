// Statement builders for the writes on API tokens, so that a use case puts a token's creation or
// revocation and its audit entry in one batch (the reads and the token check stay in api-tokens.ts).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { apiTokens } from '../schema/index.ts';

export function insertApiTokenStatement(
  db: Db,
  t: { enterpriseId: number; name: string; tokenHash: string; createdBy: number; now: number },
) {
  return db
    .insert(apiTokens)
    .values({ enterpriseId: t.enterpriseId, name: t.name, tokenHash: t.tokenHash, createdBy: t.createdBy, createdAt: t.now })
    .returning({ id: apiTokens.id });
}

/** The audit subject « api-token:<id> » of the token with this hash, inside the batch that inserts it (the hash is unique). */
export const apiTokenSubjectSql = (tokenHash: string) => sql`'api-token:' || (SELECT id FROM api_tokens WHERE token_hash = ${tokenHash})`;

/** True right after the statement before it changed one row: the revocation's audit entry is written only then. */
export const changedOneRowSql = sql`changes() = 1`;

/** Revokes a token of this enterprise that is still active; no row changes when there is none. */
export function revokeApiTokenStatement(db: Db, enterpriseId: number, tokenId: number, now: number) {
  return db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.enterpriseId, enterpriseId), isNull(apiTokens.revokedAt)));
}
