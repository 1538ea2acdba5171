// The outbox: messages written in the same transaction as the change that causes them, then claimed,
// sent and marked by the sender job, with a lease so two runs never send the same message at once.
import { and, asc, desc, eq, inArray, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { asBatch, type Statement } from '../core/batch.ts';
import { outbox } from '../schema/index.ts';

/** Messages about an order: to the shopper in the order's language, to the hub in its managers'. */
export type OrderTopic =
  | 'order.placed.shopper'
  | 'order.placed.hub'
  | 'order.ready.shopper'
  | 'order.paid.shopper'
  | 'payment.late.shopper'
  | 'payment.late.hub';

/**
 * The language of an enterprise's managers (`id` an SQL expression for its id): the one most of them
 * last used the back office in, the first manager's on a tie, French when none is known yet.
 */
export const enterpriseLocaleSql = (id: SQL): SQL =>
  sql`coalesce((SELECT u.locale FROM enterprise_managers m JOIN users u ON u.id = m.user_id
    WHERE m.enterprise_id = ${id} AND u.locale IS NOT NULL
    GROUP BY u.locale ORDER BY count(*) DESC, min(m.user_id) LIMIT 1), 'fr')`;

/** Inserts one message per topic for the order matched by `where` (over `orders o`), if it matches. */
export function orderMessageStatements(
  db: Db,
  p: { where: SQL; topics: readonly OrderTopic[]; now: number; siteUrl: string },
): Statement[] {
  return p.topics.map((topic) =>
    topic.endsWith('.shopper')
      ? db.run(sql`INSERT INTO outbox (topic, recipient, locale, payload, attempts, next_attempt_at, created_at)
          SELECT ${topic}, o.email, o.locale, json_object('orderPublicId', o.public_id, 'siteUrl', ${p.siteUrl}), 0, ${p.now}, ${p.now}
          FROM orders o WHERE ${p.where}`)
      : db.run(sql`INSERT INTO outbox (topic, recipient, locale, payload, attempts, next_attempt_at, created_at)
          SELECT ${topic}, e.email, ${enterpriseLocaleSql(sql`e.id`)}, json_object('orderPublicId', o.public_id, 'siteUrl', ${p.siteUrl}), 0, ${p.now}, ${p.now}
          FROM orders o JOIN enterprises e ON e.id = o.hub_id WHERE ${p.where} AND e.email IS NOT NULL`),
  );
}

export type OutboxMessage = typeof outbox.$inferSelect;

/**
 * Takes up to `limit` due messages for this run: counts the attempt and pushes the next one out by
 * `leaseMs` in the same statement, so a run that dies mid-way only delays them.
 */
export async function claimDueMessages(
  db: Db,
  p: { now: number; limit: number; leaseMs: number; maxAttempts: number },
): Promise<OutboxMessage[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), lte(outbox.nextAttemptAt, p.now), lt(outbox.attempts, p.maxAttempts)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(p.limit);
  return db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: p.now + p.leaseMs })
    .where(inArray(outbox.id, due))
    .returning();
}

/** `forgetSecrets`: the message left through a real provider, so the one-time secret it carried is dropped from the row. */
export type Delivery = { id: number; sentAt: number; forgetSecrets?: boolean } | { id: number; error: string; nextAttemptAt: number };

/** Topics whose payload holds a secret (a sign-in link): once sent, the database keeps no usable copy. */
const SECRET_TOPICS = ['auth.sign-in-link', 'shopper.sign-in-link', 'manager.invitation'];

/** Records how each claimed message went, in one round trip. */
export async function recordDeliveries(db: Db, deliveries: readonly Delivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const statements = deliveries.map((d) =>
    'sentAt' in d
      ? db
          .update(outbox)
          .set({
            sentAt: d.sentAt,
            lastError: null,
            ...(d.forgetSecrets
              ? {
                  payload: sql`CASE WHEN ${outbox.topic} IN (${sql.join(
                    SECRET_TOPICS.map((x) => sql`${x}`),
                    sql`, `,
                  )}) THEN json_remove(${outbox.payload}, '$.url') ELSE ${outbox.payload} END`,
                }
              : {}),
          })
          .where(eq(outbox.id, d.id))
      : db
          .update(outbox)
          .set({ lastError: d.error.slice(0, 500), nextAttemptAt: d.nextAttemptAt })
          .where(eq(outbox.id, d.id)),
  );
  await db.batch(asBatch(statements));
}

/** The latest messages, for the development mailbox. */
export async function latestMessages(db: Db, limit: number): Promise<OutboxMessage[]> {
  return db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit);
}
