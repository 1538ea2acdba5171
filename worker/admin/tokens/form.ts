// The token form's one field, the same rule for the page and the JSON API.
import type { Context } from 'hono';
import * as v from 'valibot';
import { formStrings, parseOrThrow } from '../shared/forms.ts';

export const nameSchema = v.pipe(
  v.string('Donnez un nom au jeton.'),
  v.trim(),
  v.nonEmpty('Donnez un nom au jeton.'),
  v.maxLength(80, '80 caractères au maximum.'),
);

/** The new token's name from the posted form, or a VALIDATION error. */
export async function readTokenName(c: Context): Promise<string> {
  return parseOrThrow(v.object({ name: nameSchema }), await formStrings(c)).name;
}
