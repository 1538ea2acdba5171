// What the order pages and the JSON API read from a request: the list's filters, the state a hub moves
// an order to, and the reason it gives for cancelling.
import type { Context } from 'hono';
import * as v from 'valibot';
import type { OrderFilters } from '../../../db/orders/hub-orders.ts';
import { DomainError } from '../../../domain/errors.ts';
import { ORDER_STATES, PAYMENT_STATES } from '../../../domain/orders.ts';
import { formStrings, parseOrThrow } from '../shared/forms.ts';
import { MANUAL_ORDER_STATES } from './use-cases.ts';

const filterSchema = v.object({
  state: v.optional(v.union([v.literal(''), v.picklist(ORDER_STATES)])),
  payment: v.optional(v.union([v.literal(''), v.picklist(PAYMENT_STATES)])),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
});

/** The filters of a hub's order list, from the query string (empty means any). */
export function filtersOf(query: Record<string, string>): OrderFilters {
  const f = v.safeParse(filterSchema, query);
  if (!f.success)
    throw new DomainError('VALIDATION', 'Invalid filters.', { fields: [{ field: 'filters', message: 'Filtres invalides.' }] });
  return { state: f.output.state || undefined, paymentState: f.output.payment || undefined, q: f.output.q || undefined };
}

export const stateSchema = (message: string) => v.picklist(MANUAL_ORDER_STATES, message);
export const REASON_MAX = 200;

export async function readStateForm(c: Context) {
  return parseOrThrow(stateSchema('État inconnu.'), (await formStrings(c)).state ?? '');
}

/** The reason is optional and cut to its length rather than refused. */
export async function readCancelReason(c: Context): Promise<string> {
  return ((await formStrings(c)).reason ?? '').trim().slice(0, REASON_MAX);
}
