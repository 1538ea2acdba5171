// A hub's collection and payment settings and its customers, pages and JSON: methods, terms and
// minimum order, its fees, customers and tags, and the tag rules that reserve products or prices.
import { Hono } from 'hono';
import * as v from 'valibot';
import { hubCustomers, hubSettings } from '../../../db/enterprises/hub-settings.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { DomainError } from '../../../domain/errors.ts';
import { FEE_CALCULATORS, FEE_TYPES } from '../../../domain/fees.ts';
import { formatMoney } from '../../../domain/money.ts';
import { PAYMENT_KINDS, SHIPPING_KINDS } from '../../../domain/orders.ts';
import { VAT_RATES_BP } from '../../../domain/vat.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { chargeCentsSchema, idParamSchema, idSchema, priceCentsSchema, slugSchema } from '../../schemas.ts';
import { MAX_PERCENT_BP } from '../../../domain/limits.ts';
import { validate } from '../../validate.ts';
import { emailSchema, eurosField, formStrings, parseEuros, parseOrThrow } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { publicState, PublicStatus } from '../shared/public-status.tsx';
import { AdminLayout, Csrf, Notice } from '../shared/ui.tsx';
import { addFee, addPaymentMethod, addShippingMethod, addTagRule, archiveMethod, removeTagRule, saveCustomer, setTerms } from './use-cases.ts';

const str = (max: number, required?: string) =>
  required ? v.pipe(v.string(required), v.trim(), v.nonEmpty(required), v.maxLength(max, `${max} caractères au maximum.`)) : v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `${max} caractères au maximum.`)), '');
const termsSchema = v.strictObject({ termsText: v.nullable(str(10_000)), minOrderCents: chargeCentsSchema });
const shippingSchema = v.strictObject({ name: str(120, 'Donnez un nom.'), kind: v.picklist(SHIPPING_KINDS, 'pickup ou delivery.'), description: str(500), feeCents: chargeCentsSchema, vatRateBp: v.optional(v.picklist(VAT_RATES_BP), 2000) });
const paymentSchema = v.strictObject({ name: str(120, 'Donnez un nom.'), kind: v.picklist(PAYMENT_KINDS, 'card ou offline.'), description: str(500) });
// A percentage is in basis points (at most 100 %), any other amount in cents.
const feeSchema = v.pipe(
  v.strictObject({ name: str(120, 'Donnez un nom.'), feeType: v.picklist(FEE_TYPES), calculator: v.picklist(FEE_CALCULATORS), amount: chargeCentsSchema, vatRateBp: v.optional(v.picklist(VAT_RATES_BP), 2000) }),
  v.forward(
    v.check((f) => !f.calculator.startsWith('percent') || f.amount <= MAX_PERCENT_BP, 'Un pourcentage ne peut pas dépasser 100 %.'),
    ['amount'],
  ),
);
const customerSchema = v.strictObject({ email: emailSchema, name: str(120), tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.trim(), v.maxLength(40))), v.maxLength(50, '50 étiquettes au maximum.')), []) });
const ruleSchema = v.strictObject({ tag: str(40, 'Indiquez une étiquette.'), variantId: idSchema, priceCents: v.optional(v.nullable(priceCentsSchema), null) });

/** A form's money field « 4,90 » as cents, or a field error. */
function euros(text: string | undefined, field: string): number {
  const c = parseEuros(text ?? '0');
  if (c === null) throw new DomainError('VALIDATION', 'Invalid amount.', { fields: [{ field, message: `Montant illisible « ${text} » : écrivez par exemple 4,90.` }] });
  return c;
}

