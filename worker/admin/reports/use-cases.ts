// Reading a report: its scope (a cycle the hub sells in or coordinates, optionally every hub of a cycle
// it coordinates; or a period of placement), checked, then the rows of the report asked for.
// Reports only read; nothing here writes.
import type { Db } from '../../../db/core/client.ts';
import { hubCycle } from '../../../db/orders/hub-orders.ts';
import {
  customersReport,
  feesReport,
  type PackingBag,
  packingByProduct,
  packingByShopper,
  paymentsReport,
  payoutsReport,
  type ProductPacking,
  producerTotals,
  type ReportScope,
  vatReport,
} from '../../../db/orders/reports.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { parisLocalToEpoch } from '../../../domain/paris-time.ts';
import type { ReportKindKey, Tr } from '../shared/paths.ts';

type Rows<F extends (...a: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type Report =
  | { kind: 'producers'; rows: Rows<typeof producerTotals> }
  | { kind: 'shoppers'; rows: PackingBag[] }
  | { kind: 'products'; rows: ProductPacking[] }
  | { kind: 'payments'; rows: Rows<typeof paymentsReport> }
  | { kind: 'fees'; rows: Rows<typeof feesReport> }
  | { kind: 'vat'; rows: Rows<typeof vatReport> }
  | { kind: 'payouts'; rows: Rows<typeof payoutsReport> }
  | { kind: 'customers'; rows: Rows<typeof customersReport> };

export async function loadReport(db: Db, kind: ReportKindKey, s: ReportScope): Promise<Report> {
  switch (kind) {
    case 'producers':
      return { kind, rows: await producerTotals(db, s) };
    case 'shoppers':
      return { kind, rows: await packingByShopper(db, s) };
    case 'products':
      return { kind, rows: await packingByProduct(db, s) };
    case 'payments':
      return { kind, rows: await paymentsReport(db, s) };
    case 'fees':
      return { kind, rows: await feesReport(db, s) };
    case 'vat':
      return { kind, rows: await vatReport(db, s) };
    case 'payouts':
      return { kind, rows: await payoutsReport(db, s) };
    case 'customers':
      return { kind, rows: await customersReport(db, s) };
  }
}

/** Whether a report has nothing to show. */
export const isEmpty = (r: Report) =>
  r.kind === 'vat' ? r.rows.producers.length === 0 && r.rows.documents.length === 0 : r.rows.length === 0;

/**
 * The hub's cycle and its report; `allHubs` reads every hub of the cycle, which only its coordinator
 * may. `notFound` is what a hub is told of a cycle that is not its own.
 */
export async function cycleReport(db: Db, hubId: number, cycleId: number, kind: ReportKindKey, allHubs: boolean, tr: Tr) {
  const cycle = await hubCycle(db, hubId, cycleId);
  if (!cycle) throw new DomainError('NOT_FOUND', tr('Ce cycle n’existe pas pour votre boutique.', 'No such cycle for your shop.'));
  if (allHubs && cycle.coordinatorId !== hubId)
    throw new DomainError(
      'FORBIDDEN',
      tr('Seul le coordinateur du cycle voit toutes ses boutiques.', 'Only the cycle’s coordinator sees all its shops.'),
    );
  const scope: ReportScope = { kind: 'cycle', cycleId: cycle.id, hubId: allHubs ? null : hubId };
  return { cycle, report: await loadReport(db, kind, scope) };
}

export interface PeriodInput {
  from: string;
  to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The day after « 2026-11-30 » as text, by the calendar (not + 24 h, which a DST change would skew). */
function nextDay(text: string): string {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
const dayStart = (text: string) => (DAY.test(text) ? parisLocalToEpoch(`${text}T00:00`) : null);

/** The longest period a report reads at once: a year and a bit, so a typo (« 2062 ») is told, not run. */
const MAX_DAYS = 400;

/** « du 2026-11-01 au 2026-11-30 » (Paris days, both included) → [from, to) in epoch ms, or field messages. */
export function parsePeriod(input: PeriodInput, tr: Tr): { from: number; to: number } {
  const errors: FieldError[] = [];
  const from = dayStart(input.from);
  const end = dayStart(input.to);
  if (from === null)
    errors.push({ field: 'from', message: tr('Date de début attendue (AAAA-MM-JJ).', 'A start date is expected (YYYY-MM-DD).') });
  if (end === null)
    errors.push({ field: 'to', message: tr('Date de fin attendue (AAAA-MM-JJ).', 'An end date is expected (YYYY-MM-DD).') });
  if (from !== null && end !== null) {
    if (end < from) errors.push({ field: 'to', message: tr('La fin précède le début.', 'The end is before the start.') });
    else if (end - from > MAX_DAYS * 86_400_000)
      errors.push({ field: 'to', message: tr(`Au plus ${MAX_DAYS} jours à la fois.`, `At most ${MAX_DAYS} days at a time.`) });
  }
  if (errors.length || from === null || end === null)
    throw new DomainError('VALIDATION', tr('La période n’est pas valable.', 'The period is not valid.'), { fields: errors });
  return { from, to: dayStart(nextDay(input.to))! };
}

/** A period's report: the hub's own orders, or (`allHubs`) those of every cycle it coordinates. */
export async function periodReport(db: Db, hubId: number, kind: ReportKindKey, input: PeriodInput, allHubs: boolean, tr: Tr) {
  const { from, to } = parsePeriod(input, tr);
  const scope: ReportScope = { kind: 'period', from, to, hubId: allHubs ? null : hubId, coordinatorId: hubId };
  return loadReport(db, kind, scope);
}

/** The current month so far, in Paris days: what the period form starts with. */
export function thisMonth(now: number): PeriodInput {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}
