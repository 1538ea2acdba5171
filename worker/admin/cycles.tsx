// Order cycles in the back office: list with orders and sales, create, edit (times, collection,
// variants, fees), clone — one batch each, fast at thousands of variants. Pages and JSON.
import { Hono } from 'hono';
import * as v from 'valibot';
import { cycleForEdit, feesAvailableTo, variantsAvailableTo, type CycleSettings } from '../../db/admin-cycles.ts';
import { hubCycles } from '../../db/admin-orders.ts';
import { paths as publicPaths } from '../../domain/catalog-paths.ts';
import { formatDateTime } from '../../domain/dates.ts';
import { DomainError, type FieldError } from '../../domain/errors.ts';
import { FEE_ROLES, type FeeRole } from '../../domain/fees.ts';
import { formatMoney } from '../../domain/money.ts';
import { epochToParisLocal, parisLocalToEpoch, WEEK_MS } from '../../domain/paris-time.ts';
import { databaseFor } from '../db.ts';
import { requireEnterprise } from '../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../auth/identify.ts';
import { frameOf } from '../auth/routes.tsx';
import { idParamSchema, idSchema, slugSchema } from '../schemas.ts';
import { validate } from '../validate.ts';
import { parseOrThrow } from './forms.ts';
import { paths, translator, type Locale, type Tr } from './paths.ts';
import { publicState, PublicStatus } from './public-status.tsx';
import { AdminLayout, Csrf, errorFor, FormErrors, Notice } from './ui.tsx';
import { cloneCycle, createCycle, updateCycle } from './use-cases/cycles.ts';
import type { EnterpriseRow } from '../../db/admin-auth.ts';

const epoch = v.pipe(v.number('Date attendue (ms depuis 1970).'), v.integer(), v.minValue(0));
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
  fees: v.optional(v.array(v.strictObject({ feeId: idSchema, role: v.picklist(FEE_ROLES), producerId: v.optional(v.nullable(idSchema), null), hubId: v.optional(v.nullable(idSchema), null) })), []),
});
const cloneSchema = v.strictObject({ name: v.pipe(v.string(), v.trim(), v.nonEmpty('Donnez un nom au cycle.'), v.maxLength(120)), opensAt: epoch, closesAt: epoch });

function roleLabel(tr: Tr, r: FeeRole) {
  return { producer: tr('producteur', 'producer'), hub: tr('boutique', 'shop'), coordinator: tr('coordinateur', 'coordinator'), platform: tr('plateforme', 'platform') }[r];
}

type Fields = Record<string, string | string[]>;
async function formFields(c: Ctx): Promise<Fields> {
  const body = await c.req.parseBody({ all: true });
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
                <td>{formatDateTime(x.opensAt, l)}</td>
                <td>{formatDateTime(x.closesAt, l)}</td>
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
    const [available, fees, status] = await Promise.all([variantsAvailableTo(db, e.id), feesAvailableTo(db, e.id), publicState(db, [publicPaths.shop('fr', e.slug), publicPaths.shop('en', e.slug)])]);
    const selected = new Set(s.variantIds);
    const feeOn = new Map(s.fees.map((f) => [f.feeId, f.role]));
    const dt = (ms: number | null) => (ms ? epochToParisLocal(ms) : '');
    const byProducer = new Map<string, typeof available>();
    for (const x of available) byProducer.set(x.producerName, [...(byProducer.get(x.producerName) ?? []), x]);
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
            <div class="field">
              <label for="collectionStartsAt">{tr('Début du retrait', 'Collection starts')}</label>
              <input id="collectionStartsAt" name="collectionStartsAt" type="datetime-local" value={dt(s.collectionStartsAt)} />
            </div>
            <div class="field">
              <label for="collectionEndsAt">{tr('Fin du retrait', 'Collection ends')}</label>
              <input id="collectionEndsAt" name="collectionEndsAt" type="datetime-local" value={dt(s.collectionEndsAt)} />
            </div>
          </div>
          <div class="field">
            <label for="collectionPlace">{tr('Lieu de retrait', 'Collection place')}</label>
            <input id="collectionPlace" name="collectionPlace" maxlength={200} value={s.collectionPlace} />
          </div>
          <div class="field">
            <label for="instructions">{tr('Instructions aux clients', 'Instructions to shoppers')}</label>
            <textarea id="instructions" name="instructions" rows={2} maxlength={2000}>
              {s.instructions}
            </textarea>
          </div>
          <div class="field">
            <label for="requiredTag">{tr('Boutique réservée aux clients portant l’étiquette (vide = publique)', 'Shop only for customers with the tag (empty = public)')}</label>
            <input id="requiredTag" name="requiredTag" maxlength={40} value={s.requiredTag ?? ''} />
          </div>
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
            {[...byProducer.entries()].map(([producer, rows]) => (
              <details open={rows.some((x) => selected.has(x.variantId)) || undefined}>
                <summary>
                  {producer} ({rows.filter((x) => selected.has(x.variantId)).length} / {rows.length})
                </summary>
                {rows.map((x) => (
                  <label class="choice">
                    <input type="checkbox" name="variant" value={String(x.variantId)} checked={selected.has(x.variantId)} /> {x.productName} — {x.variantName}
                  </label>
                ))}
              </details>
            ))}
          </fieldset>
          <button type="submit">{tr('Enregistrer le cycle', 'Save the cycle')}</button>
        </form>
      </AdminLayout>,
      errors.length ? 422 : 200,
    );
  };

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
  .post('/hubs/:ent/cycles/:id/clone', cycleParam, validate('json', cloneSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    const { name, opensAt, closesAt } = c.req.valid('json');
    const id = await cloneCycle({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, cycleId: c.req.valid('param').id, name, opensAt, closesAt, now: Date.now() });
    return c.json({ id }, 201, { location: `/api/manage/hubs/${e.slug}/cycles/${id}` });
  });
