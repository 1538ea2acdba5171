// A producer's own fees as its fees page shows them (archived ones left out).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { enterpriseFees } from '../schema/index.ts';

export function enterpriseFeeList(db: Db, enterpriseId: number) {
  return db
    .select()
    .from(enterpriseFees)
    .where(and(eq(enterpriseFees.enterpriseId, enterpriseId), isNull(enterpriseFees.archivedAt)))
    .orderBy(asc(enterpriseFees.id));
}
