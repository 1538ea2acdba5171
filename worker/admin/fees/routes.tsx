// A producer's fees page (« Marges »): its own fees, charged on its variants in the cycles they come
// into; a new one joins the cycles under way that have not closed. Hubs edit theirs on their settings page.
import { Hono } from 'hono';
import { enterpriseFeeList } from '../../../db/enterprises/producer-fees.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { idParamSchema } from '../../schemas.ts';
import { feeFormOf } from '../hub-settings/form.ts';
import { formStrings, parseOrThrow, unlessFormRefused } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Notice } from '../shared/ui.tsx';
import { addFee, archiveFee, updateFee } from './use-cases.ts';
import { FeeSection, type RefusedFee } from './views.tsx';

export function producerFeePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>().use(adminLayout(l));
  const producerOf = (c: Ctx) => requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
  const change = async (c: Ctx) => ({
    db: databaseFor(c.env),
    actor: c.get('actor'),
    enterprise: await producerOf(c),
    side: 'producer' as const,
    now: Date.now(),
  });
  const saved = (slug: string) => `${p.producerFees(slug)}?saved=1`;

  /** The page; `refused`: the fee form the last post was refused for, shown again as typed (422). */
  const feesPage = async (c: Ctx, e: Awaited<ReturnType<typeof producerOf>>, refused?: RefusedFee) => {
    const fees = await enterpriseFeeList(databaseFor(c.env), e.id);
    if (refused) c.status(422);
    return c.render(
      <>
        <h1>{tr('Marges et commissions', 'Fees')}</h1>
        {c.req.query('saved') && !refused ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
        <p class="muted">
          {tr(
            'Vos marges s’ajoutent au prix de vos produits (par article) ou à la commande, dans les boutiques qui vendent vos produits ; le client voit ce qui vous revient.',
            'Your fees are added to your products’ price (per item) or to the order, in the shops selling your products; shoppers see what goes to you.',
          )}
        </p>
        <FeeSection
          l={l}
          csrf={csrfOf(c)}
          action={p.producerFees(e.slug)}
          fees={fees}
          refused={refused}
          joins={tr(
            'Une marge ajoutée s’applique tout de suite à vos produits dans tous les cycles de vente en cours ou à venir où ils sont proposés ; le coordinateur d’un cycle peut la retirer.',
            'A fee added here applies at once to your products in every order cycle under way or to come that offers them; a cycle’s coordinator can take it off.',
          )}
        />
      </>,
      { title: tr('Marges', 'Fees'), enterprise: e, current: p.producerFees(e.slug) },
    );
  };
  app.get(p.producerFees(':ent'), async (c) => feesPage(c, await producerOf(c)));

  /** Saves one fee form (`id` null: the new one); refused, the page comes back with it as typed. */
  const feeForm = async (
    c: Ctx,
    id: number | null,
    save: (ch: Awaited<ReturnType<typeof change>>, f: NonNullable<ReturnType<typeof feeFormOf>['value']>) => Promise<unknown>,
  ) => {
    const ch = await change(c);
    const form = feeFormOf(await formStrings(c), l);
    const done = await unlessFormRefused(form, (f) => save(ch, f));
    if (!done.ok) return feesPage(c, ch.enterprise, { id, typed: form.typed, errors: done.errors });
    return c.redirect(saved(ch.enterprise.slug), 303);
  };
  app.post(p.producerFees(':ent'), async (c) => feeForm(c, null, (ch, f) => addFee({ ...ch, f })));
  app.post(`${p.producerFees(':ent')}/:id`, async (c) => {
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    return feeForm(c, id, (ch, f) => updateFee({ ...ch, id, f }));
  });
  app.post(`${p.producerFees(':ent')}/:id/archive`, async (c) => {
    const ch = await change(c);
    await archiveFee({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')) });
    return c.redirect(saved(ch.enterprise.slug), 303);
  });
  return app;
}
