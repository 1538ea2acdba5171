// An enterprise's public profile (what its producer or shop pages show, its photo or logo included) and
// its legal identity (what its invoices print), edited by its managers; the public pages it appears on
// are marked stale.
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
import { enterprises } from '../../../db/schema/index.ts';
import { eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { refusingConstraints } from '../shared/constraints.ts';
import { deleteCatalogImage, storeCatalogImage } from '../catalog/images.ts';

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
  const known = await knownLabelIds(db, enterprise.id);
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

/** The stored photo or logo's key (enterprises.logo_key), or null. */
export async function enterprisePhotoKey(db: Db, enterpriseId: number): Promise<string | null> {
  const [row] = await db.select({ logoKey: enterprises.logoKey }).from(enterprises).where(eq(enterprises.id, enterpriseId));
  return row?.logoKey ?? null;
}

/**
 * The enterprise's photo or logo: checked, resized to both sizes and stored as a product photo is (same
 * field errors), then its public pages marked stale; the one it replaces is deleted once nothing refers to it.
 */
export async function setEnterprisePhoto({
  db,
  bucket,
  photos,
  actor,
  enterprise,
  bytes,
  now,
}: {
  db: Db;
  bucket: R2Bucket | undefined;
  photos: ImagesBinding | undefined;
  actor: Actor;
  enterprise: { id: number; isProducer: boolean; isHub: boolean };
  bytes: Uint8Array;
  now: number;
}) {
  const before = await enterprisePhotoKey(db, enterprise.id);
  const image = await storeCatalogImage(bucket, photos, 'enterprises', enterprise.id, bytes);
  const who = auditActor(actor);
  await db.batch(
    batchOf(
      db.update(enterprises).set({ logoKey: image.key, updatedAt: now }).where(eq(enterprises.id, enterprise.id)),
      enterprise.isProducer ? markStaleStatements(db, { kind: 'producer', enterpriseId: enterprise.id }, 'photo du producteur') : [],
      enterprise.isHub ? markStaleStatements(db, { kind: 'hub', enterpriseId: enterprise.id }, 'photo de la boutique') : [],
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: enterprise.id,
        action: 'enterprise.photo',
        subject: `enterprise:${enterprise.id}`,
        details: { key: image.key, ...who.via },
        at: now,
      }),
    ),
  );
  if (before && before !== image.key && bucket) await deleteCatalogImage(bucket, before);
  return image;
}
