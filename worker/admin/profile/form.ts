// The profile form: one valibot schema for the page and the JSON API, and the posted form read as
// typed (kept as it was typed, to show it again beside its messages when refused).
import type { Context } from 'hono';
import * as v from 'valibot';
import { normalizeSiret, normalizeVatNumber } from '../../../domain/legal-ids.ts';
import { idSchema } from '../../schemas.ts';
import { emailSchema, formStrings, parseOrThrow } from '../shared/forms.ts';
import type { ProfileInput } from './use-cases.ts';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `${max} caractères au maximum.`));
/** Empty means « not given ». */
const optional = <T extends v.GenericSchema<string, string | null>>(schema: T) =>
  v.pipe(
    v.nullable(v.string()),
    v.transform((s) => s?.trim() || null),
    v.nullable(schema),
  );

export const profileSchema = v.strictObject({
  name: v.pipe(v.string('Indiquez le nom.'), v.trim(), v.nonEmpty('Indiquez le nom.'), v.maxLength(120, '120 caractères au maximum.')),
  description: text(2000),
  addressLine: text(200),
  postalCode: v.pipe(v.string(), v.trim(), v.regex(/^(\d{5})?$/, 'Le code postal a 5 chiffres.')),
  commune: text(100),
  email: optional(emailSchema),
  phone: optional(v.pipe(v.string(), v.regex(/^\+?[0-9 .()-]{6,20}$/, 'Ce numéro de téléphone n’est pas valide.'))),
  website: optional(
    v.pipe(
      v.string(),
      v.url('Adresse web complète attendue (https://…).'),
      v.regex(/^https?:\/\//, 'Adresse web complète attendue (https://…).'),
      v.maxLength(200),
    ),
  ),
  legalName: optional(v.pipe(v.string(), v.maxLength(160))),
  siret: optional(
    v.pipe(
      v.string(),
      v.rawTransform(
        ({ dataset, addIssue, NEVER }) =>
          normalizeSiret(dataset.value) ?? (addIssue({ message: 'Ce SIRET n’est pas valide (14 chiffres, clé de contrôle).' }), NEVER),
      ),
    ),
  ),
  vatNumber: optional(
    v.pipe(
      v.string(),
      v.rawTransform(
        ({ dataset, addIssue, NEVER }) =>
          normalizeVatNumber(dataset.value) ?? (addIssue({ message: 'Ce numéro de TVA n’est pas valide.' }), NEVER),
      ),
    ),
  ),
  labelIds: v.optional(
    v.pipe(
      v.array(idSchema),
      v.maxLength(50, '50 labels au maximum.'),
      v.check((ids) => new Set(ids).size === ids.length, 'Un label est choisi deux fois.'),
    ),
    [],
  ),
});

export type TextField = Exclude<keyof ProfileInput, 'labelIds'>;
/** The form's values as typed: every text field a string, the labels ticked. */
export type ProfileValues = Record<TextField, string> & { labelIds: number[] };

const TEXT_FIELDS: readonly TextField[] = [
  'name',
  'description',
  'addressLine',
  'postalCode',
  'commune',
  'email',
  'phone',
  'website',
  'legalName',
  'siret',
  'vatNumber',
];

/** The stored profile as the form shows it (a missing value is an empty field). */
export function valuesOf(profile: Record<TextField, string | null> & { labelIds: number[] }): ProfileValues {
  return {
    ...(Object.fromEntries(TEXT_FIELDS.map((k) => [k, profile[k] ?? ''])) as Record<TextField, string>),
    labelIds: profile.labelIds,
  };
}

/** The posted form as typed; each ticked label comes as its own `label_<id>` checkbox. */
export async function readProfileForm(c: Context): Promise<ProfileValues> {
  const f = await formStrings(c);
  const labelIds = Object.keys(f).flatMap((k) => (/^label_\d{1,15}$/.test(k) ? [Number(k.slice(6))] : []));
  return { ...(Object.fromEntries(TEXT_FIELDS.map((k) => [k, f[k] ?? ''])) as Record<TextField, string>), labelIds };
}

export const parseProfile = (typed: ProfileValues): ProfileInput => parseOrThrow(profileSchema, typed);