export function hubSettingsPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const calculatorLabel = (x: string) =>
    ({ flat_per_item: tr('fixe par article', 'flat per item'), percent_per_item: tr('% du prix par article', '% of price per item'), per_kg: tr('par kg', 'per kg'), flat_per_order: tr('fixe par commande', 'flat per order'), percent_per_order: tr('% de la commande', '% of the order') })[x] ?? x;
  const app = new Hono<AdminEnv>();
  const shopPaths = (slug: string) => [publicPaths.checkout('fr', slug), publicPaths.shop('fr', slug)];

  app.get(p.settings(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const db = databaseFor(c.env);
    const [s, status] = await Promise.all([hubSettings(db, e.id), publicState(db, shopPaths(e.slug))]);
    const csrf = frameOf(c, l).csrf;
    const archive = (table: 'shipping' | 'payment', id: number) => (
      <form method="post" action={`${p.settings(e.slug)}/${table}/${id}/archive`} class="inline">
        <Csrf token={csrf} />
        <button type="submit" class="link">
          {tr('Retirer', 'Remove')}
        </button>
      </form>
    );
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.settings(e.slug) })} title={tr('Retrait et paiement', 'Collection and payment')}>
        <h1>{tr('Retrait et paiement', 'Collection and payment')}</h1>
        {c.req.query('saved') ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
        <PublicStatus status={status} l={l} />
        <h2>{tr('Conditions de vente et minimum de commande', 'Terms of sale and minimum order')}</h2>
        <form method="post" action={`${p.settings(e.slug)}/conditions`}>
          <Csrf token={csrf} />
          <div class="field">
            <label for="termsText">{tr('Conditions à accepter au paiement (vide = aucune)', 'Terms to accept at checkout (empty = none)')}</label>
            <textarea id="termsText" name="termsText" rows={4}>
              {s.termsText ?? ''}
            </textarea>
          </div>
          <div class="field">
            <label for="minOrder">{tr('Commande minimum (€ TTC)', 'Minimum order (€ incl. VAT)')}</label>
            <input id="minOrder" name="minOrder" inputmode="decimal" value={eurosField(s.minOrderCents, l)} />
          </div>
          <button type="submit">{tr('Enregistrer', 'Save')}</button>
        </form>
        <h2>{tr('Retrait et livraison', 'Collection and delivery')}</h2>
        <ul>
          {s.shipping.map((m) => (
            <li>
              {m.name} — {m.kind === 'pickup' ? tr('retrait', 'pickup') : tr('livraison', 'delivery')} — {formatMoney(m.feeCents, l)} {archive('shipping', m.id)}
            </li>
          ))}
        </ul>
        <form method="post" action={`${p.settings(e.slug)}/shipping`} class="filters">
          <Csrf token={csrf} />
          <div class="field">
            <label for="sname">{tr('Nom', 'Name')}</label>
            <input id="sname" name="name" required />
          </div>
          <div class="field">
            <label for="skind">{tr('Type', 'Kind')}</label>
            <select id="skind" name="kind">
              <option value="pickup">{tr('retrait', 'pickup')}</option>
              <option value="delivery">{tr('livraison', 'delivery')}</option>
            </select>
          </div>
          <div class="field">
            <label for="sfee">{tr('Frais (€ TTC)', 'Fee (€)')}</label>
            <input id="sfee" name="fee" value="0" inputmode="decimal" />
          </div>
          <div class="field">
            <label for="sdesc">{tr('Description', 'Description')}</label>
            <input id="sdesc" name="description" />
          </div>
          <button type="submit">{tr('Ajouter', 'Add')}</button>
        </form>
        <h2>{tr('Moyens de paiement', 'Payment methods')}</h2>
        {s.stripeAccountId ? null : <p class="muted">{tr('Pas de compte Stripe connecté : seuls les paiements hors ligne sont possibles.', 'No connected Stripe account: offline payments only.')}</p>}
        <ul>
          {s.payment.map((m) => (
            <li>
              {m.name} — {m.kind === 'card' ? tr('carte', 'card') : tr('hors ligne', 'offline')} {archive('payment', m.id)}
            </li>
          ))}
        </ul>
        <form method="post" action={`${p.settings(e.slug)}/payment`} class="filters">
          <Csrf token={csrf} />
          <div class="field">
            <label for="pname">{tr('Nom', 'Name')}</label>
            <input id="pname" name="name" required />
          </div>
          <div class="field">
            <label for="pkind">{tr('Type', 'Kind')}</label>
            <select id="pkind" name="kind">
              <option value="offline">{tr('hors ligne (espèces, chèque, virement)', 'offline (cash, cheque, transfer)')}</option>
              <option value="card">{tr('carte (Stripe)', 'card (Stripe)')}</option>
            </select>
          </div>
          <div class="field">
            <label for="pdesc">{tr('Description', 'Description')}</label>
            <input id="pdesc" name="description" />
          </div>
          <button type="submit">{tr('Ajouter', 'Add')}</button>
        </form>
        <h2>{tr('Marges et commissions de la boutique', 'The shop’s fees')}</h2>
        <ul>
          {s.fees.map((f) => (
            <li>
              {f.name} — {calculatorLabel(f.calculator)} — {f.calculator.startsWith('percent') ? `${String(f.amount / 100).replace('.', ',')} %` : formatMoney(f.amount, l)}
            </li>
          ))}
        </ul>
        <form method="post" action={`${p.settings(e.slug)}/fees`} class="filters">
          <Csrf token={csrf} />
          <div class="field">
            <label for="fname">{tr('Nom', 'Name')}</label>
            <input id="fname" name="name" required />
          </div>
          <div class="field">
            <label for="ftype">{tr('Nature', 'Type')}</label>
            <select id="ftype" name="feeType">
              {FEE_TYPES.map((x) => (
                <option value={x}>{{ packing: tr('préparation', 'packing'), transport: tr('transport', 'transport'), admin: tr('administration', 'admin'), sales: tr('vente', 'sales'), fundraising: tr('solidarité', 'fundraising') }[x]}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="fcalc">{tr('Calcul', 'Calculator')}</label>
            <select id="fcalc" name="calculator">
              {FEE_CALCULATORS.map((x) => (
                <option value={x}>{calculatorLabel(x)}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="famount">{tr('Montant (€ ou %)', 'Amount (€ or %)')}</label>
            <input id="famount" name="amount" inputmode="decimal" required />
          </div>
          <button type="submit">{tr('Ajouter', 'Add')}</button>
        </form>
      </AdminLayout>,
    );
  });

  const post = (suffix: string, handle: (c: Ctx, e: Awaited<ReturnType<typeof requireEnterprise>>, f: Record<string, string>) => Promise<unknown>) =>
    app.post(`${p.settings(':ent')}/${suffix}`, async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
      await handle(c, e, await formStrings(c));
      return c.redirect(`${p.settings(e.slug)}?saved=1`, 303);
    });
  post('fees', (c, e, f) => {
    const calculator = (FEE_CALCULATORS as readonly string[]).includes(f.calculator ?? '') ? (f.calculator as (typeof FEE_CALCULATORS)[number]) : 'flat_per_item';
    // Percentages are typed as « 10 » or « 2,5 » and kept in basis points; amounts in cents.
    const amount = euros(f.amount, 'amount');
    return addFee({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, f: parseOrThrow(feeSchema, { name: f.name, feeType: f.feeType, calculator, amount }), now: Date.now() });
  });
  post('conditions', (c, e, f) => setTerms({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, ...parseOrThrow(termsSchema, { termsText: f.termsText ?? null, minOrderCents: euros(f.minOrder, 'minOrderCents') }), now: Date.now() }));
  post('shipping', (c, e, f) => addShippingMethod({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, m: parseOrThrow(shippingSchema, { name: f.name, kind: f.kind, description: f.description ?? '', feeCents: euros(f.fee, 'feeCents') }), now: Date.now() }));
  post('payment', (c, e, f) => addPaymentMethod({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, m: parseOrThrow(paymentSchema, { name: f.name, kind: f.kind, description: f.description ?? '' }), now: Date.now() }));
  for (const table of ['shipping', 'payment'] as const) {
    app.post(`${p.settings(':ent')}/${table}/:id/archive`, async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
      await archiveMethod({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, table, id: parseOrThrow(idParamSchema, param(c, 'id')), now: Date.now() });
      return c.redirect(`${p.settings(e.slug)}?saved=1`, 303);
    });
  }

  app.get(p.customers(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const db = databaseFor(c.env);
    const [data, status] = await Promise.all([hubCustomers(db, e.id), publicState(db, shopPaths(e.slug))]);
    const csrf = frameOf(c, l).csrf;
    return c.html(
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.customers(e.slug) })} title={tr('Clients', 'Customers')}>
        <h1>{tr('Clients et étiquettes', 'Customers and tags')}</h1>
        {c.req.query('saved') ? <Notice kind="ok">{tr('Enregistré.', 'Saved.')}</Notice> : null}
        <PublicStatus status={status} l={l} />
        <table class="grid">
          <thead>
            <tr>
              <th>{tr('Client', 'Customer')}</th>
              <th>{tr('E-mail', 'E-mail')}</th>
              <th>{tr('Étiquettes', 'Tags')}</th>
            </tr>
          </thead>
          <tbody>
            {data.customers.map((x) => (
              <tr>
                <td>{x.name}</td>
                <td>{x.email}</td>
                <td>{x.tags.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{tr('Ajouter ou modifier un client', 'Add or change a customer')}</h2>
        <form method="post" action={p.customers(e.slug)} class="filters">
          <Csrf token={csrf} />
          <div class="field">
            <label for="cemail">{tr('E-mail', 'E-mail')}</label>
            <input id="cemail" name="email" type="email" required />
          </div>
          <div class="field">
            <label for="cname">{tr('Nom', 'Name')}</label>
            <input id="cname" name="name" />
          </div>
          <div class="field">
            <label for="ctags">{tr('Étiquettes (séparées par des virgules)', 'Tags (comma-separated)')}</label>
            <input id="ctags" name="tags" />
          </div>
          <button type="submit">{tr('Enregistrer', 'Save')}</button>
        </form>
        <h2>{tr('Produits réservés par étiquette', 'Products reserved by tag')}</h2>
        <p class="muted">{tr('Une variante visée n’est montrée qu’aux clients qui portent l’étiquette, au prix indiqué s’il y en a un.', 'A variant in a rule is shown only to customers with the tag, at the given price if any.')}</p>
        <ul>
          {data.rules.map((r) => (
            <li>
              « {r.tag} » — {r.productName} — {r.variantName} {r.priceCents !== null ? `— ${formatMoney(r.priceCents, l)}` : ''}{' '}
              <form method="post" action={`${p.customers(e.slug)}/rules/${r.id}/remove`} class="inline">
                <Csrf token={csrf} />
                <button type="submit" class="link">
                  {tr('Retirer', 'Remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
        <form method="post" action={`${p.customers(e.slug)}/rules`} class="filters">
          <Csrf token={csrf} />
          <div class="field">
            <label for="rtag">{tr('Étiquette', 'Tag')}</label>
            <input id="rtag" name="tag" required />
          </div>
          <div class="field">
            <label for="rvariant">{tr('N° de variante', 'Variant id')}</label>
            <input id="rvariant" name="variantId" inputmode="numeric" required />
          </div>
          <div class="field">
            <label for="rprice">{tr('Prix réservé (€, optionnel)', 'Reserved price (€, optional)')}</label>
            <input id="rprice" name="price" inputmode="decimal" />
          </div>
          <button type="submit">{tr('Ajouter la règle', 'Add the rule')}</button>
        </form>
      </AdminLayout>,
    );
  });
  app.post(p.customers(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const f = await formStrings(c);
    const input = parseOrThrow(customerSchema, { email: f.email, name: f.name ?? '', tags: (f.tags ?? '').split(',') });
    await saveCustomer({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, c: input, now: Date.now() });
    return c.redirect(`${p.customers(e.slug)}?saved=1`, 303);
  });
  app.post(`${p.customers(':ent')}/rules`, async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    const f = await formStrings(c);
    const r = parseOrThrow(ruleSchema, { tag: f.tag, variantId: Number(f.variantId), priceCents: f.price?.trim() ? euros(f.price, 'priceCents') : null });
    await addTagRule({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, r, now: Date.now() });
    return c.redirect(`${p.customers(e.slug)}?saved=1`, 303);
  });
  app.post(`${p.customers(':ent')}/rules/:id/remove`, async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'shop.run');
    await removeTagRule({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, id: parseOrThrow(idParamSchema, param(c, 'id')), now: Date.now() });
    return c.redirect(`${p.customers(e.slug)}?saved=1`, 303);
  });
  return app;
}

const entParam = validate('param', v.object({ ent: slugSchema }));
const idParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema }));

export const hubSettingsApi = new Hono<AdminEnv>()
  .get('/hubs/:ent/settings', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await hubSettings(databaseFor(c.env), e.id));
  })
  .put('/hubs/:ent/terms', entParam, validate('json', termsSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await setTerms({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, ...c.req.valid('json'), now: Date.now() });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/shipping-methods', entParam, validate('json', shippingSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await addShippingMethod({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, m: c.req.valid('json'), now: Date.now() });
    return c.body(null, 201);
  })
  .delete('/hubs/:ent/shipping-methods/:id', idParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await archiveMethod({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, table: 'shipping', id: c.req.valid('param').id, now: Date.now() });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/payment-methods', entParam, validate('json', paymentSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await addPaymentMethod({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, m: c.req.valid('json'), now: Date.now() });
    return c.body(null, 201);
  })
  .delete('/hubs/:ent/payment-methods/:id', idParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await archiveMethod({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, table: 'payment', id: c.req.valid('param').id, now: Date.now() });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/fees', entParam, validate('json', feeSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await addFee({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, f: c.req.valid('json'), now: Date.now() });
    return c.body(null, 201);
  })
  .get('/hubs/:ent/customers', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    return c.json(await hubCustomers(databaseFor(c.env), e.id));
  })
  .put('/hubs/:ent/customers', entParam, validate('json', customerSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await saveCustomer({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, c: c.req.valid('json'), now: Date.now() });
    return c.body(null, 204);
  })
  .post('/hubs/:ent/tag-rules', entParam, validate('json', ruleSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await addTagRule({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, r: c.req.valid('json'), now: Date.now() });
    return c.body(null, 201);
  })
  .delete('/hubs/:ent/tag-rules/:id', idParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'shop.run');
    await removeTagRule({ db: databaseFor(c.env), actor: c.get('actor'), hub: e, id: c.req.valid('param').id, now: Date.now() });
    return c.body(null, 204);
  });
