// The pickup-day grid as pages: show a cycle's orders with their lines, save the changed quantities
// and weights (a plain form post; a refused order is shown again with what was typed and why, the
// others are saved), and the bulk actions on ticked orders.
import { Hono } from 'hono';
import * as v from 'valibot';
import { GRID_PAGE_SIZE, orderGrid, type GridOrder } from '../../../db/orders/order-grid.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { publicUrl } from '../../links.ts';
import { orderIdSchema } from '../../schemas.ts';
import { refundsFor } from '../../stripe.ts';
import { formFields } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale, type Tr } from '../shared/paths.ts';
import { filtersOf, readBulkForm } from '../orders/form.ts';
import { bulkOrderAction, cycleOrFail, type BulkOutcome } from '../orders/use-cases.ts';
import { isChangedMeanwhile } from '../../use-cases/correct-order.ts';
import { changedMeanwhileMessage, orderField, readGridChanges, shownOrders, type GridRequest } from './form.ts';
import { correctSeveralOrders } from './use-cases.ts';
import { GridPage, gridQuery, type GridPlace } from './views.tsx';

/** The grid's search and page, from the query string (a page past the end shows no orders). */
function placeOf(query: Record<string, string>): GridPlace {
  const page = /^\d{1,5}$/.test(query.page ?? '') ? Number(query.page) : 0;
  return { q: filtersOf({ q: query.q ?? '' }).q, page };
}

/** A refused correction's messages on the grid's fields: `changes.<i>` is the i-th change the order asked for. */
export function refusalFields(tr: Tr, req: GridRequest, order: GridOrder | undefined, err: DomainError): FieldError[] {
  const whole = orderField(req.publicId);
  const out: FieldError[] = [];
  for (const f of err.fields) {
    const i = /^changes\.(\d+)$/.exec(f.field)?.[1];
    // Field messages are French; the error's own message says it in English.
    out.push({ field: (i !== undefined && req.fieldOf[Number(i)]) || whole, message: tr(f.message, err.message) });
  }
  if (err.code === 'OUT_OF_STOCK')
    req.changes.forEach((ch, i) => {
      const line = ch.kind === 'quantity' ? order?.lines.find((x) => x.id === ch.lineId) : undefined;
      if (line && ch.kind === 'quantity' && ch.quantity > line.quantity)
        out.push({ field: req.fieldOf[i]!, message: tr('Pas assez de stock pour cette quantité.', 'Not enough stock for this quantity.') });
    });
  if (!out.some((f) => f.field === whole))
    out.push({
      field: whole,
      message: isChangedMeanwhile(err)
        ? changedMeanwhileMessage(tr)
        : err.code === 'STATE_CONFLICT'
          ? tr(
              'Cette commande a changé entre-temps ou ne peut plus être modifiée : rien n’a été enregistré pour elle.',
              'This order changed meanwhile or can no longer be corrected: nothing was saved for it.',
            )
          : err.code === 'NOT_FOUND'
            ? tr('Commande introuvable dans ce cycle.', 'No such order in this cycle.')
            : tr('Rien n’a été enregistré pour cette commande.', 'Nothing was saved for this order.'),
    });
  return out;
}

