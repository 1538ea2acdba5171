// Who manages an enterprise, and the invitations that make someone a manager: an e-mailed link (stored
// as its SHA-256 hash) accepted by signing in with the invited address. Each write is statements for
// one batch, guarded in SQL so a race (two removals, two acceptances) never breaks the rules.
import { and, asc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { enterpriseManagers, managerInvitations, outbox, users } from '../schema/index.ts';

/** A week: long enough for someone on holiday, short enough that a forgotten link soon stops working. */
export const INVITATION_TTL_MS = 7 * 86_400_000;

/** The enterprise's managers and its invitations still waiting (not accepted, not cancelled, not expired). */
export async function managersOf(db: Db, enterpriseId: number, now: number) {
  const [managers, invitations] = await db.batch([
    db
      .select({ userId: users.id, email: users.email, name: users.name })
      .from(enterpriseManagers)
      .innerJoin(users, eq(users.id, enterpriseManagers.userId))
      .where(eq(enterpriseManagers.enterpriseId, enterpriseId))
      .orderBy(asc(users.email)),
    db
      .select({
        id: managerInvitations.id,
        email: managerInvitations.email,
        expiresAt: managerInvitations.expiresAt,
        createdAt: managerInvitations.createdAt,
      })
      .from(managerInvitations)
      .where(and(eq(managerInvitations.enterpriseId, enterpriseId), pendingSql(now)))
      .orderBy(asc(managerInvitations.createdAt)),
  ]);
  return { managers, invitations };
}

const pendingSql = (now: number) =>
  and(isNull(managerInvitations.acceptedAt), isNull(managerInvitations.cancelledAt), gt(managerInvitations.expiresAt, now)) as SQL;

export interface NewInvitation {
  tokenHash: string;
  enterpriseId: number | SQL;
  email: string;
  invitedBy: number | null;
  now: number;
  locale: 'fr' | 'en';
  /** The link in the e-mail (it carries the token; only its hash is stored). */
  url: string;
  enterpriseName: string;
}

/** The invitation and its e-mail, written together; an earlier invitation of the same address to the same enterprise is withdrawn. */
export function invitationStatements(db: Db, i: NewInvitation): Statement[] {
  const expiresAt = i.now + INVITATION_TTL_MS;
  return [
    db
      .update(managerInvitations)
      .set({ cancelledAt: i.now })
      .where(and(eq(managerInvitations.enterpriseId, i.enterpriseId), eq(managerInvitations.email, i.email), pendingSql(i.now))),
    db.insert(managerInvitations).values({
      tokenHash: i.tokenHash,
      enterpriseId: i.enterpriseId,
      email: i.email,
      invitedBy: i.invitedBy,
      expiresAt,
      createdAt: i.now,
    }),
    db.insert(outbox).values({
      topic: 'manager.invitation',
      recipient: i.email,
      locale: i.locale,
      payload: { url: i.url, enterpriseName: i.enterpriseName, expiresAt },
      createdAt: i.now,
      nextAttemptAt: i.now,
    }),
  ];
}

export async function invitationByHash(db: Db, tokenHash: string) {
  const rows = await db
    .select({
      id: managerInvitations.id,
      enterpriseId: managerInvitations.enterpriseId,
      email: managerInvitations.email,
      expiresAt: managerInvitations.expiresAt,
      acceptedAt: managerInvitations.acceptedAt,
      cancelledAt: managerInvitations.cancelledAt,
      enterpriseName: sql<string>`(SELECT name FROM enterprises WHERE id = ${managerInvitations.enterpriseId})`,
    })
    .from(managerInvitations)
    .where(eq(managerInvitations.tokenHash, tokenHash));
  return rows[0] ?? null;
}

/** Whether someone invited with this address may ask for a sign-in link though they have no account yet. */
export async function hasPendingInvitation(db: Db, email: string, now: number): Promise<boolean> {
  const rows = await db
    .select({ id: managerInvitations.id })
    .from(managerInvitations)
    .where(and(eq(managerInvitations.email, email), pendingSql(now)))
    .limit(1);
  return rows.length > 0;
}

export function cancelInvitationStatement(db: Db, enterpriseId: number, invitationId: number, now: number): Statement {
  return db
    .update(managerInvitations)
    .set({ cancelledAt: now })
    .where(and(eq(managerInvitations.id, invitationId), eq(managerInvitations.enterpriseId, enterpriseId), pendingSql(now)));
}

/** Removes the manager unless they are the enterprise's last one (the guard holds under concurrent removals). */
export function removeManagerStatement(db: Db, enterpriseId: number, userId: number): Statement {
  return db.run(sql`DELETE FROM enterprise_managers WHERE enterprise_id = ${enterpriseId} AND user_id = ${userId}
    AND (SELECT count(*) FROM enterprise_managers WHERE enterprise_id = ${enterpriseId}) > 1`);
}

/**
 * Grants the pending invitations of `email` (all of them, or only the one with `tokenHash`) when
 * `onlyIf` holds: the account is created if there is none, the grant audited per invitation, and the
 * invitations marked accepted last, so each statement still sees them pending.
 */
export function acceptInvitationsStatements(db: Db, p: { email: string; now: number; tokenHash?: string; onlyIf?: SQL }): Statement[] {
  const pending = sql`i.email = ${p.email} AND i.accepted_at IS NULL AND i.cancelled_at IS NULL AND i.expires_at > ${p.now}${
    p.tokenHash ? sql` AND i.token_hash = ${p.tokenHash}` : sql``
  }${p.onlyIf ? sql` AND ${p.onlyIf}` : sql``}`;
  return [
    db.run(sql`INSERT INTO users (email, created_at) SELECT ${p.email}, ${p.now} WHERE EXISTS (SELECT 1 FROM manager_invitations i WHERE ${pending})
      ON CONFLICT (email) DO NOTHING`),
    db.run(sql`INSERT INTO enterprise_managers (user_id, enterprise_id)
      SELECT u.id, i.enterprise_id FROM manager_invitations i JOIN users u ON u.email = i.email WHERE ${pending}
      ON CONFLICT DO NOTHING`),
    db.run(sql`INSERT INTO audit_log (user_id, enterprise_id, action, subject, details, at)
      SELECT u.id, i.enterprise_id, 'manager.invitation-accepted', 'invitation:' || i.id, json_object('email', i.email), ${p.now}
      FROM manager_invitations i JOIN users u ON u.email = i.email WHERE ${pending}`),
    db.run(sql`UPDATE manager_invitations AS i SET accepted_at = ${p.now} WHERE ${pending}`),
  ];
}
