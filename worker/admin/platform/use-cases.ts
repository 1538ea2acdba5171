// The platform administrator's writes: create an enterprise with its first manager, and set or remove
// the relationship that lets a hub sell a producer's products; each with its audit entry in the batch.
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { enterpriseBySlug } from '../../../db/enterprises/enterprises.ts';
import {
  createEnterpriseStatements,
  enterpriseIdBySlugSql,
  relationshipOf,
  removeRelationshipStatement,
  setRelationshipStatement,
  slugsLike,
  type NewEnterprise,
} from '../../../db/enterprises/platform.ts';
import { slugify, uniqueSlug } from '../../../domain/catalog-edit.ts';
import { newInvitation } from '../managers/use-cases.ts';
import type { Locale } from '../shared/paths.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { refusingConstraints } from '../shared/constraints.ts';

const SLUG_TAKEN = [{ field: 'slug', message: 'Cet identifiant est déjà pris.' }];

/** First segments of back-office addresses (/gestion/<slug>/…): an enterprise may not take them. */
const RESERVED_SLUGS = new Set([
  'connexion',
  'sign-in',
  'deconnexion',
  'sign-out',
  'plateforme',
  'platform',
  'invitations',
  'assets',
  'api',
]);

export interface NewEnterpriseInput extends Omit<NewEnterprise, 'slug'> {
  /** '' to make it from the name. */
  slug: string;
  managerEmail: string;
}

/** The slug typed, checked, or one made from the name that no enterprise has. */
async function slugFor(db: Db, input: NewEnterpriseInput): Promise<string> {
  if (input.slug) {
    if (RESERVED_SLUGS.has(input.slug) || (await enterpriseBySlug(db, input.slug)))
      throw new DomainError('VALIDATION', 'This identifier is taken.', { fields: SLUG_TAKEN });
    return input.slug;
  }
  const base = slugify(input.name);
  const taken = await slugsLike(db, base);
  for (const r of RESERVED_SLUGS) taken.add(r);
  return uniqueSlug(base, taken);
}

/**
 * Creates the enterprise, hidden until published, and invites its first manager by e-mail (in the
 * administrator's language); returns the slug it got.
 */
export async function createEnterprise(
  db: Db,
  actor: Actor,
  input: NewEnterpriseInput,
  now: number,
  mail: { locale: Locale; origin: string },
): Promise<string> {
  const slug = await slugFor(db, input);
  const who = auditActor(actor);
  const enterpriseId = enterpriseIdBySlugSql(slug);
  // Two administrators creating the same identifier at once: the second is told, as by the check above.
  await refusingConstraints(
    async () =>
      db.batch(
        batchOf(
          createEnterpriseStatements(db, { ...input, slug }, now),
          await newInvitation({
            db,
            enterprise: { id: enterpriseId, name: input.name },
            email: input.managerEmail,
            invitedBy: who.userId,
            now,
            ...mail,
          }),
          auditStatement(db, {
            userId: who.userId,
            enterpriseId,
            action: 'enterprise.create',
            subject: `enterprise:${slug}`,
            details: { manager: input.managerEmail },
            at: now,
          }),
        ),
      ),
    SLUG_TAKEN,
  );
  return slug;
}

export interface RelationshipInput {
  producer: string;
  hub: string;
  /** Undefined: keep the right as it is (a new relationship: cycles yes, price and stock no). */
  canAddToCycles?: boolean | undefined;
  canOverridePrice?: boolean | undefined;
  canOverrideStock?: boolean | undefined;
}

export async function setRelationship(db: Db, actor: Actor, r: RelationshipInput, present: boolean, now: number) {
  const [producer, hub] = await Promise.all([enterpriseBySlug(db, r.producer), enterpriseBySlug(db, r.hub)]);
  if (!producer?.isProducer)
    throw new DomainError('VALIDATION', 'No such producer.', { fields: [{ field: 'producer', message: 'Producteur inconnu.' }] });
  if (!hub?.isHub) throw new DomainError('VALIDATION', 'No such hub.', { fields: [{ field: 'hub', message: 'Boutique inconnue.' }] });
  const who = auditActor(actor);
  const current = await relationshipOf(db, producer.id, hub.id);
  const rel = {
    producerId: producer.id,
    hubId: hub.id,
    canAddToCycles: r.canAddToCycles ?? current?.canAddToCycles ?? true,
    canOverridePrice: r.canOverridePrice ?? current?.canOverridePrice ?? false,
    canOverrideStock: r.canOverrideStock ?? current?.canOverrideStock ?? false,
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
