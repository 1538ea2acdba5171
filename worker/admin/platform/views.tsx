// The platform page: every enterprise with its roles and managers, the producer → shop relationships,
// and the forms that create an enterprise and set or remove a relationship.
import type { FC } from 'hono/jsx';
import type { platformData } from '../../../db/enterprises/platform.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { Csrf, FormErrors, LabelledInput, Notice } from '../shared/ui.tsx';
import { GrantBoxes } from '../relationships/views.tsx';

/** The new-enterprise form as it was typed, and why it was refused. */
export interface RefusedEnterprise {
  values: Record<string, string>;
  errors: FieldError[];
}

export const PlatformPage: FC<{
  l: Locale;
  csrf: string | null;
  data: Awaited<ReturnType<typeof platformData>>;
  saved: boolean;
  refused?: RefusedEnterprise | undefined;
}> = ({ l, csrf, data, saved, refused }) => {
  const typed = refused?.values ?? {};
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Structures et relations', 'Enterprises and relationships')}</h1>
      <p>
        <a href={p.platformTaxonomy}>{tr('Catégories et labels', 'Categories and labels')}</a>
      </p>
      {saved ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
      <table class="grid">
        <thead>
          <tr>
            <th>{tr('Structure', 'Enterprise')}</th>
            <th>{tr('Rôles', 'Roles')}</th>
            <th>{tr('Gestionnaires', 'Managers')}</th>
            <th>{tr('Site public', 'Public site')}</th>
          </tr>
        </thead>
        <tbody>
          {data.enterprises.map((e) => (
            <tr>
              <td>
                {e.name} <small class="muted">{e.slug}</small>
              </td>
              <td>
                {[e.isProducer ? tr('producteur', 'producer') : '', e.isHub ? tr('boutique', 'shop') : ''].filter(Boolean).join(', ')}
              </td>
              <td>
                {e.managers.join(', ')}
                {e.invited.length ? (
                  <small class="muted">
                    {' '}
                    {tr('invité·es :', 'invited:')} {e.invited.join(', ')}
                  </small>
                ) : null}
              </td>
              <td>{e.publishedAt === null ? tr('masquée', 'hidden') : tr('publiée', 'published')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="new-enterprise">{tr('Nouvelle structure', 'New enterprise')}</h2>
      {refused ? <FormErrors errors={refused.errors} l={l} /> : null}
      {/* Refused, the page comes back at the form and its messages, not at the top of a long list. */}
      <form method="post" action={`${p.platform}/structures#new-enterprise`} class="filters" aria-labelledby="new-enterprise">
        <Csrf token={csrf} />
        <LabelledInput id="ename" label={tr('Nom', 'Name')} name="name" required value={typed.name ?? ''} />
        <LabelledInput
          id="eslug"
          label={tr('Identifiant (dans les adresses ; vide : tiré du nom)', 'Identifier (in URLs; empty: made from the name)')}
          name="slug"
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          value={typed.slug ?? ''}
        />
        <label class="choice">
          <input type="checkbox" name="isProducer" checked={typed.isProducer === 'on'} /> {tr('producteur', 'producer')}
        </label>
        <label class="choice">
          <input type="checkbox" name="isHub" checked={typed.isHub === 'on'} /> {tr('boutique', 'shop')}
        </label>
        <LabelledInput
          id="emanager"
          label={tr('E-mail du premier gestionnaire (invité par e-mail)', 'First manager’s e-mail (invited by e-mail)')}
          name="managerEmail"
          type="email"
          required
          value={typed.managerEmail ?? ''}
        />
        <button type="submit">{tr('Créer', 'Create')}</button>
      </form>
      <h2>{tr('Relations producteur → boutique', 'Producer → shop relationships')}</h2>
      <ul class="relationships">
        {data.relationships.map((r) => (
          <li>
            <form method="post" action={`${p.platform}/relations`} class="filters">
              <Csrf token={csrf} />
              <input type="hidden" name="producer" value={r.producer} />
              <input type="hidden" name="hub" value={r.hub} />
              <strong>
                {r.producer} → {r.hub}
              </strong>{' '}
              <GrantBoxes l={l} grants={r} />
              <button type="submit" name="action" value="set">
                {tr('Enregistrer', 'Save')}
              </button>
              <button type="submit" name="action" value="remove" class="secondary">
                {tr('Retirer', 'Remove')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h3>{tr('Nouvelle relation', 'New relationship')}</h3>
      <form method="post" action={`${p.platform}/relations`} class="filters">
        <Csrf token={csrf} />
        <LabelledInput id="rproducer" label={tr('Producteur', 'Producer')} name="producer" required />
        <LabelledInput id="rhub" label={tr('Boutique', 'Shop')} name="hub" required />
        <GrantBoxes l={l} />
        <button type="submit" name="action" value="set">
          {tr('Autoriser', 'Allow')}
        </button>
      </form>
    </>
  );
};
