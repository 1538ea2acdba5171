// An enterprise's public profile (what its producer or shop pages show) and its legal identity (what
// its invoices print), edited by its managers; the public pages it appears on are marked stale.
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import {
  enterpriseProfile,
  labelIds as knownLabelIds,
  saveProfileStatements,
  type ProfileFields,
} from '../../../db/enterprises/profile-statements.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { refusingConstraints } from '../shared/constraints.ts';

export type ProfileInput = ProfileFields & { labelIds: number[] };

export { enterpriseProfile };

export async function saveProfile({
  db,
  actor,
  enterprise,
  input,
  now,
}: {
  db: Db;
  actor: Actor;
  enterprise: { id: number; isProducer: boolean; isHub: boolean };
  input: ProfileInput;
  now: number;
}) {
  const who = auditActor(actor);
  const { labelIds, ...fields } = input;
  const known = await knownLabelIds(db);
  const unknown = [...new Set(labelIds)].filter((id) => !known.has(id));
  if (unknown.length)
    throw new DomainError('VALIDATION', 'Unknown label.', {
      fields: [{ field: 'labelIds', message: `Label inconnu : ${unknown.slice(0, 10).join(', ')}.` }],
    });
  await refusingConstraints(
    () =>
      db.batch(
        batchOf(
          saveProfileStatements(db, enterprise.id, fields, labelIds, now),
          enterprise.isProducer
            ? markStaleStatements(db, { kind: 'producer', enterpriseId: enterprise.id }, 'profil du producteur modifié')
            : [],
          enterprise.isHub ? markStaleStatements(db, { kind: 'hub', enterpriseId: enterprise.id }, 'profil de la boutique modifié') : [],
          auditStatement(db, {
            userId: who.userId,
            enterpriseId: enterprise.id,
            action: 'enterprise.profile',
            subject: `enterprise:${enterprise.id}`,
            details: { ...who.via },
            at: now,
          }),
        ),
      ),
    [{ field: 'labelIds', message: 'Un label choisi n’existe plus : rechargez la page et recommencez.' }],
  );
}
