// What the grid's form posts: the orders it showed (`order`) with the version each was shown at
// (`v.<order>`), and per line a quantity (`q.<line>`, 0 removes) and an actual weight in kg
// (`kg.<line>`, « 2,1 »). Read against the lines as stored now: an unchanged field asks for nothing;
// a field that cannot be read holds back that order only (what was typed is shown again). Each order
// goes with the version it was shown at: the correction refuses it, in its own guarded batch, if it
// changed since (worker/use-cases/correct-order.ts).
import type { GridOrder } from '../../../db/orders/order-grid.ts';
import type { LineChange } from '../../../domain/corrections.ts';
import type { FieldError } from '../../../domain/errors.ts';
import type { FormFields } from '../shared/forms.ts';
import type { Tr } from '../shared/paths.ts';

/** The orders the posted grid showed, valid references only, at most one page's worth. */
export function shownOrders(f: FormFields, isOrderId: (x: string) => boolean, max: number): string[] {
  const picked = f.order === undefined ? [] : Array.isArray(f.order) ? f.order : [f.order];
  return [...new Set(picked.filter(isOrderId))].slice(0, max);
}

/** A count typed in the grid: a whole number, 0 to 9,999 (no bag holds more). */
export function readCount(raw: string): number | null {
  return /^\s*\d{1,4}\s*$/.test(raw) ? Number(raw) : null;
}

/** A weight typed in kg (« 2,1 », « 2.1 », « 0,850 »), in grams; null when it is not one, or is 0. */
export function readKilograms(raw: string): number | null {
  if (!/^\s*\d{1,4}([.,]\d{1,3})?\s*$/.test(raw)) return null;
  const grams = Math.round(Number(raw.trim().replace(',', '.')) * 1000);
  return grams > 0 ? grams : null;
}

export interface GridRequest {
  publicId: string;
  changes: LineChange[];
  /** The order's version (updated_at) as the grid showed it: the fields were typed over that. */
  version: number;
  /** The grid field each change came from, for the correction's messages (`changes.<i>`). */
  fieldOf: string[];
}

/** Each shown order's changes, and the fields that could not be read (their order is not sent). */
export function readGridChanges(tr: Tr, f: FormFields, orders: readonly GridOrder[]): { requests: GridRequest[]; errors: FieldError[] } {
  const requests: GridRequest[] = [];
  const errors: FieldError[] = [];
  const value = (k: string) => {
    const x = f[k];
    return (Array.isArray(x) ? x[0] : x)?.trim();
  };
  for (const o of orders) {
    const r: GridRequest = { publicId: o.publicId, changes: [], version: 0, fieldOf: [] };
    let unreadable = false;
    for (const l of o.lines) {
      const q = value(`q.${l.id}`);
      if (q !== undefined && q !== '') {
        const quantity = readCount(q);
        if (quantity === null) {
          unreadable = true;
          errors.push({
            field: `q.${l.id}`,
            message: tr('Un nombre entier, 0 pour retirer la ligne.', 'A whole number, 0 removes the line.'),
          });
        } else if (quantity !== l.quantity) {
          r.changes.push({ kind: 'quantity', lineId: l.id, quantity });
          r.fieldOf.push(`q.${l.id}`);
        }
      }
      const kg = value(`kg.${l.id}`);
      if (l.unitKind === 'weight' && kg !== undefined && kg !== '') {
        const grams = readKilograms(kg);
        if (grams === null) {
          unreadable = true;
          errors.push({ field: `kg.${l.id}`, message: tr('Un poids en kg, par exemple 2,1.', 'A weight in kg, for example 2.1.') });
        } else if (grams !== l.unitValue) {
          r.changes.push({ kind: 'weight', lineId: l.id, grams });
          r.fieldOf.push(`kg.${l.id}`);
        }
      }
    }
    if (unreadable || r.changes.length === 0) continue;
    // The fields were typed over the order as it was shown; if it changed since, an unchanged field
    // would silently undo the other change. A grid that does not say which version it showed is
    // treated as shown over another one: the manager sees the order as it is now and decides.
    const shownAt = value(`v.${o.publicId}`) ?? '';
    if (!/^\d{1,16}$/.test(shownAt)) {
      errors.push({ field: orderField(o.publicId), message: changedMeanwhileMessage(tr) });
      continue;
    }
    r.version = Number(shownAt);
    requests.push(r);
  }
  return { requests, errors };
}

/** What the grid says of an order changed since it was shown (its own check, or the correction's). */
export const changedMeanwhileMessage = (tr: Tr) =>
  tr(
    'Cette commande a été modifiée entre-temps : vérifiez-la (vos saisies sont gardées) et enregistrez à nouveau.',
    'This order was changed meanwhile: check it (what you typed is kept) and save again.',
  );

/** The field of the order as a whole (its block in the grid), for a message that is not one field's. */
export const orderField = (publicId: string) => `order.${publicId}`;
