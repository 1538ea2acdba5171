// The cycle forms read: the coordinator's cycle (times in Paris time, collection, variants, fees) and
// another hub's exchange in it, each as the settings the use cases take, with the fields typed wrong.
import type { MethodChoice } from '../../../db/catalog/cycle-methods.ts';
import type { cycleForEdit, CycleSettings, OutgoingExchange } from '../../../db/catalog/cycles.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { FEE_ROLES, type FeeRole } from '../../../domain/fees.ts';
import { parisLocalToEpoch, WEEK_MS } from '../../../domain/paris-time.ts';
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

/** A new cycle opens at the next full hour, for a week. */
export function newCycleSettings(now: number): CycleSettings {
  const start = Math.ceil(now / HOUR_MS) * HOUR_MS;
  return { ...NO_EXCHANGE, name: '', opensAt: start, closesAt: start + WEEK_MS, fees: [] };
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
