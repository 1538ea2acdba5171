// The cycle forms read: the coordinator's cycle (times in Paris time, collection, variants, fees) and
// another hub's exchange in it, each as the settings the use cases take, with the fields typed wrong.
import type { MethodChoice } from '../../../db/catalog/cycle-methods.ts';
import type { cycleForEdit, CycleSettings, OutgoingExchange } from '../../../db/catalog/cycles.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { FEE_ROLES, type FeeRole } from '../../../domain/fees.ts';
import { epochToParisLocal, parisLocalToEpoch, WEEK_MS } from '../../../domain/paris-time.ts';
import type { Ctx } from '../../auth/identify.ts';
import { formFields, many, one, type FormFields } from '../shared/forms.ts';

const HOUR_MS = 3_600_000;
const DATE_EXPECTED = 'Date et heure attendues (jj/mm/aaaa hh:mm).';

export const NO_EXCHANGE: OutgoingExchange = {
  collectionStartsAt: null,
  collectionEndsAt: null,
  collectionPlace: '',
  instructions: '',
  requiredTag: null,
  variantIds: [],
};

/**
 * A new cycle opens at the next full hour, for a week, with the hub's own fees (its commission)
 * ticked: a hub that forgot to tick them would sell without its margin.
 */
export function newCycleSettings(now: number, hubId: number, fees: readonly { id: number; enterpriseId: number }[] = []): CycleSettings {
  const start = Math.ceil(now / HOUR_MS) * HOUR_MS;
  const own = fees.filter((f) => f.enterpriseId === hubId).map((f) => ({ feeId: f.id, role: 'hub' as const, producerId: null, hubId }));
  return { ...NO_EXCHANGE, name: '', opensAt: start, closesAt: start + WEEK_MS, fees: own };
}

/** A stored cycle as its form shows it: the coordinator's own exchange holds the collection details. */
export function settingsOf(found: NonNullable<Awaited<ReturnType<typeof cycleForEdit>>>): CycleSettings {
  const o = found.outgoing;
  return {
    name: found.cycle.name,
    opensAt: found.cycle.opensAt,
    closesAt: found.cycle.closesAt,
    collectionStartsAt: o?.collectionStartsAt ?? null,
    collectionEndsAt: o?.collectionEndsAt ?? null,
    collectionPlace: o?.collectionPlace ?? '',
    instructions: o?.instructions ?? '',
    requiredTag: o?.requiredTag ?? null,
    variantIds: found.variantIds,
    fees: found.fees,
  };
}

/** The field's value with its surrounding spaces dropped. */
const text = (f: FormFields, k: string) => one(f, k).trim();

/** The fields the cycle form and another hub's form share: collection window, place, instructions, tag, variants. */
function exchangeFrom(f: FormFields, errors: FieldError[]): OutgoingExchange {
  return {
    collectionStartsAt: dateOf(f, 'collectionStartsAt', false, errors),
    collectionEndsAt: dateOf(f, 'collectionEndsAt', false, errors),
    collectionPlace: text(f, 'collectionPlace').slice(0, 200),
    instructions: text(f, 'instructions').slice(0, 2000),
    requiredTag: text(f, 'requiredTag').slice(0, 40) || null,
    variantIds: many(f, 'variant')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0),
  };
}

/** A Paris-time field as epoch ms; empty is null unless required; unreadable is an error (and null). */
function dateOf(f: FormFields, k: string, required: boolean, errors: FieldError[]): number | null {
  const t = text(f, k);
  if (!t && !required) return null;
  const ms = parisLocalToEpoch(t);
  if (ms === null) errors.push({ field: k, message: DATE_EXPECTED });
  return ms;
}

/**
 * The methods ticked (fields `shippingMethod`, `paymentMethod`). An unticked box sends nothing, so the
 * picker sends `methods` too: with it, none ticked is an empty list; without it (a form from before the
 * picker, a script), the exchange's methods are left as they are.
 */
function methodsFrom(f: FormFields): MethodChoice | undefined {
  if (!one(f, 'methods')) return undefined;
  const ids = (k: string) =>
    many(f, k)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0);
  return { shippingIds: ids('shippingMethod'), paymentIds: ids('paymentMethod') };
}

/** Another hub's exchange form. */
export async function readExchangeForm(
  c: Ctx,
): Promise<{ exchange: OutgoingExchange; errors: FieldError[]; methods: MethodChoice | undefined }> {
  const errors: FieldError[] = [];
  const f = await formFields(c);
  const exchange = exchangeFrom(f, errors);
  return { exchange, errors, methods: methodsFrom(f) };
}

