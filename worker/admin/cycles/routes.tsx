// Order cycles in the back office: list with orders and sales, create, edit (times, collection,
// variants, fees), clone, and the other hubs selling in a cycle.
import { Hono } from 'hono';
import * as v from 'valibot';
import { outgoingMethodChoice, type MethodChoice } from '../../../db/catalog/cycle-methods.ts';
import { feesAvailableTo, outgoingOf, type CycleSettings, type OutgoingExchange } from '../../../db/catalog/cycles.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { WEEK_MS } from '../../../domain/paris-time.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { idParamSchema, slugSchema } from '../../schemas.ts';
import { parseOrThrow, unlessRefused, writeContext } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { ADMIN_BASE, paths, translator, type Locale } from '../shared/paths.ts';
import { cloneName, cloneWindow, newCycleSettings, NO_EXCHANGE, readExchangeForm, readSettingsForm, settingsOf } from './form.ts';
import { HubPage, hubFormTitle } from './hub-views.tsx';
import {
  cloneCycle,
  coordinated,
  createCycle,
  cycleAndHub,
  cycleFormPage,
  cyclesPage,
  hubFormPage,
  removeCycleHub,
  setCycleHub,
  updateCycle,
} from './use-cases.ts';
import { CyclePage, CyclesPage } from './views.tsx';

