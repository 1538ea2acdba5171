// The hub's cycle pages: the list (orders, sales, open / upcoming / closed) and the coordinator's
// cycle form (times, collection, fees, variants, then the other hubs selling in it).
import type { FC } from 'hono/jsx';
import type { CycleSettings } from '../../../db/catalog/cycles.ts';
import { cyclePhase, type CyclePhase } from '../../../domain/cycles.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { FEE_ROLES, type FeeCalculator, type FeeRole } from '../../../domain/fees.ts';
import { feeAmountLabel } from '../shared/labels.ts';
import { formatMoney } from '../../../domain/money.ts';
import { paths, translator, type Locale, type Tr } from '../shared/paths.ts';
import { PublicStatus } from '../shared/public-status.tsx';
import { Csrf, errorFor, FormErrors, Notice } from '../shared/ui.tsx';
import { OtherHubs } from './hub-views.tsx';
import type { MethodChoice } from '../../../db/catalog/cycle-methods.ts';
import { CollectionDates, CollectionDetails, dt, MethodPicker, shownTime, VariantPicker } from './parts.tsx';
import type { CycleFormData, cyclesPage } from './use-cases.ts';

interface Page {
  l: Locale;
  /** The hub's slug. */
  slug: string;
  hubId: number;
  csrf: string | null;
}

const phaseLabel = (tr: Tr, phase: CyclePhase) =>
  ({ open: tr('ouvert', 'open'), upcoming: tr('à venir', 'upcoming'), closed: tr('fermé', 'closed') })[phase];

export const CyclesPage: FC<Page & Awaited<ReturnType<typeof cyclesPage>> & { now: number }> = ({
  l,
  slug,
  hubId,
  csrf,
  cycles,
  status,
  now,
}) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Cycles de vente', 'Order cycles')}</h1>
      <PublicStatus status={status} l={l} />
      <p class="actions">
        <a href={p.newCycle(slug)}>{tr('Nouveau cycle', 'New cycle')}</a>
      </p>
      <table class="grid" data-testid="cycles">
        <thead>
          <tr>
            <th>{tr('Cycle', 'Cycle')}</th>
            <th>{tr('Ouverture', 'Opens')}</th>
            <th>{tr('Fermeture', 'Closes')}</th>
            <th class="num">{tr('Commandes', 'Orders')}</th>
            <th class="num">{tr('Ventes TTC', 'Sales')}</th>
            <th>
              <span class="sr-only">{tr('Actions', 'Actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cycles.map((x) => {
            const phase = cyclePhase(x, now);
            return (
              <tr data-cycle-id={String(x.id)}>
                <td>
                  <a href={p.cycleOrders(slug, x.id)}>{x.name}</a>{' '}
                  <span class={`pill ${phase === 'closed' ? 'stale' : ''}`}>{phaseLabel(tr, phase)}</span>
                </td>
                <td>{shownTime(x.opensAt, l)}</td>
                <td>{shownTime(x.closesAt, l)}</td>
                <td class="num">{x.orderCount}</td>
                <td class="num">{formatMoney(x.salesCents, l)}</td>
                <td>
                  {x.coordinatorId === hubId ? (
                    <>
                      <a href={p.cycle(slug, x.id)}>{tr('Modifier', 'Edit')}</a>{' '}
                      <form method="post" action={p.cycleClone(slug, x.id)} class="inline">
                        <Csrf token={csrf} />
                        <button type="submit" class="link" aria-label={tr(`Dupliquer ${x.name}`, `Clone ${x.name}`)}>
                          {tr('Dupliquer (une semaine plus tard)', 'Clone (one week later)')}
                        </button>
                      </form>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
};

function roleLabel(tr: Tr, r: FeeRole) {
  return {
    producer: tr('producteur', 'producer'),
    hub: tr('boutique', 'shop'),
    coordinator: tr('coordinateur', 'coordinator'),
    platform: tr('plateforme', 'platform'),
  }[r];
}

/** The coordinator's cycle form, new (cycleId null) or stored; a stored one lists the other hubs selling in it. */
export const CyclePage: FC<
  Page & {
    cycleId: number | null;
    s: CycleSettings;
    errors: FieldError[];
    saved: boolean;
    data: CycleFormData;
    choice: MethodChoice | null;
  }
> = ({ l, slug, hubId, csrf, cycleId, s, errors, saved, data, choice }) => {
  const p = paths(l);
  const tr = translator(l);
  const { available, fees, status, others, candidates } = data;
  const selected = new Set(s.variantIds);
  const feeOn = new Map(s.fees.map((f) => [f.feeId, f.role]));
  return (
    <>
      <p class="eyebrow">
        <a href={p.cycles(slug)}>{tr('Cycles de vente', 'Order cycles')}</a>
      </p>
      <h1>{cycleId ? s.name : tr('Nouveau cycle', 'New cycle')}</h1>
      {saved ? <Notice kind="ok">{tr('Cycle enregistré.', 'Cycle saved.')}</Notice> : null}
      <PublicStatus status={status} l={l} />
      <FormErrors errors={errors} l={l} />
      <form method="post" action={cycleId ? p.cycle(slug, cycleId) : p.newCycle(slug)}>
        <Csrf token={csrf} />
        <div class="field">
          <label for="name">{tr('Nom', 'Name')}</label>
          <input id="name" name="name" required maxlength={120} value={s.name} />
        </div>
        <div class="filters">
          <div class="field">
            <label for="opensAt">{tr('Ouverture (heure de Paris)', 'Opens (Paris time)')}</label>
            <input id="opensAt" name="opensAt" type="datetime-local" required value={dt(s.opensAt)} />
          </div>
          <div class="field">
            <label for="closesAt">{tr('Fermeture', 'Closes')}</label>
            <input
              id="closesAt"
              name="closesAt"
              type="datetime-local"
              required
              value={dt(s.closesAt)}
              aria-invalid={errorFor(errors, 'closesAt') ? 'true' : undefined}
            />
          </div>
          <CollectionDates x={s} errors={errors} tr={tr} />
        </div>
        <CollectionDetails x={s} tr={tr} />
        <MethodPicker methods={data.methods} choice={choice} errors={errors} tr={tr} />
        <fieldset>
          <legend>{tr('Marges et commissions', 'Fees')}</legend>
          {fees.map((f) => (
            <div class="choice">
              <input type="checkbox" id={`fee-${f.id}`} name="fee" value={String(f.id)} checked={feeOn.has(f.id)} />
              <label for={`fee-${f.id}`}>
                {f.name}{' '}
                <small class="muted">
                  ({f.enterpriseName}, {feeAmountLabel(tr, l, { calculator: f.calculator as FeeCalculator, amount: f.amount })})
                </small>
              </label>
              <select name={`role_${f.id}`} aria-label={tr(`Perçue par (${f.name})`, `Charged by (${f.name})`)}>
                {FEE_ROLES.map((r) => (
                  <option value={r} selected={(feeOn.get(f.id) ?? (f.enterpriseId === hubId ? 'hub' : 'producer')) === r}>
                    {roleLabel(tr, r)}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>
            {tr('Produits proposés', 'Products offered')} ({selected.size} / {available.length})
          </legend>
          <VariantPicker available={available} selected={selected} tr={tr} />
        </fieldset>
        <button type="submit">{tr('Enregistrer le cycle', 'Save the cycle')}</button>
      </form>
      {cycleId ? <OtherHubs l={l} slug={slug} cycleId={cycleId} others={others} candidates={candidates} csrf={csrf} /> : null}
    </>
  );
};
