// Order cycles in the back office: list with orders and sales, create, edit (times, collection,
// variants, fees), clone, and the other hubs selling in a cycle — one batch each, fast at
// thousands of variants. Pages and JSON.
import { Hono } from 'hono';
import type { FC } from 'hono/jsx';
import * as v from 'valibot';
import { cycleForEdit, feesAvailableTo, hubsOtherThan, otherHubsOfCycle, outgoingOf, variantsAvailableTo, type CycleSettings, type OutgoingExchange } from '../../../db/catalog/cycles.ts';
import { enterpriseBySlug } from '../../../db/enterprises/enterprises.ts';
import { hubCycles } from '../../../db/orders/hub-orders.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { FEE_ROLES, type FeeRole } from '../../../domain/fees.ts';
import { isEpochInRange } from '../../../domain/limits.ts';
import { formatMoney } from '../../../domain/money.ts';
import { epochToParisLocal, parisLocalToEpoch, WEEK_MS } from '../../../domain/paris-time.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { epochSchema, idParamSchema, idSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { parseOrThrow, readForm } from '../shared/forms.ts';
import { paths, translator, type Locale, type Tr } from '../shared/paths.ts';
import { publicState, PublicStatus } from '../shared/public-status.tsx';
import { AdminLayout, Csrf, errorFor, FormErrors, Notice } from '../shared/ui.tsx';
import { cloneCycle, createCycle, removeCycleHub, setCycleHub, updateCycle } from './use-cases.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';

const epoch = epochSchema;
const text = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `${max} caractères au maximum.`)), '');
const settingsSchema = v.strictObject({
  name: v.pipe(v.string('Nom attendu.'), v.trim(), v.nonEmpty('Donnez un nom au cycle.'), v.maxLength(120)),
  opensAt: epoch,
  closesAt: epoch,
  collectionStartsAt: v.optional(v.nullable(epoch), null),
  collectionEndsAt: v.optional(v.nullable(epoch), null),
  collectionPlace: text(200),
  instructions: text(2000),
  requiredTag: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(40))), null),
  variantIds: v.pipe(v.array(idSchema), v.maxLength(20_000, '20 000 variantes au maximum.')),
  fees: v.optional(v.pipe(v.array(v.strictObject({ feeId: idSchema, role: v.picklist(FEE_ROLES), producerId: v.optional(v.nullable(idSchema), null), hubId: v.optional(v.nullable(idSchema), null) })), v.maxLength(200, '200 marges au maximum.')), []),
});
const exchangeSchema = v.strictObject({
  collectionStartsAt: v.optional(v.nullable(epoch), null),
  collectionEndsAt: v.optional(v.nullable(epoch), null),
  collectionPlace: text(200),
  instructions: text(2000),
  requiredTag: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(40))), null),
  variantIds: v.pipe(v.array(idSchema), v.maxLength(20_000, '20 000 variantes au maximum.')),
});
const cloneSchema = v.strictObject({ name: v.pipe(v.string(), v.trim(), v.nonEmpty('Donnez un nom au cycle.'), v.maxLength(120)), opensAt: epoch, closesAt: epoch });

type Collection = Pick<OutgoingExchange, 'collectionStartsAt' | 'collectionEndsAt' | 'collectionPlace' | 'instructions' | 'requiredTag'>;
// A time out of range (stored before the API bounded it) leaves its field empty, to be typed again.
const dt = (ms: number | null) => (ms !== null && isEpochInRange(ms) ? epochToParisLocal(ms) : '');
/** A cycle's time as the lists show it; one out of range is shown as such, with its raw value, rather than failing the page. */
const shownTime = (ms: number, l: Locale) => (isEpochInRange(ms) ? formatDateTime(ms, l) : `${translator(l)('date hors limites', 'date out of range')} (${ms})`);

/** How a hub's shoppers collect in a cycle: the window (Paris time), for the coordinator's own shop and any other hub. */
const CollectionDates: FC<{ x: Collection; errors: FieldError[]; tr: Tr }> = ({ x, errors, tr }) => (
  <>
    <div class="field">
      <label for="collectionStartsAt">{tr('Début du retrait (heure de Paris)', 'Collection starts (Paris time)')}</label>
      <input id="collectionStartsAt" name="collectionStartsAt" type="datetime-local" value={dt(x.collectionStartsAt)} />
    </div>
    <div class="field">
      <label for="collectionEndsAt">{tr('Fin du retrait', 'Collection ends')}</label>
      <input id="collectionEndsAt" name="collectionEndsAt" type="datetime-local" value={dt(x.collectionEndsAt)} aria-invalid={errorFor(errors, 'collectionEndsAt') ? 'true' : undefined} />
    </div>
  </>
);

