// Back-office identity in the database: sign-in links, sessions and the rate-limit
// counters for link requests. Only hashes of secrets are stored or compared.
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { batchOf } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { acceptInvitationsStatements } from '../enterprises/managers.ts';
import { enterpriseManagers, outbox, rateLimits, sessions, signInTokens, users } from '../schema/index.ts';

/** Adds one to each fixed-window counter and returns the new counts, in one round trip. */
export async function countRequests(db: Db, keys: readonly string[], windowStart: number): Promise<number[]> {
  if (keys.length === 0) return [];
  const statements = keys.map((key) =>
    db
      .insert(rateLimits)
      .values({ key, windowStart, count: 1 })
      .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
      .returning({ count: rateLimits.count }),
  );
  const results = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  return results.map((rows) => rows[0]?.count ?? 0);
}

export async function userByEmail(db: Db, email: string) {
  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email));
  return rows[0] ?? null;
}

/** The one-time link and the message that carries it, written together. */
export async function createSignInLink(
  db: Db,
  link: { tokenHash: string; email: string; expiresAt: number; now: number; locale: 'fr' | 'en'; url: string },
) {
  await db.batch([
    db.insert(signInTokens).values({ tokenHash: link.tokenHash, email: link.email, expiresAt: link.expiresAt, createdAt: link.now }),
    db.insert(outbox).values({
      topic: 'auth.sign-in-link',
      recipient: link.email,
      locale: link.locale,
      payload: { url: link.url, expiresAt: link.expiresAt },
      createdAt: link.now,
      nextAttemptAt: link.now,
    }),
  ]);
}

export async function signInTokenByHash(db: Db, tokenHash: string) {
  const rows = await db.select().from(signInTokens).where(eq(signInTokens.tokenHash, tokenHash));
  return rows[0] ?? null;
}

/**
 * Spends the link and opens the session in one transaction: the session row is inserted only if the
 * UPDATE just marked the link used (changes() = 1), so two clicks racing open at most one session,
 * and only for the address the link was sent to. Invitations waiting for that address are granted first
 * (creating the account if there is none), in the same transaction and only if the link is good.
 */
export async function spendSignInLink(
  db: Db,
  s: { tokenHash: string; email: string; sessionHash: string; csrfToken: string; now: number; expiresAt: number },
) {
  const linkIsGood = sql`EXISTS (SELECT 1 FROM sign_in_tokens WHERE token_hash = ${s.tokenHash} AND email = ${s.email} AND used_at IS NULL AND expires_at > ${s.now})`;
  const results = await db.batch(
    batchOf(
      acceptInvitationsStatements(db, { email: s.email, now: s.now, onlyIf: linkIsGood }),
      db
        .update(signInTokens)
        .set({ usedAt: s.now })
        .where(
          and(
            eq(signInTokens.tokenHash, s.tokenHash),
            eq(signInTokens.email, s.email),
            isNull(signInTokens.usedAt),
            gt(signInTokens.expiresAt, s.now),
          ),
        ),
      db.run(sql`INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, created_at)
      SELECT ${s.sessionHash}, users.id, ${s.csrfToken}, ${s.expiresAt}, ${s.now} FROM users WHERE users.email = ${s.email} AND changes() = 1`),
    ),
  );
  return (results.at(-1) as { rowsAffected: number }).rowsAffected === 1;
}

/** The session's user and the enterprises they manage, in one round trip. */
export async function sessionByHash(db: Db, idHash: string, now: number) {
  const [rows, managed] = await db.batch([
    db
      .select({
        idHash: sessions.idHash,
        csrfToken: sessions.csrfToken,
        expiresAt: sessions.expiresAt,
        userId: users.id,
        email: users.email,
        name: users.name,
        isPlatformAdmin: users.isPlatformAdmin,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now))),
    db
      .select({ enterpriseId: enterpriseManagers.enterpriseId })
      .from(enterpriseManagers)
      .where(eq(enterpriseManagers.userId, sql`(SELECT user_id FROM sessions WHERE id_hash = ${idHash})`)),
  ]);
  const head = rows[0];
  return head ? { ...head, manages: managed.map((m) => m.enterpriseId) } : null;
}

export async function deleteSession(db: Db, idHash: string) {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Expired links, sessions and old rate-limit windows: kept a day for diagnosis, then dropped. */
export async function purgeExpiredAuth(db: Db, now: number) {
  const dayAgo = now - 86_400_000;
  await db.batch([
    db.delete(signInTokens).where(lt(signInTokens.expiresAt, dayAgo)),
    db.delete(sessions).where(lt(sessions.expiresAt, now)),
    db.delete(rateLimits).where(lt(rateLimits.windowStart, dayAgo)),
    // Sign-in messages are useless once their link has expired, and unsent ones still hold it.
    db.delete(outbox).where(and(eq(outbox.topic, 'auth.sign-in-link'), lt(outbox.createdAt, dayAgo))),
  ]);
}
