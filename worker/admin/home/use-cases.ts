// Publishing and hiding an enterprise from its home card: refused with what is missing, then one batch
// with the stale pages it changes and its audit entry.
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import { hideStatement, publicationOf, publishStatement, type PublishRequirement } from '../../../db/enterprises/publishing.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import type { Locale } from '../shared/paths.ts';
import { translator } from '../shared/paths.ts';
import { auditActor } from '../shared/audit-actor.ts';

/** What a requirement asks for, said to the manager. */
export function requirementText(l: Locale, r: PublishRequirement): string {
  const tr = translator(l);
  switch (r) {
    case 'description':
      return tr('une description (page Profil)', 'a description (Profile page)');
    case 'address':
      return tr(
        'une adresse complète : rue, code postal, commune (page Profil)',
        'a full address: street, postal code, town (Profile page)',
      );
    case 'collection':
      return tr('au moins un mode de retrait ou de livraison', 'at least one collection or delivery method');
    case 'payment':
      return tr('au moins un moyen de paiement', 'at least one payment method');
    default:
      return r satisfies never;
  }
}

const pagesOf = (db: Db, e: EnterpriseRow, reason: string) => [
  ...(e.isHub ? markStaleStatements(db, { kind: 'hub', enterpriseId: e.id }, reason) : []),
  ...(e.isProducer ? markStaleStatements(db, { kind: 'producer', enterpriseId: e.id }, reason) : []),
];

export async function publishEnterprise(db: Db, actor: Actor, e: EnterpriseRow, l: Locale, now: number): Promise<void> {
  const { publishedAt, missing } = await publicationOf(db, e.id);
  if (publishedAt !== null) return;
  if (missing.length) {
    const fields: FieldError[] = missing.map((r) => ({
      field: r,
      message: translator(l)(`Il manque ${requirementText(l, r)}.`, `Missing: ${requirementText(l, r)}.`),
    }));
    throw new DomainError('VALIDATION', `Publishing needs: ${missing.join(', ')}.`, { fields });
  }
  const who = auditActor(actor);
  await db.batch(
    batchOf(
      publishStatement(db, e.id, now),
      pagesOf(db, e, `publication de ${e.name}`),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: e.id,
        action: 'enterprise.publish',
        subject: `enterprise:${e.slug}`,
        details: who.via,
        at: now,
      }),
    ),
  );
}

export async function hideEnterprise(db: Db, actor: Actor, e: EnterpriseRow, now: number): Promise<void> {
  const { publishedAt } = await publicationOf(db, e.id);
  if (publishedAt === null) return;
  const who = auditActor(actor);
  await db.batch(
    batchOf(
      // The pages are computed before too: hidden, the enterprise's pages must still be rebuilt (as gone).
      pagesOf(db, e, `masquage de ${e.name}`),
      hideStatement(db, e.id, now),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: e.id,
        action: 'enterprise.hide',
        subject: `enterprise:${e.slug}`,
        details: who.via,
        at: now,
      }),
    ),
  );
}
