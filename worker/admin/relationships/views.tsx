// The rights a producer gives a hub, as three checkboxes that show their current state (so saving a
// row never withdraws a right nobody unticked), and the producer's own « Boutiques » page, where a
// refused form is shown again as ticked with its message beside the hub.
import type { FC } from 'hono/jsx';
import type { producerHubs } from '../../../db/enterprises/platform.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Csrf, Notice } from '../shared/ui.tsx';

/** The form refused by the last post: the hub it named (a row's, or the add form's choice), the boxes as ticked, why. */
export interface RefusedGrant {
  hub: string;
  grants: Grants;
  message: string;
}

export interface Grants {
  canAddToCycles: boolean | number;
  canOverridePrice: boolean | number;
  canOverrideStock: boolean | number;
}

export const GrantBoxes: FC<{ l: Locale; grants?: Grants | undefined }> = ({ l, grants }) => {
  const tr = translator(l);
  const box = (name: keyof Grants, label: string, fallback: boolean) => (
    <label class="choice">
      <input type="checkbox" name={name} checked={grants ? Boolean(grants[name]) : fallback} /> {label}
    </label>
  );
  return (
    <>
      {box('canAddToCycles', tr('ajouter aux cycles', 'add to cycles'), true)}
      {box('canOverridePrice', tr('prix propre', 'own price'), false)}
      {box('canOverrideStock', tr('stock propre', 'own stock'), false)}
    </>
  );
};

export const ProducerHubsPage: FC<{
  l: Locale;
  csrf: string | null;
  enterprise: EnterpriseRow;
  data: Awaited<ReturnType<typeof producerHubs>>;
  saved: boolean;
  refused?: RefusedGrant | undefined;
}> = ({ l, csrf, enterprise: e, data, saved, refused }) => {
  const p = paths(l);
  const tr = translator(l);
  // A row's form names its hub; any other refused hub came from the add form's list.
  const rowRefused = (slug: string) => (refused?.hub === slug ? refused : undefined);
  const addRefused = refused && !data.related.some((r) => r.slug === refused.hub) ? refused : undefined;
  const message = (id: string, text: string) => (
    <p id={id} class="error-text">
      {text}
    </p>
  );
  return (
    <>
      <h1>{tr('Boutiques qui vendent vos produits', 'Hubs selling your products')}</h1>
      {saved && !refused ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
      {refused ? <Notice kind="bad">{tr('Rien n’a été enregistré.', 'Nothing was saved.')}</Notice> : null}
      <p class="muted">
        {tr(
          'Retirer « ajouter aux cycles » empêche la boutique de vous ajouter à ses prochaines ventes ; les commandes passées restent.',
          'Unticking « add to cycles » keeps the hub from adding you to its next sales; past orders stay.',
        )}
      </p>
      {data.related.length === 0 ? <p>{tr('Aucune boutique pour l’instant.', 'No hub yet.')}</p> : null}
      <ul class="relationships">
        {data.related.map((r) => (
          <li>
            <form
              method="post"
              action={p.producerHubs(e.slug)}
              class="filters"
              aria-describedby={rowRefused(r.slug) ? `hub-${r.slug}-error` : undefined}
            >
              <Csrf token={csrf} />
              <input type="hidden" name="hub" value={r.slug} />
              <strong>{r.name}</strong> <GrantBoxes l={l} grants={rowRefused(r.slug)?.grants ?? r} />
              <button type="submit" name="action" value="set">
                {tr('Enregistrer', 'Save')}
              </button>
              <button type="submit" name="action" value="remove" class="secondary">
                {tr('Ne plus travailler avec cette boutique', 'Stop working with this hub')}
              </button>
              {rowRefused(r.slug) ? message(`hub-${r.slug}-error`, refused?.message ?? '') : null}
            </form>
          </li>
        ))}
      </ul>
      {data.others.length || addRefused ? (
        <>
          <h2>{tr('Ajouter une boutique', 'Add a hub')}</h2>
          <form method="post" action={p.producerHubs(e.slug)} class="filters">
            <Csrf token={csrf} />
            <label for="add-hub">{tr('Boutique', 'Hub')}</label>
            <select
              id="add-hub"
              name="hub"
              aria-invalid={addRefused ? 'true' : undefined}
              aria-describedby={addRefused ? 'add-hub-error' : undefined}
            >
              {data.others.map((h) => (
                <option value={h.slug} selected={addRefused ? h.slug === addRefused.hub : undefined}>
                  {h.name}
                </option>
              ))}
            </select>
            <GrantBoxes l={l} grants={addRefused?.grants} />
            <button type="submit" name="action" value="set">
              {tr('Ajouter', 'Add')}
            </button>
            {addRefused ? message('add-hub-error', addRefused.message) : null}
          </form>
        </>
      ) : null}
    </>
  );
};