/** The place, the instructions and the tag a sale may be reserved to. */
const CollectionDetails: FC<{ x: Collection; tr: Tr }> = ({ x, tr }) => (
  <>
    <div class="field">
      <label for="collectionPlace">{tr('Lieu de retrait', 'Collection place')}</label>
      <input id="collectionPlace" name="collectionPlace" maxlength={200} value={x.collectionPlace} />
    </div>
    <div class="field">
      <label for="instructions">{tr('Instructions aux clients', 'Instructions to shoppers')}</label>
      <textarea id="instructions" name="instructions" rows={2} maxlength={2000}>
        {x.instructions}
      </textarea>
    </div>
    <div class="field">
      <label for="requiredTag">{tr('Boutique réservée aux clients portant l’étiquette (vide = publique)', 'Shop only for customers with the tag (empty = public)')}</label>
      <input id="requiredTag" name="requiredTag" maxlength={40} value={x.requiredTag ?? ''} />
    </div>
  </>
);

/** The variants a hub may sell, grouped by producer, checked when in the selection (one form field `variant` each). */
type Offer = { variantId: number; productName: string; variantName: string; producerName: string };
const VariantPicker: FC<{ available: readonly Offer[]; selected: Set<number> }> = ({ available, selected }) => {
  const byProducer = new Map<string, Offer[]>();
  for (const x of available) {
    const rows = byProducer.get(x.producerName);
    if (rows) rows.push(x);
    else byProducer.set(x.producerName, [x]);
  }
  return (
  <>
    {[...byProducer.entries()].map(([producer, rows]) => (
      <details open={rows.some((r) => selected.has(r.variantId)) || undefined}>
        <summary>
          {producer} ({rows.filter((r) => selected.has(r.variantId)).length} / {rows.length})
        </summary>
        {rows.map((r) => (
          <label class="choice">
            <input type="checkbox" name="variant" value={String(r.variantId)} checked={selected.has(r.variantId)} /> {r.productName} — {r.variantName}
          </label>
        ))}
      </details>
    ))}
  </>
  );
};

function roleLabel(tr: Tr, r: FeeRole) {
  return { producer: tr('producteur', 'producer'), hub: tr('boutique', 'shop'), coordinator: tr('coordinateur', 'coordinator'), platform: tr('plateforme', 'platform') }[r];
}

