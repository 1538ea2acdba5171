// « Nouvelle commande » in the back office: the form of a cycle's orders page, and its post, which
// places the order through the shop's own path and opens it; a refusal shows the form again as typed.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError } from '../../../domain/errors.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { publicUrl } from '../../links.ts';
import { statusFor } from '../../problem.ts';
import { formFields } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { cycleOrFail } from '../orders/use-cases.ts';
import { parseTakenOrder, rawForm } from './form.ts';
import { saleForOrder, takeOrder } from './use-cases.ts';
import { emptyForm, NewOrderPage } from './views.tsx';

export function hubOrderPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);

  const context = async (c: Ctx) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const db = databaseFor(c.env);
    const cycle = await cycleOrFail(db, e.id, param(c, 'id'));
    const sale = await saleForOrder(db, e, cycle.id, Date.now());
    return { e, db, cycle, sale };
  };
  const frame = (e: { slug: string; name: string; isProducer: boolean; isHub: boolean }) => ({
    title: tr('Nouvelle commande', 'New order'),
    enterprise: e,
    current: p.cycles(e.slug),
  });

  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.cycleNewOrder(':ent', ':id'), async (c) => {
      const { e, cycle, sale } = await context(c);
      return c.render(
        <NewOrderPage l={l} csrf={csrfOf(c)} enterprise={e} cycle={cycle} sale={sale} values={emptyForm(l)} errors={[]} />,
        frame(e),
      );
    })
    .post(p.cycleNewOrder(':ent', ':id'), async (c) => {
      const { e, db, cycle, sale } = await context(c);
      const raw = rawForm(await formFields(c));
      const parsed = parseTakenOrder(raw, sale.customers);
      let errors = parsed.errors;
      let status: ContentfulStatusCode = 422;
      if (parsed.value) {
        try {
          const placed = await takeOrder({
            db,
            hub: e,
            cycleId: cycle.id,
            order: parsed.value,
            actor: c.get('actor'),
            now: Date.now(),
            siteUrl: publicUrl(c.env) ?? '',
          });
          return c.redirect(`${p.order(e.slug, placed.publicId)}?ok=taken`, 303);
        } catch (err) {
          // Refusals about what was typed (stock, minimum, method) show the form again; the rest (signed out, a database down) is the error pages'.
          if (!(err instanceof DomainError) || [401, 403, 404].includes(statusFor(err.code)) || statusFor(err.code) >= 500) throw err;
          status = statusFor(err.code);
          errors = err.fields.length ? err.fields : [{ field: '', message: err.message }];
        }
      }
      c.status(status);
      return c.render(
        <NewOrderPage l={l} csrf={csrfOf(c)} enterprise={e} cycle={cycle} sale={sale} values={raw} errors={errors ?? []} />,
        frame(e),
      );
    });
}
