// Other hubs in a coordinator's cycle: the table of those selling in it (edit, remove, add one) and
// the form for one of them (how its shoppers collect, what it sells).
import type { FC } from 'hono/jsx';
import type { OutgoingExchange } from '../../../db/catalog/cycles.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { PublicStatus } from '../shared/public-status.tsx';
import { Csrf, errorFor, FormErrors, Notice } from '../shared/ui.tsx';
import type { MethodChoice } from '../../../db/catalog/cycle-methods.ts';
import { CollectionDates, CollectionDetails, MethodPicker, shownTime, VariantPicker } from './parts.tsx';
import type { CycleFormData, hubFormPage } from './use-cases.ts';

/** The other hubs selling in the cycle, each with a way to edit or remove it, and a way to add one. */
export const OtherHubs: FC<
  { l: Locale; slug: string; cycleId: number; csrf: string | null } & Pick<CycleFormData, 'others' | 'candidates'>
> = ({ l, slug, cycleId, others, candidates, csrf }) => {
  const p = paths(l);
  const tr = translator(l);
  const when = (from: number | null, to: number | null) =>
    from !== null && to !== null ? `${shownTime(from, l)} – ${shownTime(to, l)}` : tr('non précisé', 'not set');
  return (
    <section aria-labelledby="other-hubs">
      <h2 id="other-hubs">{tr('Autres boutiques du cycle', 'Other shops in the cycle')}</h2>
      {others.length ? (
        <table class="grid" data-testid="cycle-hubs">
          <thead>
            <tr>
              <th>{tr('Boutique', 'Shop')}</th>
              <th class="num">{tr('Variantes', 'Variants')}</th>
              <th>{tr('Retrait', 'Collection')}</th>
              <th>{tr('Lieu et instructions', 'Place and instructions')}</th>
              <th>
                <span class="sr-only">{tr('Actions', 'Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {others.map((h) => (
              <tr data-hub={h.slug}>
                <td>
                  {h.name}{' '}
                  {h.requiredTag ? <span class="pill">{tr(`réservé : ${h.requiredTag}`, `members: ${h.requiredTag}`)}</span> : null}
                </td>
                <td class="num">{h.variantCount}</td>
                <td>{when(h.collectionStartsAt, h.collectionEndsAt)}</td>
                <td>
                  {h.collectionPlace}
                  {h.instructions ? <small class="muted"> — {h.instructions}</small> : null}
                </td>
                <td>
                  <a href={p.cycleHub(slug, cycleId, h.slug)} aria-label={tr(`Modifier ${h.name}`, `Edit ${h.name}`)}>
                    {tr('Modifier', 'Edit')}
                  </a>{' '}
                  <form method="post" action={p.cycleHubRemove(slug, cycleId, h.slug)} class="inline">
                    <Csrf token={csrf} />
                    <button type="submit" class="link" aria-label={tr(`Retirer ${h.name} du cycle`, `Remove ${h.name} from the cycle`)}>
                      {tr('Retirer', 'Remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{tr('Seule votre boutique vend dans ce cycle.', 'Only your shop sells in this cycle.')}</p>
      )}
      {candidates.length ? (
        <form method="get" action={p.cycleHubs(slug, cycleId)} class="filters">
          <div class="field">
            <label for="add-hub">{tr('Ajouter une boutique', 'Add a shop')}</label>
            <select id="add-hub" name="hub" required>
              {candidates.map((h) => (
                <option value={h.slug}>{h.name}</option>
              ))}
            </select>
          </div>
          <button type="submit">{tr('Choisir ses produits', 'Choose its products')}</button>
        </form>
      ) : null}
    </section>
  );
};

/** The page's title: « Hub dans « Cycle » ». */
export const hubFormTitle = (l: Locale, target: { name: string }, cycle: { name: string }) =>
  translator(l)(`${target.name} dans « ${cycle.name} »`, `${target.name} in “${cycle.name}”`);

type HubPageProps = Awaited<ReturnType<typeof hubFormPage>> & {
  l: Locale;
  slug: string;
  csrf: string | null;
  cycle: { id: number; name: string };
  target: { slug: string; name: string };
  x: OutgoingExchange;
  errors: FieldError[];
  exists: boolean;
  saved: boolean;
  choice: MethodChoice | null;
};

/** A coordinator's form for another hub in its cycle: collection details and what it sells. */
export const HubPage: FC<HubPageProps> = ({
  l,
  slug,
  csrf,
  cycle,
  target,
  x,
  errors,
  exists,
  saved,
  available,
  status,
  methods,
  choice,
}) => {
  const p = paths(l);
  const tr = translator(l);
  const selected = new Set(x.variantIds);
  return (
    <>
      <p class="eyebrow">
        <a href={p.cycles(slug)}>{tr('Cycles de vente', 'Order cycles')}</a> › <a href={p.cycle(slug, cycle.id)}>{cycle.name}</a>
      </p>
      <h1>{hubFormTitle(l, target, cycle)}</h1>
      {saved ? <Notice kind="ok">{tr('Boutique enregistrée dans le cycle.', 'Shop saved in the cycle.')}</Notice> : null}
      {exists ? <PublicStatus status={status} l={l} /> : null}
      <FormErrors errors={errors} l={l} />
      {available.length === 0 ? (
        <Notice kind="warn">
          {tr(
            `Aucun producteur n’autorise ${target.name} à mettre ses produits en vente.`,
            `No producer lets ${target.name} put its products on sale.`,
          )}
        </Notice>
      ) : null}
      <form method="post" action={p.cycleHub(slug, cycle.id, target.slug)}>
        <Csrf token={csrf} />
        <div class="filters">
          <CollectionDates x={x} errors={errors} tr={tr} />
        </div>
        <CollectionDetails x={x} tr={tr} />
        <MethodPicker methods={methods} choice={choice} errors={errors} tr={tr} />
        <fieldset aria-invalid={errorFor(errors, 'variantIds') ? 'true' : undefined}>
          <legend>
            {tr(`Produits proposés par ${target.name}`, `Products offered by ${target.name}`)} ({selected.size} / {available.length})
          </legend>
          <VariantPicker available={available} selected={selected} tr={tr} />
        </fieldset>
        <button type="submit">{exists ? tr('Enregistrer', 'Save') : tr('Ajouter au cycle', 'Add to the cycle')}</button>
      </form>
    </>
  );
};
