// An enterprise's profile, pages and JSON: what its public page shows (description, address, contact,
// labels) and the legal identity its invoices print (registered name, SIRET, VAT number).
import { Hono } from 'hono';
import * as v from 'valibot';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { normalizeSiret, normalizeVatNumber } from '../../../domain/legal-ids.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { idSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { emailSchema, formStrings, parseOrThrow } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { publicState, PublicStatus } from '../shared/public-status.tsx';
import { AdminLayout, Csrf, errorFor, FormErrors, Notice } from '../shared/ui.tsx';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { enterpriseProfile, saveProfile, type ProfileInput } from './use-cases.ts';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `${max} caractères au maximum.`));
/** Empty means « not given ». */
const optional = <T extends v.GenericSchema<string, string | null>>(schema: T) => v.pipe(v.nullable(v.string()), v.transform((s) => s?.trim() || null), v.nullable(schema));

export const profileSchema = v.strictObject({
  name: v.pipe(v.string('Indiquez le nom.'), v.trim(), v.nonEmpty('Indiquez le nom.'), v.maxLength(120, '120 caractères au maximum.')),
  description: text(2000),
  addressLine: text(200),
  postalCode: v.pipe(v.string(), v.trim(), v.regex(/^(\d{5})?$/, 'Le code postal a 5 chiffres.')),
  commune: text(100),
  email: optional(emailSchema),
  phone: optional(v.pipe(v.string(), v.regex(/^\+?[0-9 .()-]{6,20}$/, 'Ce numéro de téléphone n’est pas valide.'))),
  website: optional(v.pipe(v.string(), v.url('Adresse web complète attendue (https://…).'), v.regex(/^https?:\/\//, 'Adresse web complète attendue (https://…).'), v.maxLength(200))),
  legalName: optional(v.pipe(v.string(), v.maxLength(160))),
  siret: optional(v.pipe(v.string(), v.rawTransform(({ dataset, addIssue, NEVER }) => normalizeSiret(dataset.value) ?? (addIssue({ message: 'Ce SIRET n’est pas valide (14 chiffres, clé de contrôle).' }), NEVER)))),
  vatNumber: optional(v.pipe(v.string(), v.rawTransform(({ dataset, addIssue, NEVER }) => normalizeVatNumber(dataset.value) ?? (addIssue({ message: 'Ce numéro de TVA n’est pas valide.' }), NEVER)))),
  labelIds: v.optional(v.pipe(v.array(idSchema), v.maxLength(50, '50 labels au maximum.'), v.check((ids) => new Set(ids).size === ids.length, 'Un label est choisi deux fois.')), []),
});

function publicPagesOf(e: { slug: string; isProducer: boolean; isHub: boolean }): string[] {
  return [...(e.isProducer ? [publicPaths.producer('fr', e.slug)] : []), ...(e.isHub ? [publicPaths.shop('fr', e.slug)] : [])];
}

export function profilePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>();

  type Values = Record<Exclude<keyof ProfileInput, 'labelIds'>, string> & { labelIds: number[] };
  const render = async (c: Ctx, e: EnterpriseRow, typed: Values | null, errors: FieldError[] = []) => {
    const db = databaseFor(c.env);
    const [pr, status] = await Promise.all([enterpriseProfile(db, e.id), publicState(db, publicPagesOf(e))]);
    // A refused form comes back as it was typed, with the messages beside it.
    const values: Values = typed ?? { ...Object.fromEntries(Object.entries(pr).map(([k, x]) => [k, typeof x === 'string' ? x : ''])), labelIds: pr.labelIds } as Values;
    const csrf = frameOf(c, l).csrf;
    const field = (name: Exclude<keyof ProfileInput, 'labelIds'>, label: string, attrs: Record<string, string | number | boolean> = {}) => (
      <div class="field">
        <label for={name}>{label}</label>
        <input id={name} name={name} value={values[name] ?? ''} aria-invalid={errorFor(errors, name) ? 'true' : undefined} {...attrs} />
      </div>
    );
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.profile(e.slug) })} title={tr('Profil', 'Profile')}>
        <h1>{tr('Profil de', 'Profile of')} {e.name}</h1>
        {c.req.query('saved') && !errors.length ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
        <PublicStatus status={status} l={l} />
        <FormErrors errors={errors} l={l} />
        <form method="post" action={p.profile(e.slug)}>
          <Csrf token={csrf} />
          <h2>{tr('Ce que voient les clients', 'What shoppers see')}</h2>
          {field('name', tr('Nom', 'Name'), { required: true, maxlength: 120 })}
          <div class="field">
            <label for="description">{tr('Présentation', 'Description')}</label>
            <textarea id="description" name="description" rows={5} maxlength={2000}>
              {values.description}
            </textarea>
          </div>
          {field('addressLine', tr('Adresse', 'Address'), { autocomplete: 'street-address' })}
          {field('postalCode', tr('Code postal', 'Postal code'), { inputmode: 'numeric', maxlength: 5 })}
          {field('commune', tr('Commune', 'Town'))}
          {field('email', tr('E-mail de contact', 'Contact e-mail'), { type: 'email' })}
          {field('phone', tr('Téléphone', 'Phone'), { type: 'tel' })}
          {field('website', tr('Site web', 'Website'), { type: 'url' })}
          <fieldset aria-invalid={errorFor(errors, 'labelIds') ? 'true' : undefined}>
            <legend>{tr('Labels', 'Labels')}</legend>
            {pr.labels.map((x) => (
              <div class="choice">
                <input type="checkbox" id={`label_${x.id}`} name={`label_${x.id}`} checked={values.labelIds.includes(x.id)} />
                <label for={`label_${x.id}`}>{l === 'fr' ? x.nameFr : x.nameEn}</label>
              </div>
            ))}
          </fieldset>
          <h2>{tr('Identité légale (factures)', 'Legal identity (invoices)')}</h2>
          {field('legalName', tr('Raison sociale', 'Registered name'), { maxlength: 160 })}
          {field('siret', 'SIRET', { inputmode: 'numeric' })}
          {field('vatNumber', tr('N° de TVA intracommunautaire', 'EU VAT number'))}
          <button type="submit">{tr('Enregistrer', 'Save')}</button>
        </form>
      </AdminLayout>,
      errors.length ? 422 : 200,
    );
  };

  app.get(p.profile(':ent'), async (c) => render(c, await requireEnterprise(c, param(c, 'ent'), 'profile.edit'), null));

  app.post(p.profile(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'profile.edit');
    const f = await formStrings(c);
    const labelIds = Object.keys(f).flatMap((k) => (/^label_\d{1,15}$/.test(k) ? [Number(k.slice(6))] : []));
    const typed: Values = {
      name: f.name ?? '',
      description: f.description ?? '',
      addressLine: f.addressLine ?? '',
      postalCode: f.postalCode ?? '',
      commune: f.commune ?? '',
      email: f.email ?? '',
      phone: f.phone ?? '',
      website: f.website ?? '',
      legalName: f.legalName ?? '',
      siret: f.siret ?? '',
      vatNumber: f.vatNumber ?? '',
      labelIds,
    };
    try {
      const input: ProfileInput = parseOrThrow(profileSchema, typed);
      await saveProfile({ db: databaseFor(c.env), actor: c.get('actor'), enterprise: e, input, now: Date.now() });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'VALIDATION') return render(c, e, typed, err.fields);
      throw err;
    }
    return c.redirect(`${p.profile(e.slug)}?saved=1`, 303);
  });
  return app;
}

const entParam = validate('param', v.strictObject({ ent: slugSchema }));

export const profileApi = new Hono<AdminEnv>()
  .get('/enterprises/:ent/profile', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'profile.edit');
    const { labels: _all, ...profile } = await enterpriseProfile(databaseFor(c.env), e.id);
    return c.json(profile);
  })
  .put('/enterprises/:ent/profile', entParam, validate('json', profileSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'profile.edit');
    await saveProfile({ db: databaseFor(c.env), actor: c.get('actor'), enterprise: e, input: c.req.valid('json'), now: Date.now() });
    return c.body(null, 204);
  });