type Fields = Record<string, string | string[]>;
async function formFields(c: Ctx): Promise<Fields> {
  const body = await readForm(c, { all: true });
  const out: Fields = {};
  for (const [k, val] of Object.entries(body)) if (k !== '_csrf') out[k] = typeof val === 'string' ? val : Array.isArray(val) ? val.filter((x): x is string => typeof x === 'string') : '';
  return out;
}
const one = (f: Fields, k: string) => {
  const x = f[k];
  return ((Array.isArray(x) ? x[0] : x) ?? '').trim();
};
const many = (f: Fields, k: string) => {
  const x = f[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

/** Another hub's exchange form, with the fields a person typed wrong. */
function exchangeFromForm(f: Fields): { exchange: OutgoingExchange; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const date = (k: string) => {
    const t = one(f, k);
    if (!t) return null;
    const ms = parisLocalToEpoch(t);
    if (ms === null) errors.push({ field: k, message: 'Date et heure attendues (jj/mm/aaaa hh:mm).' });
    return ms;
  };
  const exchange: OutgoingExchange = {
    collectionStartsAt: date('collectionStartsAt'),
    collectionEndsAt: date('collectionEndsAt'),
    collectionPlace: one(f, 'collectionPlace').slice(0, 200),
    instructions: one(f, 'instructions').slice(0, 2000),
    requiredTag: one(f, 'requiredTag').slice(0, 40) || null,
    variantIds: many(f, 'variant').map(Number).filter((n) => Number.isInteger(n) && n > 0),
  };
  return { exchange, errors };
}

/** The cycle form as settings, with the fields a person typed wrong. */
function settingsFromForm(f: Fields, hubId: number, fees: readonly { id: number; enterpriseId: number }[]): { settings: CycleSettings; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const date = (k: string, required: boolean) => {
    const t = one(f, k);
    if (!t && !required) return null;
    const ms = parisLocalToEpoch(t);
    if (ms === null) errors.push({ field: k, message: 'Date et heure attendues (jj/mm/aaaa hh:mm).' });
    return ms;
  };
  const chosenFees = many(f, 'fee')
    .map(Number)
    .flatMap((id) => {
      const fee = fees.find((x) => x.id === id);
      if (!fee) return [];
      const role = (FEE_ROLES as readonly string[]).includes(one(f, `role_${id}`)) ? (one(f, `role_${id}`) as FeeRole) : 'hub';
      return [{ feeId: id, role, producerId: role === 'producer' ? fee.enterpriseId : null, hubId: role === 'hub' ? hubId : null }];
    });
  const settings: CycleSettings = {
    name: one(f, 'name'),
    opensAt: date('opensAt', true) ?? 0,
    closesAt: date('closesAt', true) ?? 0,
    collectionStartsAt: date('collectionStartsAt', false),
    collectionEndsAt: date('collectionEndsAt', false),
    collectionPlace: one(f, 'collectionPlace').slice(0, 200),
    instructions: one(f, 'instructions').slice(0, 2000),
    requiredTag: one(f, 'requiredTag').slice(0, 40) || null,
    variantIds: many(f, 'variant').map(Number).filter((n) => Number.isInteger(n) && n > 0),
    fees: chosenFees,
  };
  return { settings, errors };
}

export function cyclePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>();

  app.get(p.cycles(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const db = databaseFor(c.env);
    const [cycles, status] = await Promise.all([hubCycles(db, e.id), publicState(db, [publicPaths.shop('fr', e.slug), publicPaths.shop('en', e.slug)])]);
    const now = Date.now();
    const csrf = frameOf(c, l).csrf;
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.cycles(e.slug) })} title={tr('Cycles de vente', 'Order cycles')}>
        <h1>{tr('Cycles de vente', 'Order cycles')}</h1>
        <PublicStatus status={status} l={l} />
        <p class="actions">
          <a href={p.newCycle(e.slug)}>{tr('Nouveau cycle', 'New cycle')}</a>
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
            {cycles.map((x) => (
              <tr data-cycle-id={String(x.id)}>
                <td>
                  <a href={p.cycleOrders(e.slug, x.id)}>{x.name}</a>{' '}
                  <span class={`pill ${x.closesAt <= now ? 'stale' : ''}`}>{x.closesAt <= now ? tr('fermé', 'closed') : x.opensAt <= now ? tr('ouvert', 'open') : tr('à venir', 'upcoming')}</span>
                </td>
                <td>{shownTime(x.opensAt, l)}</td>
                <td>{shownTime(x.closesAt, l)}</td>
                <td class="num">{x.orderCount}</td>
                <td class="num">{formatMoney(x.salesCents, l)}</td>
                <td>
                  {x.coordinatorId === e.id ? (
                    <>
                      <a href={p.cycle(e.slug, x.id)}>{tr('Modifier', 'Edit')}</a>{' '}
                      <form method="post" action={p.cycleClone(e.slug, x.id)} class="inline">
                        <Csrf token={csrf} />
                        <button type="submit" class="link" aria-label={tr(`Dupliquer ${x.name}`, `Clone ${x.name}`)}>
                          {tr('Dupliquer (une semaine plus tard)', 'Clone (one week later)')}
                        </button>
                      </form>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </AdminLayout>,
    );
  });

  const renderForm = async (c: Ctx, e: EnterpriseRow, cycleId: number | null, s: CycleSettings, errors: FieldError[], saved = false) => {
    const db = databaseFor(c.env);
    const [available, fees, status, others, hubs] = await Promise.all([
      variantsAvailableTo(db, e.id),
      feesAvailableTo(db, e.id),
      publicState(db, [publicPaths.shop('fr', e.slug), publicPaths.shop('en', e.slug)]),
      cycleId ? otherHubsOfCycle(db, cycleId, e.id) : [],
      cycleId ? hubsOtherThan(db, e.id) : [],
    ]);
    const selected = new Set(s.variantIds);
    const feeOn = new Map(s.fees.map((f) => [f.feeId, f.role]));
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.cycles(e.slug) })} title={s.name || tr('Nouveau cycle', 'New cycle')}>
        <p class="eyebrow">
          <a href={p.cycles(e.slug)}>{tr('Cycles de vente', 'Order cycles')}</a>
        </p>
        <h1>{cycleId ? s.name : tr('Nouveau cycle', 'New cycle')}</h1>
        {saved ? <Notice kind="ok">{tr('Cycle enregistré.', 'Cycle saved.')}</Notice> : null}
        <PublicStatus status={status} l={l} />
        <FormErrors errors={errors} l={l} />
        <form method="post" action={cycleId ? p.cycle(e.slug, cycleId) : p.newCycle(e.slug)}>
          <Csrf token={frameOf(c, l).csrf} />
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
              <input id="closesAt" name="closesAt" type="datetime-local" required value={dt(s.closesAt)} aria-invalid={errorFor(errors, 'closesAt') ? 'true' : undefined} />
            </div>
            <CollectionDates x={s} errors={errors} tr={tr} />
          </div>
          <CollectionDetails x={s} tr={tr} />
          <fieldset>
            <legend>{tr('Marges et commissions', 'Fees')}</legend>
            {fees.map((f) => (
              <div class="choice">
                <input type="checkbox" id={`fee-${f.id}`} name="fee" value={String(f.id)} checked={feeOn.has(f.id)} />
                <label for={`fee-${f.id}`}>
                  {f.name} <small class="muted">({f.enterpriseName}, {f.calculator}, {f.amount})</small>
                </label>
                <select name={`role_${f.id}`} aria-label={tr(`Perçue par (${f.name})`, `Charged by (${f.name})`)}>
                  {FEE_ROLES.map((r) => (
                    <option value={r} selected={(feeOn.get(f.id) ?? (f.enterpriseId === e.id ? 'hub' : 'producer')) === r}>
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
            <VariantPicker available={available} selected={selected} />
          </fieldset>
          <button type="submit">{tr('Enregistrer le cycle', 'Save the cycle')}</button>
        </form>
        {cycleId ? <OtherHubs e={e} cycleId={cycleId} others={others} candidates={hubs.filter((h) => !others.some((o) => o.hubId === h.id))} csrf={frameOf(c, l).csrf} /> : null}
      </AdminLayout>,
      errors.length ? 422 : 200,
    );
  };

  const when = (from: number | null, to: number | null) => (from !== null && to !== null ? `${shownTime(from, l)} – ${shownTime(to, l)}` : tr('non précisé', 'not set'));

  /** The other hubs selling in the cycle, each with a way to edit or remove it, and a way to add one. */
  const OtherHubs = ({ e, cycleId, others, candidates, csrf }: { e: EnterpriseRow; cycleId: number; others: Awaited<ReturnType<typeof otherHubsOfCycle>>; candidates: { slug: string; name: string }[]; csrf: string | null }) => (
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
                  {h.name} {h.requiredTag ? <span class="pill">{tr(`réservé : ${h.requiredTag}`, `members: ${h.requiredTag}`)}</span> : null}
                </td>
                <td class="num">{h.variantCount}</td>
                <td>{when(h.collectionStartsAt, h.collectionEndsAt)}</td>
                <td>
                  {h.collectionPlace}
                  {h.instructions ? <small class="muted"> — {h.instructions}</small> : null}
                </td>
                <td>
                  <a href={p.cycleHub(e.slug, cycleId, h.slug)} aria-label={tr(`Modifier ${h.name}`, `Edit ${h.name}`)}>
                    {tr('Modifier', 'Edit')}
                  </a>{' '}
                  <form method="post" action={p.cycleHubRemove(e.slug, cycleId, h.slug)} class="inline">
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
        <form method="get" action={p.cycleHubs(e.slug, cycleId)} class="filters">
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

  /** A coordinator's form for another hub in its cycle: collection details and what it sells. */
  const renderHubForm = async (c: Ctx, e: EnterpriseRow, cycle: { id: number; name: string }, target: { id: number; slug: string; name: string }, x: OutgoingExchange, errors: FieldError[], opts: { exists: boolean; saved?: boolean; status?: 200 | 409 | 422 }) => {
    const db = databaseFor(c.env);
    const [available, status] = await Promise.all([variantsAvailableTo(db, target.id), publicState(db, [publicPaths.shop('fr', target.slug), publicPaths.shop('en', target.slug)])]);
    const selected = new Set(x.variantIds);
    const title = tr(`${target.name} dans « ${cycle.name} »`, `${target.name} in “${cycle.name}”`);
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.cycles(e.slug) })} title={title}>
        <p class="eyebrow">
          <a href={p.cycles(e.slug)}>{tr('Cycles de vente', 'Order cycles')}</a> › <a href={p.cycle(e.slug, cycle.id)}>{cycle.name}</a>
        </p>
        <h1>{title}</h1>
        {opts.saved ? <Notice kind="ok">{tr('Boutique enregistrée dans le cycle.', 'Shop saved in the cycle.')}</Notice> : null}
        {opts.exists ? <PublicStatus status={status} l={l} /> : null}
        <FormErrors errors={errors} l={l} />
        {available.length === 0 ? (
          <Notice kind="warn">{tr(`Aucun producteur n’autorise ${target.name} à mettre ses produits en vente.`, `No producer lets ${target.name} put its products on sale.`)}</Notice>
        ) : null}
        <form method="post" action={p.cycleHub(e.slug, cycle.id, target.slug)}>
          <Csrf token={frameOf(c, l).csrf} />
          <div class="filters">
            <CollectionDates x={x} errors={errors} tr={tr} />
          </div>
          <CollectionDetails x={x} tr={tr} />
          <fieldset aria-invalid={errorFor(errors, 'variantIds') ? 'true' : undefined}>
            <legend>
              {tr(`Produits proposés par ${target.name}`, `Products offered by ${target.name}`)} ({selected.size} / {available.length})
            </legend>
            <VariantPicker available={available} selected={selected} />
          </fieldset>
          <button type="submit">{opts.exists ? tr('Enregistrer', 'Save') : tr('Ajouter au cycle', 'Add to the cycle')}</button>
        </form>
      </AdminLayout>,
      opts.status ?? (errors.length ? 422 : 200),
    );
  };

  /** The cycle this shop coordinates and another hub of the platform, as the hub pages need them. */
  const cycleAndHub = async (c: Ctx, e: EnterpriseRow, id: number, slug: string) => {
    const db = databaseFor(c.env);
    const [found, target] = await Promise.all([cycleForEdit(db, id, e.id), enterpriseBySlug(db, slug)]);
    if (!found || found.cycle.coordinatorId !== e.id) throw new DomainError('NOT_FOUND', tr('Ce cycle n’est pas coordonné par votre boutique.', 'This cycle is not coordinated by your shop.'));
    if (!target || !target.isHub || target.id === e.id) throw new DomainError('NOT_FOUND', tr('Aucune autre boutique de ce nom.', 'No other shop by this name.'));
    return { cycle: found.cycle, target };
  };

  app.get(p.cycleHubs(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const hub = parseOrThrow(v.optional(slugSchema), c.req.query('hub') || undefined);
    return c.redirect(hub ? p.cycleHub(e.slug, id, hub) : p.cycle(e.slug, id), 303);
  });
  app.get(p.cycleHub(':ent', ':id', ':hub'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const { cycle, target } = await cycleAndHub(c, e, id, param(c, 'hub'));
    const o = await outgoingOf(databaseFor(c.env), id, target.id);
    const x: OutgoingExchange = o ?? { collectionStartsAt: null, collectionEndsAt: null, collectionPlace: '', instructions: '', requiredTag: null, variantIds: [] };
    return renderHubForm(c, e, cycle, target, x, [], { exists: o !== null, saved: c.req.query('saved') === '1' });
  });
  app.post(p.cycleHub(':ent', ':id', ':hub'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const { cycle, target } = await cycleAndHub(c, e, id, param(c, 'hub'));
    const { exchange, errors } = exchangeFromForm(await formFields(c));
    const db = databaseFor(c.env);
    try {
      if (errors.length) throw new DomainError('VALIDATION', 'Invalid exchange.', { fields: errors });
      await setCycleHub({ db, actor: c.get('actor'), hub: e, cycleId: id, hubSlug: target.slug, exchange, now: Date.now() });
      return c.redirect(`${p.cycleHub(e.slug, id, target.slug)}?saved=1`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'VALIDATION') return renderHubForm(c, e, cycle, target, exchange, err.fields, { exists: (await outgoingOf(db, id, target.id)) !== null });
      throw err;
    }
  });
  app.post(p.cycleHubRemove(':ent', ':id', ':hub'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const { target } = await cycleAndHub(c, e, id, param(c, 'hub'));
    await removeCycleHub({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, cycleId: id, hubSlug: target.slug, now: Date.now() });
    return c.redirect(`${p.cycle(e.slug, id)}?saved=1`, 303);
  });

  app.get(p.newCycle(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    return renderForm(c, e, null, { name: '', opensAt: start, closesAt: start + WEEK_MS, collectionStartsAt: null, collectionEndsAt: null, collectionPlace: '', instructions: '', requiredTag: null, variantIds: [], fees: [] }, []);
  });
  app.post(p.newCycle(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const db = databaseFor(c.env);
    const { settings, errors } = settingsFromForm(await formFields(c), e.id, await feesAvailableTo(db, e.id));
    try {
      if (errors.length) throw new DomainError('VALIDATION', 'Invalid cycle.', { fields: errors });
      const id = await createCycle({ db, actor: c.get('actor'), hub: e, settings, now: Date.now() });
      return c.redirect(`${p.cycle(e.slug, id)}?saved=1`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'VALIDATION') return renderForm(c, e, null, settings, err.fields);
      throw err;
    }
  });
  app.get(p.cycle(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const found = await cycleForEdit(databaseFor(c.env), id, e.id);
    if (!found || found.cycle.coordinatorId !== e.id) throw new DomainError('NOT_FOUND', tr('Ce cycle n’est pas coordonné par votre boutique.', 'This cycle is not coordinated by your shop.'));
    const o = found.outgoing;
    return renderForm(
      c,
      e,
      id,
      {
        name: found.cycle.name,
        opensAt: found.cycle.opensAt,
        closesAt: found.cycle.closesAt,
        collectionStartsAt: o?.collectionStartsAt ?? null,
        collectionEndsAt: o?.collectionEndsAt ?? null,
        collectionPlace: o?.collectionPlace ?? '',
        instructions: o?.instructions ?? '',
        requiredTag: o?.requiredTag ?? null,
        variantIds: found.variantIds,
        fees: found.fees,
      },
      [],
      c.req.query('saved') === '1',
    );
  });
  app.post(p.cycle(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const db = databaseFor(c.env);
    const { settings, errors } = settingsFromForm(await formFields(c), e.id, await feesAvailableTo(db, e.id));
    try {
      if (errors.length) throw new DomainError('VALIDATION', 'Invalid cycle.', { fields: errors });
      await updateCycle({ db, actor: c.get('actor'), hub: e, cycleId: id, settings, now: Date.now() });
      return c.redirect(`${p.cycle(e.slug, id)}?saved=1`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'VALIDATION') return renderForm(c, e, id, settings, err.fields);
      throw err;
    }
  });
  app.post(p.cycleClone(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    const db = databaseFor(c.env);
    const found = await cycleForEdit(db, id, e.id);
    if (!found || found.cycle.coordinatorId !== e.id) throw new DomainError('NOT_FOUND', tr('Ce cycle n’est pas coordonné par votre boutique.', 'This cycle is not coordinated by your shop.'));
    // One week later is what a weekly shop wants; the copy opens in the form to adjust.
    const opensAt = found.cycle.opensAt + WEEK_MS;
    const closesAt = found.cycle.closesAt + WEEK_MS;
    const name = `${found.cycle.name} (${tr('copie', 'copy')})`;
    const newId = await cloneCycle({ db, actor: c.get('actor'), hub: e, cycleId: id, name, opensAt, closesAt, now: Date.now() });
    return c.redirect(`${p.cycle(e.slug, newId)}?saved=1`, 303);
  });
  return app;
}

const entParam = validate('param', v.object({ ent: slugSchema }));
const cycleParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema }));
const cycleHubParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema, hub: slugSchema }));

