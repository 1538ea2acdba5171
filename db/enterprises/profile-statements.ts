// An enterprise's profile as its managers edit it: the read of the form's values (with the labels to
// choose from) and the statements that save it, for the use case to batch with its audit entry.
import { eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import type { Statement } from '../core/batch.ts';
import { enterpriseLabels, enterprises, labels } from '../schema/index.ts';

export interface ProfileFields {
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
}

/** A label the enterprise already carries: once retired by the platform it stays on it, and on its form. */
const heldBy = (enterpriseId: number) =>
  sql`${labels.id} IN (SELECT label_id FROM enterprise_labels WHERE enterprise_id = ${enterpriseId})`;

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
    db
      .select({ id: labels.id, nameFr: labels.nameFr, nameEn: labels.nameEn })
      .from(labels)
      .where(or(isNull(labels.retiredAt), heldBy(enterpriseId)))
      .orderBy(labels.nameFr),
  ]);
  return { ...rows[0]!, labelIds: mine.map((m) => m.labelId), labels: all };
}

/** The ids of the labels this enterprise may choose: the platform's current ones and those it already carries. */
export async function labelIds(db: Db, enterpriseId: number): Promise<Set<number>> {
  const rows = await db
    .select({ id: labels.id })
    .from(labels)
    .where(or(isNull(labels.retiredAt), heldBy(enterpriseId)));
  return new Set(rows.map((l) => l.id));
}

/** The profile's fields and its labels (each once), replacing what was there. */
export function saveProfileStatements(
  db: Db,
  enterpriseId: number,
  fields: ProfileFields,
  labelIds: readonly number[],
  now: number,
): Statement[] {
  const unique = [...new Set(labelIds)];
  return [
    db
      .update(enterprises)
      .set({ ...fields, updatedAt: now })
      .where(eq(enterprises.id, enterpriseId)),
    db.delete(enterpriseLabels).where(eq(enterpriseLabels.enterpriseId, enterpriseId)),
    ...(unique.length ? [db.insert(enterpriseLabels).values(unique.map((labelId) => ({ enterpriseId, labelId })))] : []),
  ];
}
