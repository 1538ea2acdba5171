// A hub's own prices and stock (« Prix de la boutique »), page and JSON: for the variants whose producer
// allows it, the hub's price and/or count beside the producer's, all saved in one request.
import { Hono } from 'hono';
import * as v from 'valibot';
import { hubOverrideVariants } from '../../../db/catalog/overrides.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatQuantity } from '../../../domain/units.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { idSchema, priceCentsSchema, slugSchema, stockSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { eurosField, formStrings, parseEuros } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { publicState, PublicStatus } from '../shared/public-status.tsx';
import { AdminLayout, Csrf, FormErrors, Notice } from '../shared/ui.tsx';
import { saveVariantOverrides, type OverrideRow } from './use-cases.ts';

const overridesSchema = v.strictObject({
  variants: v.pipe(
    v.array(
      v.strictObject({
        id: idSchema,
        priceCents: v.optional(v.nullable(priceCentsSchema)),
        onHand: v.optional(v.nullable(stockSchema)),
      }),
    ),
    v.minLength(1, 'Aucune variante à modifier.'),
    v.maxLength(5000, '5 000 variantes au maximum par envoi.'),
  ),
});

type Hub = { id: number; slug: string; name: string; isProducer: boolean; isHub: boolean };

export function overridePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>();

  const render = async (c: Ctx, e: Hub, opts: { saved?: number; errors?: FieldError[]; typed?: Record<string, string>; status?: number } = {}) => {
    const db = databaseFor(c.env);
    const [list, status] = await Promise.all([hubOverrideVariants(db, e.id), publicState(db, [publicPaths.shop('fr', e.slug)])]);
    const typed = opts.typed;
    const t = (key: string, dflt: string) => (typed ? (typed[key] ?? '') : dflt);
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.shopPrices(e.slug) })} title={tr('Prix de la boutique', 'Shop prices')}>
        <h1>{tr('Prix et stocks de la boutique', 'Shop prices and stock')}</h1>
        <PublicStatus status={status} l={l} />
        {opts.saved !== undefined ? (
          <Notice kind="ok">
            <span data-testid="overrides-saved">{tr(`${opts.saved} variante(s) mise(s) à jour.`, `${opts.saved} variant(s) updated.`)}</span>
          </Notice>
        ) : null}
        <FormErrors errors={opts.errors ?? []} l={l} />
        <p class="muted">
          {tr(
            'Les variantes dont le producteur vous permet de fixer votre prix ou votre stock. Laissez vide pour reprendre celui du producteur. Un stock saisi limite la boutique à ce nombre.',
            'Variants whose producer lets you set your own price or stock. Leave empty to use the producer’s. A stock you type limits the shop to that count.',
          )}
        </p>
        {list.length === 0 ? (
          <p>{tr('Aucun de vos producteurs ne permet de changer prix ou stock.', 'None of your producers allows changing price or stock.')}</p>
        ) : (
          <form method="post" action={p.shopPrices(e.slug)}>
            <Csrf token={frameOf(c, l).csrf} />
            <table class="grid">
              <thead>
                <tr>
                  <th>{tr('Producteur', 'Producer')}</th>
                  <th>{tr('Produit', 'Product')}</th>
                  <th class="num">{tr('Prix du producteur', 'Producer’s price')}</th>
                  <th class="num">{tr('Votre prix TTC (€)', 'Your price (€)')}</th>
                  <th class="num">{tr('Stock du producteur', 'Producer’s stock')}</th>
                  <th class="num">{tr('Votre stock', 'Your stock')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((x) => {
                  const label = `${x.productName} — ${x.variantName}`;
                  return (
                    <tr data-variant-id={String(x.variantId)}>
                      <td>{x.producerName}</td>
                      <td>
                        {label} <small class="muted">{formatQuantity(x.unitKind, x.unitValue, l)}</small>
                      </td>
                      <td class="num">{formatMoney(x.producerPriceCents, l)}</td>
                      <td class="num">
                        {x.canOverridePrice ? (
                          <input type="text" inputmode="decimal" name={`price_${x.variantId}`} value={t(`price_${x.variantId}`, x.priceCents === null ? '' : eurosField(x.priceCents, l))} aria-label={tr(`Votre prix pour ${label}`, `Your price for ${label}`)} />
                        ) : (
                          <span class="muted">{tr('non permis', 'not allowed')}</span>
                        )}
                      </td>
                      <td class="num">{x.producerOnDemand ? tr('à la demande', 'on demand') : String(x.producerOnHand)}</td>
                      <td class="num">
                        {x.canOverrideStock ? (
                          <input type="number" min="0" name={`stock_${x.variantId}`} value={t(`stock_${x.variantId}`, x.onHand === null ? '' : String(x.onHand))} aria-label={tr(`Votre stock pour ${label}`, `Your stock for ${label}`)} />
                        ) : (
                          <span class="muted">{tr('non permis', 'not allowed')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <p class="actions">
              <button type="submit">{tr('Enregistrer les modifications', 'Save changes')}</button>
            </p>
          </form>
        )}
      </AdminLayout>,
      (opts.status ?? 200) as 200,
    );
  };

  app.get(p.shopPrices(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const saved = c.req.query('saved');
    return render(c, e, saved !== undefined && /^\d+$/.test(saved) ? { saved: Number(saved) } : {});
  });
  app.post(p.shopPrices(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const f = await formStrings(c);
    // Only the inputs the page showed are posted: a field absent leaves that value as it is.
    const rows = new Map<number, OverrideRow>();
    const row = (id: number) => rows.get(id) ?? rows.set(id, { id }).get(id)!;
    const errors: FieldError[] = [];
    for (const [key, raw] of Object.entries(f)) {
      const m = /^(price|stock)_(\d{1,15})$/.exec(key);
      if (!m) continue;
      const id = Number(m[2]);
      const text = raw.trim();
      if (m[1] === 'price') {
        const cents = text === '' ? null : parseEuros(text);
        if (text !== '' && cents === null) errors.push({ field: key, message: tr(`Prix illisible « ${text} » (variante ${id}) : écrivez par exemple 3,50, ou laissez vide.`, `Unreadable price "${text}" (variant ${id}): write e.g. 3.50, or leave empty.`) });
        row(id).priceCents = cents;
      } else {
        if (text !== '' && !/^\d{1,7}$/.test(text)) errors.push({ field: key, message: tr(`Stock illisible « ${text} » (variante ${id}) : un nombre entier, ou vide.`, `Unreadable stock "${text}" (variant ${id}): a whole number, or empty.`) });
        row(id).onHand = text === '' || !/^\d{1,7}$/.test(text) ? null : Number(text);
      }
    }
    if (errors.length) return render(c, e, { errors, typed: f, status: 422 });
    if (rows.size === 0) return c.redirect(`${p.shopPrices(e.slug)}?saved=0`, 303);
    try {
      const { updated } = await saveVariantOverrides({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, rows: [...rows.values()], now: Date.now() });
      return c.redirect(`${p.shopPrices(e.slug)}?saved=${updated}`, 303);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'VALIDATION') return render(c, e, { errors: err.fields, typed: f, status: 422 });
      throw err;
    }
  });
  return app;
}

const entParam = validate('param', v.object({ ent: slugSchema }));

export const overrideApi = new Hono<AdminEnv>()
  .get('/hubs/:ent/overrides', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json({ variants: await hubOverrideVariants(databaseFor(c.env), e.id) });
  })
  .patch('/hubs/:ent/overrides', entParam, validate('json', overridesSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await saveVariantOverrides({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, rows: c.req.valid('json').variants, now: Date.now() }));
  });