export function cyclePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const hub = (c: Ctx) => requireEnterprise(c, param(c, 'ent'), 'shop.run');
  const cycleId = (c: Ctx) => parseOrThrow(idParamSchema, param(c, 'id'));
  const notCoordinated = tr('Ce cycle n’est pas coordonné par votre boutique.', 'This cycle is not coordinated by your shop.');
  /** The cycle and the other hub named in the URL, or NOT_FOUND. */
  const cycleAndTarget = async (c: Ctx, e: EnterpriseRow) =>
    cycleAndHub(databaseFor(c.env), e, cycleId(c), param(c, 'hub'), {
      cycle: notCoordinated,
      hub: tr('Aucune autre boutique de ce nom.', 'No other shop by this name.'),
    });

  /** The cycle form, new (id null) or stored, with what was typed and what is wrong. */
  const cycleForm = async (
    c: Ctx,
    e: EnterpriseRow,
    id: number | null,
    s: CycleSettings,
    shown: { errors?: FieldError[]; saved?: boolean; methods?: MethodChoice | null } = {},
  ) => {
    const data = await cycleFormPage(databaseFor(c.env), e, id);
    const errors = shown.errors ?? [];
    if (errors.length) c.status(422);
    const page = (
      <CyclePage
        l={l}
        slug={e.slug}
        hubId={e.id}
        csrf={csrfOf(c)}
        cycleId={id}
        s={s}
        errors={errors}
        saved={shown.saved ?? false}
        data={data}
        choice={shown.methods ?? null}
      />
    );
    return c.render(page, { title: s.name || tr('Nouveau cycle', 'New cycle'), enterprise: e, current: p.cycles(e.slug) });
  };

  /** A coordinator's form for another hub in its cycle. */
  const hubForm = async (
    c: Ctx,
    e: EnterpriseRow,
    { cycle, target }: Awaited<ReturnType<typeof cycleAndTarget>>,
    x: OutgoingExchange,
    shown: { exists: boolean; errors?: FieldError[]; saved?: boolean; methods: MethodChoice | null },
  ) => {
    const data = await hubFormPage(databaseFor(c.env), target);
    const errors = shown.errors ?? [];
    if (errors.length) c.status(422);
    const page = (
      <HubPage
        l={l}
        slug={e.slug}
        csrf={csrfOf(c)}
        cycle={cycle}
        target={target}
        x={x}
        errors={errors}
        exists={shown.exists}
        saved={shown.saved ?? false}
        choice={shown.methods}
        {...data}
      />
    );
    return c.render(page, { title: hubFormTitle(l, target, cycle), enterprise: e, current: p.cycles(e.slug) });
  };

  return new Hono<AdminEnv>()
    .use(`${ADMIN_BASE[l]}/*`, adminLayout(l))
    .get(p.cycles(':ent'), async (c) => {
      const e = await hub(c);
      const data = await cyclesPage(databaseFor(c.env), e);
      return c.render(<CyclesPage l={l} slug={e.slug} hubId={e.id} csrf={csrfOf(c)} now={Date.now()} {...data} />, {
        title: tr('Cycles de vente', 'Order cycles'),
        enterprise: e,
        current: p.cycles(e.slug),
      });
    })
    .get(p.cycleHubs(':ent', ':id'), async (c) => {
      const e = await hub(c);
      const id = cycleId(c);
      const other = parseOrThrow(v.optional(slugSchema), c.req.query('hub') || undefined);
      return c.redirect(other ? p.cycleHub(e.slug, id, other) : p.cycle(e.slug, id), 303);
    })
    .get(p.cycleHub(':ent', ':id', ':hub'), async (c) => {
      const e = await hub(c);
      const found = await cycleAndTarget(c, e);
      const db = databaseFor(c.env);
      const o = await outgoingOf(db, found.cycle.id, found.target.id);
      const methods = o ? await outgoingMethodChoice(db, found.cycle.id, found.target.id) : null;
      return hubForm(c, e, found, o ?? NO_EXCHANGE, { exists: o !== null, saved: c.req.query('saved') === '1', methods });
    })
    .post(p.cycleHub(':ent', ':id', ':hub'), async (c) => {
      const e = await hub(c);
      const found = await cycleAndTarget(c, e);
      const { exchange, errors, methods } = await readExchangeForm(c);
      const { cycle, target } = found;
      const done = await unlessRefused(errors, () =>
        setCycleHub({ ...writeContext(c), hub: e, cycleId: cycle.id, hubSlug: target.slug, exchange, methods }),
      );
      if (!done.ok) {
        const db = databaseFor(c.env);
        const exists = (await outgoingOf(db, cycle.id, target.id)) !== null;
        // What was ticked, or (a post without the picker) what is stored.
        const shown = methods ?? (exists ? await outgoingMethodChoice(db, cycle.id, target.id) : null);
        return hubForm(c, e, found, exchange, { errors: done.errors, methods: shown, exists });
      }
      return c.redirect(`${p.cycleHub(e.slug, cycle.id, target.slug)}?saved=1`, 303);
    })
    .post(p.cycleHubRemove(':ent', ':id', ':hub'), async (c) => {
      const e = await hub(c);
      const { cycle, target } = await cycleAndTarget(c, e);
      await removeCycleHub({ ...writeContext(c), hub: e, cycleId: cycle.id, hubSlug: target.slug });
      return c.redirect(`${p.cycle(e.slug, cycle.id)}?saved=1`, 303);
    })
    .get(p.newCycle(':ent'), async (c) => {
      const e = await hub(c);
      return cycleForm(c, e, null, newCycleSettings(Date.now(), e.id, await feesAvailableTo(databaseFor(c.env), e.id)));
    })
    .post(p.newCycle(':ent'), async (c) => {
      const e = await hub(c);
      const { settings, errors, methods } = await readSettingsForm(c, e.id, await feesAvailableTo(databaseFor(c.env), e.id));
      const done = await unlessRefused(errors, () => createCycle({ ...writeContext(c), hub: e, settings, methods }));
      if (!done.ok) return cycleForm(c, e, null, settings, { errors: done.errors, methods });
      return c.redirect(`${p.cycle(e.slug, done.value)}?saved=1`, 303);
    })
    .get(p.cycle(':ent', ':id'), async (c) => {
      const e = await hub(c);
      const id = cycleId(c);
      const db = databaseFor(c.env);
      const found = await coordinated(db, e.id, id, notCoordinated);
      const methods = found.outgoing ? await outgoingMethodChoice(db, id, e.id) : null;
      return cycleForm(c, e, id, settingsOf(found), { saved: c.req.query('saved') === '1', methods });
    })
    .post(p.cycle(':ent', ':id'), async (c) => {
      const e = await hub(c);
      const id = cycleId(c);
      const { settings, errors, methods } = await readSettingsForm(c, e.id, await feesAvailableTo(databaseFor(c.env), e.id));
      const done = await unlessRefused(errors, () => updateCycle({ ...writeContext(c), hub: e, cycleId: id, settings, methods }));
      if (!done.ok)
        return cycleForm(c, e, id, settings, {
          errors: done.errors,
          methods: methods ?? (await outgoingMethodChoice(databaseFor(c.env), id, e.id)),
        });
      return c.redirect(`${p.cycle(e.slug, id)}?saved=1`, 303);
    })
    .post(p.cycleClone(':ent', ':id'), async (c) => {
      const e = await hub(c);
      const id = cycleId(c);
      const { cycle } = await coordinated(databaseFor(c.env), e.id, id, notCoordinated);
      // The next week (or the first after the original closes) is what a weekly shop wants; the copy opens in the form to adjust.
      const window = cloneWindow(cycle);
      const copy = { name: cloneName(cycle.name, window, l), ...window };
      const newId = await cloneCycle({ ...writeContext(c), hub: e, cycleId: id, ...copy });
      return c.redirect(`${p.cycle(e.slug, newId)}?saved=1`, 303);
    });
}
