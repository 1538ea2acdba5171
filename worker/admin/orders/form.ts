// What the order pages and the JSON API read from a request: the list's filters, the state a hub moves
// an order to, the reason it gives for cancelling, the corrections of an order's lines and the
// orders ticked for a bulk action.
import type { Context } from 'hono';
import * as v from 'valibot';
import type { OrderFilters } from '../../../db/orders/hub-orders.ts';
import { DomainError } from '../../../domain/errors.ts';
import { ORDER_STATES, PAYMENT_STATES } from '../../../domain/orders.ts';
import type { LineChange } from '../../../domain/corrections.ts';
import { orderIdSchema } from '../../schemas.ts';
import { formFields, formStrings, parseOrThrow } from '../shared/forms.ts';
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

/** A number as typed in the form (« 2,1 »), at most 9,999 (no bag holds more): anything else is refused on its field. */
const wholeNumber = (raw: string, field: string, message: string): number => {
  const n = Number(raw.replace(',', '.'));
  if (!/^\s*\d{1,4}([.,]\d{1,3})?\s*$/.test(raw) || !Number.isFinite(n))
    throw new DomainError('VALIDATION', message, { fields: [{ field, message }] });
  return n;
};

/**
 * The changes the order page's correction form asks for, against the lines as shown: a quantity
 * (`q.<line>`, 0 removes), a weight in kg (`kg.<line>`, « 2,1 »), a product to add. Unchanged
 * fields ask for nothing.
 */
export async function readCorrectionForm(
  c: Context,
  lines: ReadonlyArray<{ id: number; quantity: number; unitKind: string; unitValue: number }>,
): Promise<{ changes: LineChange[]; raw: Record<string, string> }> {
  const raw = await formStrings(c);
  const changes: LineChange[] = [];
  for (const l of lines) {
    const q = raw[`q.${l.id}`]?.trim();
    if (q !== undefined && q !== '' && Number(q) !== l.quantity) {
      const quantity = wholeNumber(q, `q.${l.id}`, 'Une quantité est un nombre entier, 0 pour retirer la ligne.');
      if (!Number.isInteger(quantity))
        throw new DomainError('VALIDATION', 'A whole number.', {
          fields: [{ field: `q.${l.id}`, message: 'Une quantité est un nombre entier, 0 pour retirer la ligne.' }],
        });
      changes.push({ kind: 'quantity', lineId: l.id, quantity });
    }
    const kg = raw[`kg.${l.id}`]?.trim();
    if (l.unitKind === 'weight' && kg !== undefined && kg !== '') {
      const grams = Math.round(wholeNumber(kg, `kg.${l.id}`, 'Un poids en kg, par exemple 2,1.') * 1000);
      if (grams !== l.unitValue) changes.push({ kind: 'weight', lineId: l.id, grams });
    }
  }
  const variant = raw['add.variant']?.trim();
  if (variant) {
    if (!/^\d{1,9}$/.test(variant))
      throw new DomainError('VALIDATION', 'Unknown product.', { fields: [{ field: 'add.variant', message: 'Produit inconnu.' }] });
    const quantity = wholeNumber(raw['add.quantity']?.trim() || '1', 'add.quantity', 'Une quantité est un nombre entier.');
    changes.push({ kind: 'add', variantId: Number(variant), quantity });
  }
  if (changes.length === 0)
    throw new DomainError('VALIDATION', 'Nothing to change.', { fields: [{ field: 'changes', message: 'Aucune modification demandée.' }] });
  return { changes, raw };
}

export const BULK_ACTIONS = ['paid', 'ready', 'handed-over'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The orders ticked on a cycle's list and what to do with them. */
export async function readBulkForm(c: Context): Promise<{ action: BulkAction; orders: string[] }> {
  const f = await formFields(c);
  const action = parseOrThrow(v.picklist(BULK_ACTIONS, 'Action inconnue.'), String(f.action ?? ''));
  const picked = f.orders === undefined ? [] : Array.isArray(f.orders) ? f.orders : [f.orders];
  const orders = [...new Set(picked.filter((x) => v.is(orderIdSchema, x)))].slice(0, 500);
  if (orders.length === 0)
    throw new DomainError('VALIDATION', 'No order ticked.', { fields: [{ field: 'orders', message: 'Cochez au moins une commande.' }] });
  return { action, orders };
}
