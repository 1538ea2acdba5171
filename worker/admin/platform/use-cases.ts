// The platform administrator's writes: create an enterprise with its first manager, and set or remove
// the relationship that lets a hub sell a producer's products; each with its audit entry in the batch.
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { enterpriseBySlug } from '../../../db/enterprises/enterprises.ts';
import {
  createEnterpriseStatements,
  enterpriseIdBySlugSql,
  removeRelationshipStatement,
  setRelationshipStatement,
  type NewEnterprise,
} from '../../../db/enterprises/platform.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { refusingConstraints } from '../shared/constraints.ts';

const SLUG_TAKEN = [{ field: 'slug', message: 'Cet identifiant est déjà pris.' }];

export async function createEnterprise(db: Db, actor: Actor, input: NewEnterprise, now: number) {
  if (await enterpriseBySlug(db, input.slug)) throw new DomainError('VALIDATION', 'This identifier is taken.', { fields: SLUG_TAKEN });
  const who = auditActor(actor);
  // Two administrators creating the same identifier at once: the second is told, as by the check above.
  await refusingConstraints(
    () =>
      db.batch(
        batchOf(
          createEnterpriseStatements(db, input, now),
          auditStatement(db, {
            userId: who.userId,
            enterpriseId: enterpriseIdBySlugSql(input.slug),
            action: 'enterprise.create',
            subject: `enterprise:${input.slug}`,
            details: { manager: input.managerEmail },
            at: now,
          }),
        ),
      ),
    SLUG_TAKEN,
  );
}

export interface RelationshipInput {
  producer: string;
  hub: string;
  canAddToCycles: boolean;
  canOverridePrice: boolean;
  canOverrideStock: boolean;
}

export async function setRelationship(db: Db, actor: Actor, r: RelationshipInput, present: boolean, now: number) {
  const [producer, hub] = await Promise.all([enterpriseBySlug(db, r.producer), enterpriseBySlug(db, r.hub)]);
  if (!producer?.isProducer)
    throw new DomainError('VALIDATION', 'No such producer.', { fields: [{ field: 'producer', message: 'Producteur inconnu.' }] });
  if (!hub?.isHub) throw new DomainError('VALIDATION', 'No such hub.', { fields: [{ field: 'hub', message: 'Boutique inconnue.' }] });
  const who = auditActor(actor);
  const rel = {
    producerId: producer.id,
    hubId: hub.id,
    canAddToCycles: r.canAddToCycles,
    canOverridePrice: r.canOverridePrice,
    canOverrideStock: r.canOverrideStock,
  };
  await db.batch(
    batchOf(
      present ? setRelationshipStatement(db, rel) : removeRelationshipStatement(db, producer.id, hub.id),
      markStaleStatements(db, { kind: 'hub', enterpriseId: hub.id }, `relation ${producer.name} → ${hub.name}`),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: hub.id,
        action: present ? 'relationship.set' : 'relationship.remove',
        subject: `relationship:${producer.id}:${hub.id}`,
        details: rel,
        at: now,
      }),
    ),
  );
}
