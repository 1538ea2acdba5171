// The rights a producer gives a hub, as three checkboxes that show their current state (so saving a
// row never withdraws a right nobody unticked), and the producer's own « Boutiques » page.
import type { FC } from 'hono/jsx';
import type { producerHubs } from '../../../db/enterprises/platform.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Csrf, Notice } from '../shared/ui.tsx';

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
}> = ({ l, csrf, enterprise: e, data, saved }) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Boutiques qui vendent vos produits', 'Hubs selling your products')}</h1>
      {saved ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
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
            <form method="post" action={p.producerHubs(e.slug)} class="filters">
              <Csrf token={csrf} />
              <input type="hidden" name="hub" value={r.slug} />
              <strong>{r.name}</strong> <GrantBoxes l={l} grants={r} />
              <button type="submit" name="action" value="set">
                {tr('Enregistrer', 'Save')}
              </button>
              <button type="submit" name="action" value="remove" class="secondary">
                {tr('Ne plus travailler avec cette boutique', 'Stop working with this hub')}
              </button>
            </form>
          </li>
        ))}
      </ul>
      {data.others.length ? (
        <>
          <h2>{tr('Ajouter une boutique', 'Add a hub')}</h2>
          <form method="post" action={p.producerHubs(e.slug)} class="filters">
            <Csrf token={csrf} />
            <label for="add-hub">{tr('Boutique', 'Hub')}</label>
            <select id="add-hub" name="hub">
              {data.others.map((h) => (
                <option value={h.slug}>{h.name}</option>
              ))}
            </select>
            <GrantBoxes l={l} />
            <button type="submit" name="action" value="set">
              {tr('Ajouter', 'Add')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
};
