// Shoppers' identity in the database: their one-time sign-in links and sessions (only hashes of the
// secrets are stored), and whether an address is known to any hub (it has ordered or been added).
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { customers, orders, outbox, shopperSessions, shopperSignInTokens } from '../schema/index.ts';

export const SHOPPER_LINK_TOPIC = 'shopper.sign-in-link';

/** A shopper has an account as soon as a hub knows the address: a customer record or an order. */
export async function isKnownShopper(db: Db, email: string): Promise<boolean> {
  const [byCustomer, byOrder] = await db.batch([
    db.select({ id: customers.id }).from(customers).where(eq(customers.email, email)).limit(1),
    db.select({ id: orders.id }).from(orders).where(eq(orders.email, email)).limit(1),
  ]);
  return byCustomer.length > 0 || byOrder.length > 0;
}

/** The one-time link and the message that carries it, written together. */
export async function createShopperSignInLink(
  db: Db,
  link: { tokenHash: string; email: string; expiresAt: number; now: number; locale: 'fr' | 'en'; url: string },
) {
  await db.batch([
    db.insert(shopperSignInTokens).values({ tokenHash: link.tokenHash, email: link.email, expiresAt: link.expiresAt, createdAt: link.now }),
    db.insert(outbox).values({
      topic: SHOPPER_LINK_TOPIC,
      recipient: link.email,
      locale: link.locale,
      payload: { url: link.url, expiresAt: link.expiresAt },
      createdAt: link.now,
      nextAttemptAt: link.now,
    }),
  ]);
}

export async function shopperTokenByHash(db: Db, tokenHash: string) {
  const rows = await db.select().from(shopperSignInTokens).where(eq(shopperSignInTokens.tokenHash, tokenHash));
  return rows[0] ?? null;
}

/**
 * Spends the link and opens the session in one transaction: the session is inserted only if the UPDATE
 * just marked the link used (changes() = 1), so two clicks racing open one session, for the link's address.
 */
export async function spendShopperSignInLink(
  db: Db,
  s: { tokenHash: string; email: string; sessionHash: string; now: number; expiresAt: number },
) {
  const [, inserted] = await db.batch([
    db
      .update(shopperSignInTokens)
      .set({ usedAt: s.now })
      .where(
        and(
          eq(shopperSignInTokens.tokenHash, s.tokenHash),
          eq(shopperSignInTokens.email, s.email),
          isNull(shopperSignInTokens.usedAt),
          gt(shopperSignInTokens.expiresAt, s.now),
        ),
      ),
    db.run(sql`INSERT INTO shopper_sessions (id_hash, email, expires_at, created_at)
      SELECT ${s.sessionHash}, ${s.email}, ${s.expiresAt}, ${s.now} WHERE changes() = 1`),
  ]);
  return inserted.rowsAffected === 1;
}

export async function shopperSessionByHash(db: Db, idHash: string, now: number) {
  const rows = await db
    .select({ email: shopperSessions.email, expiresAt: shopperSessions.expiresAt })
    .from(shopperSessions)
    .where(and(eq(shopperSessions.idHash, idHash), gt(shopperSessions.expiresAt, now)));
  return rows[0] ?? null;
}

export async function deleteShopperSession(db: Db, idHash: string) {
  await db.delete(shopperSessions).where(eq(shopperSessions.idHash, idHash));
}

/** Expired links and sessions: kept a day for diagnosis, then dropped (with the messages that held a link). */
export function purgeShopperAuthStatements(db: Db, now: number) {
  const dayAgo = now - 86_400_000;
  return [
    db.delete(shopperSignInTokens).where(or(lt(shopperSignInTokens.expiresAt, dayAgo))),
    db.delete(shopperSessions).where(lt(shopperSessions.expiresAt, now)),
    db.delete(outbox).where(and(eq(outbox.topic, SHOPPER_LINK_TOPIC), lt(outbox.createdAt, dayAgo))),
  ] as const;
}
