// Reading HTML form posts with the same valibot schemas as the JSON API: strings in, typed values
// out, and valibot's issues turned into the field messages pages and problems show.
import type { Context } from 'hono';
import * as v from 'valibot';
import type { Db } from '../../../db/core/client.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import type { Ctx } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';

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
    throw new DomainError(
      'BAD_REQUEST',
      'The form could not be read: the body does not match its Content-Type (e.g. a multipart body without its boundary).',
      {
        fields: [{ field: 'body', message: 'Le formulaire envoyé est illisible. Rechargez la page et recommencez.' }],
      },
    );
  }
}

/** The posted form as plain strings (files dropped), without the CSRF field. */
export async function formStrings(c: Context): Promise<Record<string, string>> {
  const body = await readForm(c);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(body)) if (typeof val === 'string' && k !== '_csrf') out[k] = val;
  return out;
}

/** A posted form with repeated fields kept (checkboxes, multi-selects): one string or several per name. */
export type FormFields = Record<string, string | string[]>;

/** The posted form with every value of a repeated field (files and the CSRF field dropped). */
export async function formFields(c: Context): Promise<FormFields> {
  const body = await readForm(c, { all: true });
  const out: FormFields = {};
  for (const [k, val] of Object.entries(body)) {
    if (k === '_csrf') continue;
    if (typeof val === 'string') out[k] = val;
    else if (Array.isArray(val)) out[k] = val.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** The field's first value, as typed ('' when absent). */
export const one = (f: FormFields, k: string): string => {
  const x = f[k];
  return (Array.isArray(x) ? x[0] : x) ?? '';
};

/** Every value of a repeated field (none when absent). */
export const many = (f: FormFields, k: string): string[] => {
  const x = f[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

/** A count carried back in the query after a save (« ?saved=3 »); undefined when absent or not a count. */
export const countQuery = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;

/** What every back-office use case is given by the request: the database, who acts, and when. */
export const writeContext = (c: Ctx): { db: Db; actor: Actor; now: number } => ({
  db: databaseFor(c.env),
  actor: c.get('actor'),
  now: Date.now(),
});

/**
 * Runs a write unless the form was already refused: a VALIDATION refusal, the form's own or the use
 * case's, comes back as field messages so the page can show the form again with them.
 */
export async function unlessRefused<T>(
  errors: readonly FieldError[],
  write: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldError[] }> {
  if (errors.length) return { ok: false, errors: [...errors] };
  try {
    return { ok: true, value: await write() };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'VALIDATION') return { ok: false, errors: err.fields };
    throw err;
  }
}

/** « 12,50 », « 12.5 », « 12 » → 1250 cents; null when it is not an amount. */
export function parseEuros(text: string): number | null {
  const t = text
    .trim()
    .replace(/\s|\u00a0|\u202f|€/g, '')
    .replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Cents as the French form field shows them: « 12,50 ». */
export function eurosField(cents: number, l: 'fr' | 'en' = 'fr'): string {
  const s = (cents / 100).toFixed(2);
  return l === 'fr' ? s.replace('.', ',') : s;
}

/**
 * A schema's message in both languages of the back office: valibot picks it by the parse's `lang`
 * (parseTyped gives the page's), and a parse without one (the JSON API, parseOrThrow) gets the French.
 */
export const say =
  (fr: string, en: string) =>
  (issue: { lang?: string | undefined }): string =>
    issue.lang === 'en' ? en : fr;

export const emailSchema = v.pipe(
  v.string(say('Indiquez une adresse e-mail.', 'Give an e-mail address.')),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty(say('Indiquez une adresse e-mail.', 'Give an e-mail address.')),
  v.email(say('Cette adresse e-mail n’est pas valide.', 'This e-mail address is not valid.')),
  v.maxLength(254, say('Cette adresse est trop longue.', 'This address is too long.')),
);

/** A posted form read for its page: what was typed (shown again when refused), and its value or its field messages. */
export interface TypedForm<T> {
  typed: Record<string, string>;
  value: T | undefined;
  errors: FieldError[];
}

/**
 * Parses a form's input without throwing, the schema's messages in the page's language. `refused` are
 * the reader's own (an amount it could not read) and win over the schema's for the same field.
 */
export function parseTyped<T extends v.GenericSchema>(
  schema: T,
  input: unknown,
  l: 'fr' | 'en',
  typed: Record<string, string>,
  refused: readonly FieldError[] = [],
): TypedForm<v.InferOutput<T>> {
  const result = v.safeParse(schema, input, { lang: l });
  const errors = [...refused];
  if (!result.success) for (const e of fieldErrors(result.issues)) if (!errors.some((x) => x.field === e.field)) errors.push(e);
  return { typed, value: errors.length || !result.success ? undefined : result.output, errors };
}

/** unlessRefused for a TypedForm: the write gets the parsed value, and runs only when nothing was refused. */
export function unlessFormRefused<T, R>(form: TypedForm<T>, write: (value: T) => Promise<R>) {
  return unlessRefused(form.errors, () => write(form.value as T));
}