/** The coordinator's cycle, or NOT_FOUND to anyone else (even a hub selling in it). */
async function coordinatedCycle(c: Ctx, e: EnterpriseRow, id: number) {
  const found = await cycleForEdit(databaseFor(c.env), id, e.id);
  if (!found || found.cycle.coordinatorId !== e.id) throw new DomainError('NOT_FOUND', 'No such cycle coordinated by this shop.');
  return found;
}

export const cycleApi = new Hono<AdminEnv>()
  .get('/hubs/:ent/cycles', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json({ cycles: await hubCycles(databaseFor(c.env), e.id) });
  })
  .post('/hubs/:ent/cycles', entParam, validate('json', settingsSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const id = await createCycle({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, settings: c.req.valid('json'), now: Date.now() });
    return c.json({ id }, 201, { location: `/api/manage/hubs/${e.slug}/cycles/${id}` });
  })
  .get('/hubs/:ent/cycles/:id', cycleParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const found = await cycleForEdit(databaseFor(c.env), c.req.valid('param').id, e.id);
    if (!found || (found.cycle.coordinatorId !== e.id && !found.outgoing)) throw new DomainError('NOT_FOUND', 'No such cycle for this shop.');
    // A hub selling in another's cycle sees the fees that apply to its shop, not the other hubs' terms.
    if (found.cycle.coordinatorId !== e.id) return c.json({ ...found, fees: found.fees.filter((f) => f.hubId === null || f.hubId === e.id) });
    return c.json(found);
  })
  .put('/hubs/:ent/cycles/:id', cycleParam, validate('json', settingsSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await updateCycle({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, cycleId: c.req.valid('param').id, settings: c.req.valid('json'), now: Date.now() });
    return c.json(await cycleForEdit(databaseFor(c.env), c.req.valid('param').id, e.id));
  })
  .get('/hubs/:ent/cycles/:id/hubs', cycleParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { id } = c.req.valid('param');
    await coordinatedCycle(c, e, id);
    const db = databaseFor(c.env);
    const [hubs, all] = await Promise.all([otherHubsOfCycle(db, id, e.id), hubsOtherThan(db, e.id)]);
    return c.json({ hubs, canAdd: all.filter((h) => !hubs.some((x) => x.hubId === h.id)) });
  })
  .get('/hubs/:ent/cycles/:id/hubs/:hub', cycleHubParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { id, hub } = c.req.valid('param');
    await coordinatedCycle(c, e, id);
    const db = databaseFor(c.env);
    const target = await enterpriseBySlug(db, hub);
    const o = target && target.id !== e.id ? await outgoingOf(db, id, target.id) : null;
    if (!target || !o) throw new DomainError('NOT_FOUND', 'This shop does not sell in this cycle.');
    const { id: _outgoingId, cycleId: _cycleId, ...exchange } = o;
    return c.json({ hub: { id: target.id, slug: target.slug, name: target.name }, ...exchange });
  })
  .put('/hubs/:ent/cycles/:id/hubs/:hub', cycleHubParam, validate('json', exchangeSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { id, hub } = c.req.valid('param');
    const db = databaseFor(c.env);
    const { created, hubId } = await setCycleHub({ db, actor: c.get('actor'), hub: e, cycleId: id, hubSlug: hub, exchange: c.req.valid('json'), now: Date.now() });
    const o = (await outgoingOf(db, id, hubId))!;
    const { id: _outgoingId, cycleId: _cycleId, ...exchange } = o;
    return c.json(exchange, created ? 201 : 200, created ? { location: `/api/manage/hubs/${e.slug}/cycles/${id}/hubs/${hub}` } : {});
  })
  .delete('/hubs/:ent/cycles/:id/hubs/:hub', cycleHubParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { id, hub } = c.req.valid('param');
    await removeCycleHub({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, cycleId: id, hubSlug: hub, now: Date.now() });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/cycles/:id/clone', cycleParam, validate('json', cloneSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { name, opensAt, closesAt } = c.req.valid('json');
    const id = await cloneCycle({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, cycleId: c.req.valid('param').id, name, opensAt, closesAt, now: Date.now() });
    return c.json({ id }, 201, { location: `/api/manage/hubs/${e.slug}/cycles/${id}` });
  });
