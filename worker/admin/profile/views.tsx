// The profile page: what shoppers see of the enterprise and the legal identity its invoices print,
// one form, shown again as typed with the messages beside the fields when it is refused.
import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../domain/errors.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { PublicStatus, type PublicState } from '../shared/public-status.tsx';
import { Csrf, errorFor, FormErrors, LabelledInput, Notice } from '../shared/ui.tsx';
import type { ProfileValues, TextField } from './form.ts';
import { PhotoSection } from '../shared/photo-section.tsx';

interface Props {
  l: Locale;
  csrf: string | null;
  enterprise: { slug: string; name: string };
  values: ProfileValues;
  labels: readonly { id: number; nameFr: string; nameEn: string }[];
  /** The photo or logo shown on the public pages (enterprises.logo_key). */
  photoKey?: string | null;
  status: PublicState;
  errors: readonly FieldError[];
  saved: boolean;
}

export const ProfilePage: FC<Props> = ({ l, csrf, enterprise: e, values, labels, photoKey, status, errors, saved }) => {
  const p = paths(l);
  const tr = translator(l);
  const field = (name: TextField, label: string, attrs: Record<string, string | number | boolean> = {}) => (
    <LabelledInput
      id={name}
      label={label}
      name={name}
      value={values[name] ?? ''}
      aria-invalid={errorFor(errors, name) ? 'true' : undefined}
      {...attrs}
    />
  );
  return (
    <>
      <h1>
        {tr('Profil de', 'Profile of')} {e.name}
      </h1>
      {saved && !errors.length ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
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
          {labels.map((x) => (
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
      <Photo l={l} csrf={csrf} slug={e.slug} name={e.name} photoKey={photoKey ?? null} />
    </>
  );
};

/** Where the profile's photo form posts: below the profile's own path. */
export const photoPath = (profilePath: string) => `${profilePath}/photo`;

/** The photo or logo: what the public pages show, and a form to send another (its own, multipart). */
const Photo: FC<{ l: Locale; csrf: string | null; slug: string; name: string; photoKey: string | null }> = ({
  l,
  csrf,
  slug,
  name,
  photoKey,
}) => {
  const tr = translator(l);
  return (
    <PhotoSection
      l={l}
      csrf={csrf}
      heading={tr('Photo ou logo', 'Photo or logo')}
      photoKey={photoKey}
      alt={name}
      testId="enterprise-photo"
      action={photoPath(paths(l).profile(slug))}
      fileLabel={tr(
        'Nouvelle photo ou logo (JPEG, PNG ou WebP, 10 Mo au plus ; réduite à 800 px de large)',
        'New photo or logo (JPEG, PNG or WebP, 10 MB at most; reduced to 800 px wide)',
      )}
    />
  );
};
