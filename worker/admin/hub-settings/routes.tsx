// A hub's collection and payment settings and its customers, as pages: methods, terms and minimum
// order, its fees, customers and tags, and the tag rules that reserve products, prices or methods.
// A refused form comes back on its page (422) as typed, its messages beside its fields.
import { Hono } from 'hono';
import { hubCustomers, hubSettings } from '../../../db/enterprises/hub-settings.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { databaseFor } from '../../db.ts';
import { siteUrl } from '../../links.ts';
import { stripeConnectFor } from '../../stripe.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { idParamSchema } from '../../schemas.ts';
import { formStrings, parseOrThrow, unlessFormRefused, unlessRefused, type TypedForm } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { publicState } from '../shared/public-status.tsx';
import { customerFormOf, feeFormOf, methodRuleFormOf, paymentFormOf, ruleFormOf, shippingFormOf, termsFormOf } from './form.ts';
import type { Refused } from './fields.tsx';
import { hubMethodRules } from '../../../db/enterprises/tag-method-rules.ts';
import {
  addFee,
  addMethodRule,
  addPaymentMethod,
  addShippingMethod,
  addTagRule,
  archiveFee,
  archiveMethod,
  connectStripe,
  disconnectStripe,
  newOnboardingLink,
  removeMethodRule,
  removeTagRule,
  syncStripeAccount,
  saveCustomer,
  setShopperChanges,
  setTerms,
  updateFee,
  updatePaymentMethod,
  updateShippingMethod,
} from './use-cases.ts';
import { readShopperChangesForm } from './shopper-changes.tsx';
import { CustomersPage, SettingsPage } from './views.tsx';

/** The public pages these settings show on. */
const shopPaths = (slug: string) => [publicPaths.checkout('fr', slug), publicPaths.shop('fr', slug)];

