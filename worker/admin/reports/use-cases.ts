// Reading a report of a hub's cycle: the cycle (only if the hub sells in it or coordinates it) and the
// rows of the report asked for. Reports only read; nothing here writes.
import type { Db } from '../../../db/core/client.ts';
import { hubCycle } from '../../../db/orders/hub-orders.ts';
import { packingByProduct, packingByShopper, paymentsReport, producerTotals, type PackingLine } from '../../../db/orders/reports.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { ReportKindKey } from '../shared/paths.ts';

export type Report =
  | { kind: 'producers'; rows: Awaited<ReturnType<typeof producerTotals>> }
  | { kind: 'shoppers' | 'products'; rows: PackingLine[] }
  | { kind: 'payments'; rows: Awaited<ReturnType<typeof paymentsReport>> };

export async function loadReport(db: Db, kind: ReportKindKey, hubId: number, cycleId: number): Promise<Report> {
  switch (kind) {
    case 'producers':
      return { kind, rows: await producerTotals(db, hubId, cycleId) };
    case 'shoppers':
      return { kind, rows: await packingByShopper(db, hubId, cycleId) };
    case 'products':
      return { kind, rows: await packingByProduct(db, hubId, cycleId) };
    case 'payments':
      return { kind, rows: await paymentsReport(db, hubId, cycleId) };
  }
}

/** The hub's cycle and its report; `notFound` is what a hub is told of a cycle that is not its own. */
export async function cycleReport(db: Db, hubId: number, cycleId: number, kind: ReportKindKey, notFound: string) {
  const cycle = await hubCycle(db, hubId, cycleId);
  if (!cycle) throw new DomainError('NOT_FOUND', notFound);
  return { cycle, report: await loadReport(db, kind, hubId, cycle.id) };
}
