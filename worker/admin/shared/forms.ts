// Reading HTML form posts with the same valibot schemas as the JSON API: strings in, typed values
// out, and valibot's issues turned into the field messages pages and problems show.
import type { Context } from 'hono';
import * as v from 'valibot';
import { DomainError, type FieldError } from '../../../domain/errors.ts';

export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = v.getDotPath(issue) ?? '';
    if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
  }
  return errors;
}

/** Parses or throws a VALIDATION DomainError carrying the field messages. */
export function parseOrThrow<T extends v.GenericSchema>(schema: T, input: unknown): v.InferOutput<T> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new DomainError('VALIDATION', 'The form has invalid fields.', { fields: fieldErrors(result.issues) });
  return result.output;
}

/**
 * The posted form (urlencoded or multipart), parsed once per request (Hono caches it). A body that is
 * not what its Content-Type says (a multipart without its boundary, cut short) is the client's error:
 * 400 BAD_REQUEST, not a 500.
 */
export async function readForm(c: Context, options: { all?: boolean } = {}): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody({ all: options.all ?? false });
  } catch {
    throw new DomainError('BAD_REQUEST', 'The form could not be read: the body does not match its Content-Type (e.g. a multipart body without its boundary).', {
      fields: [{ field: 'body', message: 'Le formulaire envoyé est illisible. Rechargez la page et recommencez.' }],
    });
  }
}

/** The posted form as plain strings (files dropped), without the CSRF field. */
export async function formStrings(c: Context): Promise<Record<string, string>> {
  const body = await readForm(c);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(body)) if (typeof val === 'string' && k !== '_csrf') out[k] = val;
  return out;
}

/** « 12,50 », « 12.5 », « 12 » → 1250 cents; null when it is not an amount. */
export function parseEuros(text: string): number | null {
  const t = text.trim().replace(/\s|\u00a0|\u202f|€/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Cents as the French form field shows them: « 12,50 ». */
export function eurosField(cents: number, l: 'fr' | 'en' = 'fr'): string {
  const s = (cents / 100).toFixed(2);
  return l === 'fr' ? s.replace('.', ',') : s;
}

export const emailSchema = v.pipe(
  v.string('Indiquez une adresse e-mail.'),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty('Indiquez une adresse e-mail.'),
  v.email('Cette adresse e-mail n’est pas valide.'),
  v.maxLength(254, 'Cette adresse est trop longue.'),
);
