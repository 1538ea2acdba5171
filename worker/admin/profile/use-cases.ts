// An enterprise's public profile (what its producer or shop pages show) and its legal identity (what
// its invoices print), edited by its managers; the public pages it appears on are marked stale.
import { eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { auditStatement } from '../../../db/catalog/products.ts';
import type { Db } from '../../../db/core/client.ts';
import { enterpriseLabels, enterprises, labels } from '../../../db/schema/index.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor } from '../catalog/use-cases.ts';
import { refusingConstraints } from '../shared/constraints.ts';

export interface ProfileInput {
  name: string;
  description: string;
  addressLine: string;
  postalCode: string;
  commune: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  legalName: string | null;
  siret: string | null;
  vatNumber: string | null;
  labelIds: number[];
}

export async function enterpriseProfile(db: Db, enterpriseId: number) {
  const [rows, mine, all] = await db.batch([
    db
      .select({
        name: enterprises.name,
        description: enterprises.description,
        addressLine: enterprises.addressLine,
        postalCode: enterprises.postalCode,
        commune: enterprises.commune,
        email: enterprises.email,
        phone: enterprises.phone,
        website: enterprises.website,
        legalName: enterprises.legalName,
        siret: enterprises.siret,
        vatNumber: enterprises.vatNumber,
      })
      .from(enterprises)
      .where(eq(enterprises.id, enterpriseId)),
    db.select({ labelId: enterpriseLabels.labelId }).from(enterpriseLabels).where(eq(enterpriseLabels.enterpriseId, enterpriseId)),
    db.select({ id: labels.id, nameFr: labels.nameFr, nameEn: labels.nameEn }).from(labels).orderBy(labels.nameFr),
  ]);
  return { ...rows[0]!, labelIds: mine.map((m) => m.labelId), labels: all };
}

export async function saveProfile({ db, actor, enterprise, input, now }: { db: Db; actor: Actor; enterprise: { id: number; isProducer: boolean; isHub: boolean }; input: ProfileInput; now: number }) {
  const who = auditActor(actor);
  const { labelIds, ...fields } = input;
  const known = new Set((await db.select({ id: labels.id }).from(labels)).map((l) => l.id));
  const unknown = [...new Set(labelIds)].filter((id) => !known.has(id));
  if (unknown.length) throw new DomainError('VALIDATION', 'Unknown label.', { fields: [{ field: 'labelIds', message: `Label inconnu : ${unknown.slice(0, 10).join(', ')}.` }] });
  const stale: BatchItem<'sqlite'>[] = [
    ...(enterprise.isProducer ? markStaleStatements(db, { kind: 'producer', enterpriseId: enterprise.id }, 'profil du producteur modifié') : []),
    ...(enterprise.isHub ? markStaleStatements(db, { kind: 'hub', enterpriseId: enterprise.id }, 'profil de la boutique modifié') : []),
  ];
  await refusingConstraints(() => db.batch([
    db.update(enterprises).set({ ...fields, updatedAt: now }).where(eq(enterprises.id, enterprise.id)),
    db.delete(enterpriseLabels).where(eq(enterpriseLabels.enterpriseId, enterprise.id)),
    ...(labelIds.length ? [db.insert(enterpriseLabels).values([...new Set(labelIds)].map((labelId) => ({ enterpriseId: enterprise.id, labelId })))] : []),
    ...stale,
    auditStatement(db, { userId: who.userId, enterpriseId: enterprise.id, action: 'enterprise.profile', subject: `enterprise:${enterprise.id}`, details: { ...who.via }, at: now }),
  ]), [{ field: 'labelIds', message: 'Un label choisi n’existe plus : rechargez la page et recommencez.' }]);
}
