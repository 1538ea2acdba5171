// An enterprise's own fees (« marges et commissions ») as the back office writes them: add one (it
// joins the cycles under way at once, so it never silently applies to no cycle), change it, archive it.
// Orders already placed keep the fee lines they copied; an archived fee leaves every cycle's prices.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import type { FeeCalculator, FeeType } from '../../domain/fees.ts';
import { enterpriseFees } from '../schema/index.ts';

export interface FeeFields {
  name: string;
  feeType: FeeType;
  calculator: FeeCalculator;
  amount: number;
  vatRateBp: number;
}

/** Which side charges the fee: a hub in its own shop, a producer on its own variants. */
export type FeeSide = 'hub' | 'producer';

/**
 * The cycles a new fee of this enterprise joins: those that have not closed at `now` where the hub
 * sells (charged in its shop only) or where the producer's variants come in (charged on them only).
 */
export async function cyclesJoinedByNewFee(db: Db, enterpriseId: number, side: FeeSide, now: number): Promise<number[]> {
  const rows =
    side === 'hub'
      ? await db.all<{
          id: number;
        }>(sql`SELECT DISTINCT co.cycle_id AS id FROM cycle_outgoing co JOIN order_cycles oc ON oc.id = co.cycle_id
          WHERE co.hub_id = ${enterpriseId} AND oc.closes_at > ${now} ORDER BY 1`)
      : await db.all<{
          id: number;
        }>(sql`SELECT DISTINCT ci.cycle_id AS id FROM cycle_incoming ci JOIN order_cycles oc ON oc.id = ci.cycle_id
          WHERE ci.producer_id = ${enterpriseId} AND oc.closes_at > ${now} ORDER BY 1`);
  return rows.map((r) => r.id);
}

/** The fee, then its place in each of `cycleIds` (the batch is one transaction: the newest fee of the enterprise is this one). */
export function addFeeStatements(db: Db, enterpriseId: number, side: FeeSide, f: FeeFields, cycleIds: readonly number[]): Statement[] {
  const feeId = sql`(SELECT max(id) FROM enterprise_fees WHERE enterprise_id = ${enterpriseId})`;
  const scope = side === 'hub' ? sql`'hub', NULL, ${enterpriseId}` : sql`'producer', ${enterpriseId}, NULL`;
  return [
    db.insert(enterpriseFees).values({ enterpriseId, ...f }),
    ...(cycleIds.length
      ? [
          db.run(sql`INSERT INTO cycle_fees (cycle_id, fee_id, role, producer_id, hub_id)
            SELECT j.value, ${feeId}, ${scope} FROM json_each(${JSON.stringify(cycleIds)}) j`),
        ]
      : []),
  ];
}

export async function enterpriseHasFee(db: Db, enterpriseId: number, id: number): Promise<boolean> {
  const rows = await db
    .select({ id: enterpriseFees.id })
    .from(enterpriseFees)
    .where(and(eq(enterpriseFees.id, id), eq(enterpriseFees.enterpriseId, enterpriseId), isNull(enterpriseFees.archivedAt)));
  return rows.length > 0;
}

/** The cycles not closed at `now` that charge this fee: their pages show it in prices. */
export async function cyclesChargingFee(db: Db, feeId: number, now: number): Promise<number[]> {
  const rows = await db.all<{
    id: number;
  }>(sql`SELECT DISTINCT cf.cycle_id AS id FROM cycle_fees cf JOIN order_cycles oc ON oc.id = cf.cycle_id
    WHERE cf.fee_id = ${feeId} AND oc.closes_at > ${now} ORDER BY 1`);
  return rows.map((r) => r.id);
}

/** Changes the enterprise's own fee while it is not archived: the cycles charging it charge the new amount. */
export function updateFeeStatement(db: Db, enterpriseId: number, id: number, f: FeeFields): Statement {
  return db
    .update(enterpriseFees)
    .set(f)
    .where(and(eq(enterpriseFees.id, id), eq(enterpriseFees.enterpriseId, enterpriseId), isNull(enterpriseFees.archivedAt)));
}

export function archiveFeeStatement(db: Db, enterpriseId: number, id: number, now: number): Statement {
  return db
    .update(enterpriseFees)
    .set({ archivedAt: now })
    .where(and(eq(enterpriseFees.id, id), eq(enterpriseFees.enterpriseId, enterpriseId), isNull(enterpriseFees.archivedAt)));
}
