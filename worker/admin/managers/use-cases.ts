// Managers of an enterprise: invite by e-mail (the link goes through the outbox in the inviter's
// language), withdraw an invitation, remove a manager (never the last one), accept an invitation while
// signed in. Every write is one batch with its audit entry.
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import {
  acceptInvitationsStatements,
  cancelInvitationStatement,
  invitationByHash,
  invitationStatements,
  managersOf,
  removeManagerStatement,
} from '../../../db/enterprises/managers.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { randomSecret, sha256Hex } from '../../auth/crypto.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { paths, type Locale } from '../shared/paths.ts';
import { sql, type SQL } from 'drizzle-orm';

/** The audit entry of a guarded change is written only when the change took effect. */
const changedSql = sql`changes() = 1`;

/** The link an invitation e-mail carries: the sign-in page, which says what the invitation is for. */
export const invitationUrl = (origin: string, locale: Locale, token: string) => `${origin}${paths(locale).signIn}?invitation=${token}`;

/** The statements of an invitation with a fresh token (for a new enterprise, its id may be an SQL expression). */
export async function newInvitation(p: {
  db: Db;
  enterprise: { id: number | SQL; name: string };
  email: string;
  invitedBy: number | null;
  locale: Locale;
  origin: string;
  now: number;
}) {
  const token = randomSecret();
  return invitationStatements(p.db, {
    tokenHash: await sha256Hex(token),
    enterpriseId: p.enterprise.id,
    email: p.email,
    invitedBy: p.invitedBy,
    now: p.now,
    locale: p.locale,
    url: invitationUrl(p.origin, p.locale, token),
    enterpriseName: p.enterprise.name,
  });
}

export async function inviteManager(p: {
  db: Db;
  actor: Actor;
  enterprise: EnterpriseRow;
  email: string;
  locale: Locale;
  origin: string;
  now: number;
}) {
  const { managers } = await managersOf(p.db, p.enterprise.id, p.now);
  if (managers.some((m) => m.email === p.email))
    throw new DomainError('VALIDATION', 'This person already manages the enterprise.', {
      fields: [{ field: 'email', message: 'Cette personne gère déjà la structure.' }],
    });
  const who = auditActor(p.actor);
  await p.db.batch(
    batchOf(
      await newInvitation({ ...p, invitedBy: who.userId }),
      auditStatement(p.db, {
        userId: who.userId,
        enterpriseId: p.enterprise.id,
        action: 'manager.invite',
        subject: `enterprise:${p.enterprise.slug}`,
        details: { email: p.email, ...who.via },
        at: p.now,
      }),
    ),
  );
}

export async function cancelInvitation(p: { db: Db; actor: Actor; enterprise: EnterpriseRow; invitationId: number; now: number }) {
  const who = auditActor(p.actor);
  const [done] = await p.db.batch(
    batchOf(
      cancelInvitationStatement(p.db, p.enterprise.id, p.invitationId, p.now),
      auditStatement(p.db, {
        userId: who.userId,
        enterpriseId: p.enterprise.id,
        action: 'manager.invitation-cancel',
        subject: `invitation:${p.invitationId}`,
        details: who.via,
        at: p.now,
        onlyIf: changedSql,
      }),
    ),
  );
  if ((done as { rowsAffected: number }).rowsAffected === 0)
    throw new DomainError('NOT_FOUND', 'No such invitation waiting.', {
      fields: [{ field: 'invitation', message: 'Cette invitation n’est plus en attente.' }],
    });
}

export async function removeManager(p: { db: Db; actor: Actor; enterprise: EnterpriseRow; userId: number; now: number }) {
  const { managers } = await managersOf(p.db, p.enterprise.id, p.now);
  const target = managers.find((m) => m.userId === p.userId);
  if (!target)
    throw new DomainError('NOT_FOUND', 'This person does not manage the enterprise.', {
      fields: [{ field: 'manager', message: 'Cette personne ne gère pas la structure.' }],
    });
  const last = new DomainError('VALIDATION', 'An enterprise keeps at least one manager.', {
    fields: [
      {
        field: 'manager',
        message: 'Une structure garde au moins un·e gestionnaire : invitez quelqu’un d’autre avant de retirer cette personne.',
      },
    ],
  });
  if (managers.length <= 1) throw last;
  const who = auditActor(p.actor);
  const [done] = await p.db.batch(
    batchOf(
      removeManagerStatement(p.db, p.enterprise.id, p.userId),
      auditStatement(p.db, {
        userId: who.userId,
        enterpriseId: p.enterprise.id,
        action: 'manager.remove',
        subject: `user:${p.userId}`,
        details: { email: target.email, ...who.via },
        at: p.now,
        onlyIf: changedSql,
      }),
    ),
  );
  // Two managers removing each other at once: the database kept the last one.
  if ((done as { rowsAffected: number }).rowsAffected === 0) throw last;
}

export type InvitationState =
  | { kind: 'invalid' | 'used' | 'expired' | 'cancelled' }
  | { kind: 'pending'; email: string; enterpriseName: string; expiresAt: number };

/** What an invitation link is worth now, without using it (the sign-in page shows this). */
export async function invitationState(db: Db, token: string, now: number): Promise<InvitationState> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { kind: 'invalid' };
  const row = await invitationByHash(db, await sha256Hex(token));
  if (!row) return { kind: 'invalid' };
  if (row.acceptedAt !== null) return { kind: 'used' };
  if (row.cancelledAt !== null) return { kind: 'cancelled' };
  if (row.expiresAt <= now) return { kind: 'expired' };
  return { kind: 'pending', email: row.email, enterpriseName: row.enterpriseName, expiresAt: row.expiresAt };
}

/** Accepts the invitation for the signed-in person; refused with the reason when it is not theirs or not pending. */
export async function acceptInvitation(p: { db: Db; email: string; token: string; now: number }) {
  const state = await invitationState(p.db, p.token, p.now);
  if (state.kind !== 'pending')
    throw new DomainError('VALIDATION', `This invitation is ${state.kind}.`, {
      fields: [{ field: 'invitation', message: invitationProblem(state.kind) }],
    });
  if (state.email !== p.email)
    throw new DomainError('FORBIDDEN', 'This invitation was sent to another address.', {
      fields: [{ field: 'invitation', message: `Cette invitation est adressée à ${state.email}, pas à ${p.email}.` }],
    });
  const results = await p.db.batch(
    batchOf(acceptInvitationsStatements(p.db, { email: p.email, now: p.now, tokenHash: await sha256Hex(p.token) })),
  );
  if ((results.at(-1) as { rowsAffected: number }).rowsAffected === 0)
    throw new DomainError('VALIDATION', 'This invitation was used meanwhile.', {
      fields: [{ field: 'invitation', message: invitationProblem('used') }],
    });
}

export function invitationProblem(kind: 'invalid' | 'used' | 'expired' | 'cancelled', l: Locale = 'fr'): string {
  const fr = l === 'fr';
  switch (kind) {
    case 'used':
      return fr ? 'Cette invitation a déjà servi.' : 'This invitation was already used.';
    case 'expired':
      return fr ? 'Cette invitation a expiré : demandez-en une nouvelle.' : 'This invitation has expired: ask for a new one.';
    case 'cancelled':
      return fr ? 'Cette invitation a été annulée.' : 'This invitation was cancelled.';
    case 'invalid':
      return fr
        ? 'Ce lien d’invitation n’est pas valide. Vérifiez qu’il est complet.'
        : 'This invitation link is not valid. Check that it is complete.';
    default:
      return kind satisfies never;
  }
}