/** The cycle form; a fee is taken only among those offered to the hub, charged by the role chosen beside it. */
export async function readSettingsForm(
  c: Ctx,
  hubId: number,
  fees: readonly { id: number; enterpriseId: number }[],
): Promise<{ settings: CycleSettings; errors: FieldError[]; methods: MethodChoice | undefined }> {
  const f = await formFields(c);
  const errors: FieldError[] = [];
  const chosenFees = many(f, 'fee')
    .map(Number)
    .flatMap((id) => {
      const fee = fees.find((x) => x.id === id);
      if (!fee) return [];
      const role = (FEE_ROLES as readonly string[]).includes(text(f, `role_${id}`)) ? (text(f, `role_${id}`) as FeeRole) : 'hub';
      return [{ feeId: id, role, producerId: role === 'producer' ? fee.enterpriseId : null, hubId: role === 'hub' ? hubId : null }];
    });
  const opensAt = dateOf(f, 'opensAt', true, errors) ?? 0;
  const closesAt = dateOf(f, 'closesAt', true, errors) ?? 0;
  const settings: CycleSettings = { name: text(f, 'name'), opensAt, closesAt, ...exchangeFrom(f, errors), fees: chosenFees };
  return { settings, errors, methods: methodsFrom(f) };
}

// Cloning (13.9): the copy's times and name.
const DAY_MS = 86_400_000;

/** The same Paris wall time `days` later (a DST change in between keeps 18:00 at 18:00). */
function sameWallTimeLater(ms: number, days: number): number {
  const [date, time] = epochToParisLocal(ms).split('T') as [string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const later = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  return parisLocalToEpoch(`${later}T${time}`) ?? ms + days * DAY_MS;
}

/**
 * The copy's window: the same weekday and hours, as many whole weeks later as it takes to open
 * once the original has closed (one week for a cycle of a week or less), so the two never overlap.
 */
export function cloneWindow(cycle: { opensAt: number; closesAt: number }): { opensAt: number; closesAt: number } {
  const weeks = Math.max(1, Math.ceil((cycle.closesAt - cycle.opensAt) / WEEK_MS));
  return { opensAt: sameWallTimeLater(cycle.opensAt, 7 * weeks), closesAt: sameWallTimeLater(cycle.closesAt, 7 * weeks) };
}

const MONTH =
  '(?:janv(?:ier)?|f[ée]vr(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[ûu]t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?|' +
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '\\d{1,2}(?:er|st|nd|rd|th)?';
const DATE_PATTERNS = [
  /\b\d{4}-\d{2}-\d{2}\b/gi,
  /\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b/gi,
  new RegExp(`\\b${DAY}(?:\\s+${MONTH})?\\s*(?:au|[-–—]|to)\\s*${DAY}\\s+${MONTH}(?:\\s+\\d{4})?`, 'gi'),
  new RegExp(`\\b${DAY}\\s+${MONTH}(?:\\s+\\d{4})?`, 'gi'),
  new RegExp(`\\b${MONTH}\\s+${DAY}(?:,?\\s+\\d{4})?`, 'gi'),
  /\b(?:semaine|week)\s+\d{1,2}\b/gi,
];

/** A cycle's name without its dates (« Commandes du 26 novembre au 3 décembre » → « Commandes »). */
export function nameWithoutDates(name: string): { base: string; hadDates: boolean } {
  let base = name;
  for (const re of DATE_PATTERNS) base = base.replace(re, ' ');
  const hadDates = base !== name;
  base = base
    .replace(/\((?:copie|copy)\)/gi, ' ')
    .replace(/\(\s*\)/g, ' ')
    .replace(/\s+(?:du|au|from|to|le|on|the)(?=\s*(?:[-–—,]|$))/gi, ' ')
    .replace(/\s+(?:du|au|from|to|le|on|the)\s+(?=(?:du|au|from|to)\b)/gi, ' ')
    .replace(/(?:\s*[-–—,]\s*)+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { base: base || name.trim(), hadDates };
}

/** The copy's name: the old dates replaced by the copy's, or « (copie) » when the name had none. */
export function cloneName(name: string, window: { opensAt: number; closesAt: number }, l: 'fr' | 'en'): string {
  const { base, hadDates } = nameWithoutDates(name);
  if (!hadDates) return `${base} (${l === 'fr' ? 'copie' : 'copy'})`;
  const day = new Intl.DateTimeFormat(l === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long' });
  const d = (ms: number) => day.format(ms).replace(/^1 /, l === 'fr' ? '1er ' : '1 ');
  return l === 'fr'
    ? `${base} du ${d(window.opensAt)} au ${d(window.closesAt)}`
    : `${base} from ${d(window.opensAt)} to ${d(window.closesAt)}`;
}
