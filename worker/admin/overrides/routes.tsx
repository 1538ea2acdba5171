// A hub's own prices and stock (« Prix de la boutique »): for the variants whose producer allows it,
// the hub's price and/or count beside the producer's, all saved in one request.
import { Hono } from 'hono';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { countQuery, unlessRefused, writeContext } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { ADMIN_BASE, paths, translator, type Locale } from '../shared/paths.ts';
import { readOverridesForm } from './form.ts';
import { saveVariantOverrides, shopPricesPage } from './use-cases.ts';
import { ShopPricesPage } from './views.tsx';

export function overridePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);

  const page = async (
    c: Ctx,
    e: EnterpriseRow,
    shown: { saved?: number | undefined; errors?: FieldError[]; typed?: Record<string, string> } = {},
  ) => {
    const data = await shopPricesPage(databaseFor(c.env), e);
    if (shown.errors?.length) c.status(422);
    return c.render(<ShopPricesPage l={l} slug={e.slug} csrf={csrfOf(c)} {...data} {...shown} />, {
      title: tr('Prix de la boutique', 'Shop prices'),
      enterprise: e,
      current: p.shopPrices(e.slug),
    });
  };

  return new Hono<AdminEnv>()
    .use(`${ADMIN_BASE[l]}/*`, adminLayout(l))
    .get(p.shopPrices(':ent'), async (c) =>
      page(c, await requireEnterprise(c, param(c, 'ent'), 'shop.run'), { saved: countQuery(c.req.query('saved')) }),
    )
    .post(p.shopPrices(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
      const { rows, typed, errors } = await readOverridesForm(c, tr);
      if (!errors.length && rows.length === 0) return c.redirect(`${p.shopPrices(e.slug)}?saved=0`, 303);
      const done = await unlessRefused(errors, () => saveVariantOverrides({ ...writeContext(c), hub: e, rows }));
      if (!done.ok) return page(c, e, { errors: done.errors, typed });
      return c.redirect(`${p.shopPrices(e.slug)}?saved=${done.value.updated}`, 303);
    });
}
