// The shop-prices form read: price_<id> and stock_<id> fields into override rows (empty = back to the
// producer's value), with the fields a person typed wrong.
import type { FieldError } from '../../../domain/errors.ts';
import type { Ctx } from '../../auth/identify.ts';
import { formStrings, parseEuros } from '../shared/forms.ts';
import type { Tr } from '../shared/paths.ts';
import type { OverrideRow } from './use-cases.ts';

export async function readOverridesForm(
  c: Ctx,
  tr: Tr,
): Promise<{ rows: OverrideRow[]; typed: Record<string, string>; errors: FieldError[] }> {
  const f = await formStrings(c);
  // Only the inputs the page showed are posted: a field absent leaves that value as it is.
  const rows = new Map<number, OverrideRow>();
  const row = (id: number) => rows.get(id) ?? rows.set(id, { id }).get(id)!;
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(f)) {
    const m = /^(price|stock)_(\d{1,15})$/.exec(key);
    if (!m) continue;
    const id = Number(m[2]);
    const text = raw.trim();
    if (m[1] === 'price') {
      const cents = text === '' ? null : parseEuros(text);
      if (text !== '' && cents === null)
        errors.push({
          field: key,
          message: tr(
            `Prix illisible « ${text} » (variante ${id}) : écrivez par exemple 3,50, ou laissez vide.`,
            `Unreadable price "${text}" (variant ${id}): write e.g. 3.50, or leave empty.`,
          ),
        });
      row(id).priceCents = cents;
    } else {
      if (text !== '' && !/^\d{1,7}$/.test(text))
        errors.push({
          field: key,
          message: tr(
            `Stock illisible « ${text} » (variante ${id}) : un nombre entier, ou vide.`,
            `Unreadable stock "${text}" (variant ${id}): a whole number, or empty.`,
          ),
        });
      row(id).onHand = text === '' || !/^\d{1,7}$/.test(text) ? null : Number(text);
    }
  }
  return { rows: [...rows.values()], typed: f, errors };
}