export function hubSettingsPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>().use(adminLayout(l));
  const hubOf = (c: Ctx) => requireEnterprise(c, param(c, 'ent'), 'shop.run');
  /** What every write is given: the database, who acts, for which hub, when. */
  const change = async (c: Ctx) => ({ db: databaseFor(c.env), actor: c.get('actor'), hub: await hubOf(c), now: Date.now(), l });
  type Change = Awaited<ReturnType<typeof change>>;

  /** The settings page; after a refusal (422), with the refused form as typed and its messages. */
  const settingsPage = async (c: Ctx, e: Change['hub'], refused?: Refused) => {
    const db = databaseFor(c.env);
    const [s, status] = await Promise.all([hubSettings(db, e.id), publicState(db, shopPaths(e.slug), { hubId: e.id, now: Date.now() })]);
    if (refused) c.status(422);
    return c.render(
      <SettingsPage
        l={l}
        csrf={csrfOf(c)}
        enterprise={e}
        status={status}
        saved={Boolean(c.req.query('saved'))}
        stripeBack={c.req.query('stripe') === 'back'}
        refused={refused}
        s={s}
      />,
      {
        title: tr('Retrait et paiement', 'Collection and payment'),
        enterprise: e,
        current: p.settings(e.slug),
      },
    );
  };

  app.get(p.settings(':ent'), async (c) => settingsPage(c, await hubOf(c)));

  /**
   * Each settings form saves one thing, then the page is shown again with « Enregistré »; refused, the
   * page comes back with that form as typed. `form` is the path it posts to after the page's.
   */
  const settingsForm = <T,>(
    suffix: string,
    read: (f: Record<string, string>) => TypedForm<T>,
    save: (c: Ctx, ch: Change, value: T) => Promise<unknown>,
  ) =>
    app.post(`${p.settings(':ent')}/${suffix}`, async (c) => {
      const ch = await change(c);
      const form = read(await formStrings(c));
      const done = await unlessFormRefused(form, (value) => save(c, ch, value));
      const key = suffix.replace(':id', param(c, 'id') ?? '');
      if (!done.ok) return settingsPage(c, ch.hub, { form: key, typed: form.typed, errors: done.errors });
      return c.redirect(`${p.settings(ch.hub.slug)}?saved=1`, 303);
    });
  const id = (c: Ctx) => parseOrThrow(idParamSchema, param(c, 'id'));
  settingsForm(
    'conditions',
    (f) => termsFormOf(f, l),
    (_c, ch, t) => setTerms({ ...ch, ...t }),
  );
  settingsForm(
    'shipping',
    (f) => shippingFormOf(f, l),
    (_c, ch, m) => addShippingMethod({ ...ch, m }),
  );
  settingsForm(
    'shipping/:id',
    (f) => shippingFormOf(f, l),
    (c, ch, m) => updateShippingMethod({ ...ch, id: id(c), m }),
  );
  settingsForm(
    'payment',
    (f) => paymentFormOf(f, l),
    (_c, ch, m) => addPaymentMethod({ ...ch, m }),
  );
  settingsForm(
    'payment/:id',
    (f) => paymentFormOf(f, l),
    (c, ch, m) => updatePaymentMethod({ ...ch, id: id(c), m }),
  );
  settingsForm(
    'fees',
    (f) => feeFormOf(f, l),
    (_c, ch, f) => addFee({ ...ch, f }),
  );
  settingsForm(
    'fees/:id',
    (f) => feeFormOf(f, l),
    (c, ch, f) => updateFee({ ...ch, id: id(c), f }),
  );
  app.post(`${p.settings(':ent')}/modifications-clients`, async (c) => {
    const ch = await change(c);
    const allowed = await readShopperChangesForm(c);
    const done = await unlessRefused([], () => setShopperChanges({ ...ch, allowed }));
    if (!done.ok)
      return settingsPage(c, ch.hub, {
        form: 'modifications-clients',
        typed: { shoppersChangeOrders: allowed ? 'yes' : '' },
        errors: done.errors,
      });
    return c.redirect(`${p.settings(ch.hub.slug)}?saved=1`, 303);
  });
  app.post(`${p.settings(':ent')}/fees/:id/archive`, async (c) => {
    const ch = await change(c);
    await archiveFee({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')) });
    return c.redirect(`${p.settings(ch.hub.slug)}?saved=1`, 303);
  });
  for (const table of ['shipping', 'payment'] as const) {
    app.post(`${p.settings(':ent')}/${table}/:id/archive`, async (c) => {
      const ch = await change(c);
      await archiveMethod({ ...ch, table, id: parseOrThrow(idParamSchema, param(c, 'id')) });
      return c.redirect(`${p.settings(ch.hub.slug)}?saved=1`, 303);
    });
  }

  // Stripe Connect: the hosted onboarding comes back to `return` when the manager is done, or to
  // `refresh` when its single-use link expired; both are this page's, on the server's own origin.
  const stripeUrls = (c: Ctx, slug: string) => {
    // Stripe needs absolute addresses: PUBLIC_URL, or a 503 before Stripe is asked anything.
    const origin = siteUrl(c);
    return { returnUrl: `${origin}${p.settings(slug)}/stripe/return`, refreshUrl: `${origin}${p.settings(slug)}/stripe/refresh` };
  };
  app.post(`${p.settings(':ent')}/stripe/connect`, async (c) => {
    const ch = await change(c);
    return c.redirect(await connectStripe({ ...ch, connect: stripeConnectFor(c.env), ...stripeUrls(c, ch.hub.slug) }), 303);
  });
  app.get(`${p.settings(':ent')}/stripe/return`, async (c) => {
    const ch = await change(c);
    await syncStripeAccount({ ...ch, connect: stripeConnectFor(c.env) });
    return c.redirect(`${p.settings(ch.hub.slug)}?stripe=back`, 303);
  });
  app.get(`${p.settings(':ent')}/stripe/refresh`, async (c) => {
    const ch = await change(c);
    const url = await newOnboardingLink({ ...ch, connect: stripeConnectFor(c.env), ...stripeUrls(c, ch.hub.slug) });
    return c.redirect(url ?? p.settings(ch.hub.slug), 303);
  });
  app.post(`${p.settings(':ent')}/stripe/disconnect`, async (c) => {
    const ch = await change(c);
    await disconnectStripe(ch);
    return c.redirect(`${p.settings(ch.hub.slug)}?saved=1`, 303);
  });

  /** The customers page; after a refusal (422), with the refused form as typed and its messages. */
  const customersPage = async (c: Ctx, e: Change['hub'], refused?: Refused) => {
    const db = databaseFor(c.env);
    const [data, methodRules, status] = await Promise.all([
      hubCustomers(db, e.id),
      hubMethodRules(db, e.id),
      publicState(db, shopPaths(e.slug)),
    ]);
    if (refused) c.status(422);
    return c.render(
      <CustomersPage
        l={l}
        csrf={csrfOf(c)}
        enterprise={e}
        status={status}
        saved={Boolean(c.req.query('saved'))}
        refused={refused}
        data={data}
        methodRules={methodRules}
      />,
      {
        title: tr('Clients', 'Customers'),
        enterprise: e,
        current: p.customers(e.slug),
      },
    );
  };
  app.get(p.customers(':ent'), async (c) => customersPage(c, await hubOf(c)));
  /** As settingsForm, on the customers page; `key` names the form for the page. */
  const customersForm = <T,>(
    suffix: string,
    key: string,
    read: (f: Record<string, string>) => TypedForm<T>,
    save: (ch: Change, value: T) => Promise<unknown>,
  ) =>
    app.post(`${p.customers(':ent')}${suffix}`, async (c) => {
      const ch = await change(c);
      const form = read(await formStrings(c));
      const done = await unlessFormRefused(form, (value) => save(ch, value));
      if (!done.ok) return customersPage(c, ch.hub, { form: key, typed: form.typed, errors: done.errors });
      return c.redirect(`${p.customers(ch.hub.slug)}?saved=1`, 303);
    });
  customersForm(
    '',
    'customer',
    (f) => customerFormOf(f, l),
    (ch, x) => saveCustomer({ ...ch, c: x }),
  );
  customersForm(
    '/rules',
    'rules',
    (f) => ruleFormOf(f, l),
    (ch, r) => addTagRule({ ...ch, r }),
  );
  customersForm(
    '/method-rules',
    'method-rules',
    (f) => methodRuleFormOf(f, l),
    (ch, r) => addMethodRule({ ...ch, r }),
  );
  app.post(`${p.customers(':ent')}/rules/:id/remove`, async (c) => {
    const ch = await change(c);
    await removeTagRule({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')) });
    return c.redirect(`${p.customers(ch.hub.slug)}?saved=1`, 303);
  });
  app.post(`${p.customers(':ent')}/method-rules/:id/remove`, async (c) => {
    const ch = await change(c);
    await removeMethodRule({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')) });
    return c.redirect(`${p.customers(ch.hub.slug)}?saved=1`, 303);
  });
  return app;
}