export function orderGridPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const title = (name: string) => `${tr('Grille de retrait', 'Pickup grid')} — ${name}`;
  const context = async (c: Ctx) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const db = databaseFor(c.env);
    const cycle = await cycleOrFail(db, e.id, param(c, 'id'));
    return { e, db, cycle, place: placeOf(c.req.query()) };
  };
  const render = async (
    c: Ctx,
    { e, db, cycle, place }: Awaited<ReturnType<typeof context>>,
    extra: { notice?: string; errors?: FieldError[]; raw?: Record<string, string>; outcome?: BulkOutcome; allTicked?: boolean } = {},
  ) => {
    const grid = await orderGrid(db, e.id, cycle.id, place);
    return c.render(<GridPage l={l} csrf={csrfOf(c)} enterprise={e} cycle={cycle} grid={grid} place={place} {...extra} />, {
      title: title(cycle.name),
      enterprise: e,
      current: p.cycles(e.slug),
    });
  };

  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.cycleGrid(':ent', ':id'), async (c) => {
      const ctx = await context(c);
      const ok = c.req.query('ok');
      const notice =
        ok === undefined
          ? undefined
          : ok === '0'
            ? tr('Aucune modification à enregistrer.', 'Nothing to save.')
            : tr(
                `${ok} commande(s) modifiée(s) ; les clients sont prévenus par e-mail.`,
                `${ok} order(s) corrected; the shoppers are told by e-mail.`,
              );
      return render(c, ctx, { ...(notice ? { notice } : {}), allTicked: c.req.query('tout') === '1' });
    })
    .post(p.cycleGrid(':ent', ':id'), async (c) => {
      const ctx = await context(c);
      const { e, db, cycle, place } = ctx;
      const f = await formFields(c);
      const ids = shownOrders(f, (x) => v.is(orderIdSchema, x), GRID_PAGE_SIZE);
      const shown = (await orderGrid(db, e.id, cycle.id, { ids })).orders;
      const { requests, errors } = readGridChanges(tr, f, shown);
      const outcome = await correctSeveralOrders({
        db,
        refunds: refundsFor(c.env),
        hubId: e.id,
        cycleId: cycle.id,
        requests,
        // The orders just read are this cycle's and hub's: the save does not read them again.
        known: shown.map((o) => o.publicId),
        actor: c.get('actor'),
        now: Date.now(),
        siteUrl: publicUrl(c.env) ?? '',
      });
      for (const r of outcome.refused) {
        const req = requests.find((x) => x.publicId === r.publicId)!;
        errors.push(
          ...refusalFields(
            tr,
            req,
            shown.find((o) => o.publicId === r.publicId),
            r.error,
          ),
        );
      }
      if (errors.length === 0)
        return c.redirect(p.cycleGrid(e.slug, cycle.id) + gridQuery(place, { ok: String(outcome.saved.length) }), 303);
      // What was typed stays for the orders not saved; a saved order shows what it is now.
      const held = new Set(
        shown
          .filter((o) =>
            errors.some(
              (x) => x.field === orderField(o.publicId) || o.lines.some((l) => x.field === `q.${l.id}` || x.field === `kg.${l.id}`),
            ),
          )
          .flatMap((o) => o.lines.flatMap((l) => [`q.${l.id}`, `kg.${l.id}`])),
      );
      const raw: Record<string, string> = {};
      for (const k of held) {
        const x = f[k];
        const typed = Array.isArray(x) ? x[0] : x;
        if (typed !== undefined) raw[k] = typed;
      }
      c.status(422);
      return render(c, ctx, {
        errors,
        raw,
        ...(outcome.saved.length
          ? {
              notice: tr(
                `${outcome.saved.length} commande(s) modifiée(s) ; les clients sont prévenus par e-mail.`,
                `${outcome.saved.length} order(s) corrected; the shoppers are told by e-mail.`,
              ),
            }
          : {}),
      });
    })
    .post(p.cycleGridBulk(':ent', ':id'), async (c) => {
      const ctx = await context(c);
      const { e, db, cycle } = ctx;
      let form: Awaited<ReturnType<typeof readBulkForm>>;
      try {
        form = await readBulkForm(c);
      } catch (err) {
        // Nothing ticked: the grid again with the reason, rather than an error page.
        if (!(err instanceof DomainError) || err.code !== 'VALIDATION') throw err;
        c.status(422);
        return render(c, ctx, {
          errors: err.fields.length ? err.fields : [{ field: 'orders', message: err.message }],
        });
      }
      const outcome = await bulkOrderAction({
        db,
        hubId: e.id,
        cycleId: cycle.id,
        publicIds: form.orders,
        action: form.action,
        actor: c.get('actor'),
        now: Date.now(),
      });
      return render(c, ctx, { outcome });
    });
}
