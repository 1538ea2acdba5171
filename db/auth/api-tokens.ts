// API tokens of an enterprise: created shown once, stored hashed, touched on use, revoked.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { apiTokens, users } from '../schema/index.ts';

export async function apiTokenByHash(db: Db, tokenHash: string) {
  const rows = await db
    .select({ id: apiTokens.id, enterpriseId: apiTokens.enterpriseId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return rows[0] ?? null;
}

export async function touchApiToken(db: Db, id: number, now: number) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function listApiTokens(db: Db, enterpriseId: number) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdBy: users.email,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.enterpriseId, enterpriseId))
    .orderBy(asc(apiTokens.id));
}

export async function insertApiToken(db: Db, t: { enterpriseId: number; name: string; tokenHash: string; createdBy: number; now: number }) {
  const rows = await db
    .insert(apiTokens)
    .values({ enterpriseId: t.enterpriseId, name: t.name, tokenHash: t.tokenHash, createdBy: t.createdBy, createdAt: t.now })
    .returning({ id: apiTokens.id });
  return rows[0]!.id;
}

/** Revokes a token of this enterprise; false when there is none (or it belongs to another). */
export async function revokeApiToken(db: Db, enterpriseId: number, tokenId: number, now: number) {
  const res = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.enterpriseId, enterpriseId), isNull(apiTokens.revokedAt)));
  return res.rowsAffected === 1;
}
