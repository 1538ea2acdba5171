// An enterprise's fees, for hubs (their settings page) and producers (their fees page): add (joining
// the cycles under way, decided here with the request's `now`), change, archive; each write audited
// and the pages showing the prices marked stale, in one batch.
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import {
  addFeeStatements,
  archiveFeeStatement,
  cyclesChargingFee,
  cyclesJoinedByNewFee,
  enterpriseHasFee,
  updateFeeStatement,
  type FeeFields,
  type FeeSide,
} from '../../../db/enterprises/fee-statements.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor } from '../shared/audit-actor.ts';

export interface FeeChange {
  db: Db;
  actor: Actor;
  enterprise: { id: number };
  side: FeeSide;
  now: number;
}

async function write(
  ch: FeeChange,
  action: string,
  subject: string,
  statements: Parameters<typeof batchOf>[0],
  cycleIds: readonly number[],
  details: Record<string, unknown>,
) {
  const who = auditActor(ch.actor);
  await ch.db.batch(
    batchOf(
      statements,
      ...cycleIds.map((cycleId) => markStaleStatements(ch.db, { kind: 'cycle', cycleId }, action)),
      markStaleStatements(ch.db, { kind: ch.side, enterpriseId: ch.enterprise.id }, action),
      auditStatement(ch.db, {
        userId: who.userId,
        enterpriseId: ch.enterprise.id,
        action,
        subject,
        details: { ...details, ...who.via },
        at: ch.now,
      }),
    ),
  );
}

/** A new fee is charged at once in the enterprise's cycles that have not closed; the answer says which. */
export async function addFee({ f, ...ch }: FeeChange & { f: FeeFields }): Promise<{ cycleIds: number[] }> {
  const cycleIds = await cyclesJoinedByNewFee(ch.db, ch.enterprise.id, ch.side, ch.now);
  await write(
    ch,
    'fee.create',
    `enterprise:${ch.enterprise.id}`,
    addFeeStatements(ch.db, ch.enterprise.id, ch.side, f, cycleIds),
    cycleIds,
    {
      name: f.name,
      cycleIds,
    },
  );
  return { cycleIds };
}

const mustOwn = async (ch: FeeChange, id: number) => {
  if (!(await enterpriseHasFee(ch.db, ch.enterprise.id, id))) throw new DomainError('NOT_FOUND', 'No such fee of this enterprise.');
};

/** Changes the fee where it is charged now; orders already placed keep what they were charged. */
export async function updateFee({ id, f, ...ch }: FeeChange & { id: number; f: FeeFields }) {
  await mustOwn(ch, id);
  const cycleIds = await cyclesChargingFee(ch.db, id, ch.now);
  await write(ch, 'fee.update', `fee:${id}`, updateFeeStatement(ch.db, ch.enterprise.id, id, f), cycleIds, { ...f });
}

/** The fee leaves every cycle's prices and the forms; past orders keep their fee lines. */
export async function archiveFee({ id, ...ch }: FeeChange & { id: number }) {
  await mustOwn(ch, id);
  const cycleIds = await cyclesChargingFee(ch.db, id, ch.now);
  await write(ch, 'fee.archive', `fee:${id}`, archiveFeeStatement(ch.db, ch.enterprise.id, id, ch.now), cycleIds, {});
}
