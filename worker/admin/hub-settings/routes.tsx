// A hub's collection and payment settings and its customers, as pages: methods, terms and minimum
// order, its fees, customers and tags, and the tag rules that reserve products, prices or methods.
import { Hono } from 'hono';
import { hubCustomers, hubSettings } from '../../../db/enterprises/hub-settings.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { databaseFor } from '../../db.ts';
import { siteUrl } from '../../links.ts';
import { stripeConnectFor } from '../../stripe.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { idParamSchema } from '../../schemas.ts';
import { parseOrThrow } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { publicState } from '../shared/public-status.tsx';
import {
  readCustomerForm,
  readFeeForm,
  readMethodRuleForm,
  readPaymentForm,
  readRuleForm,
  readShippingForm,
  readTermsForm,
} from './form.ts';
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
  setTerms,
  updateFee,
  updatePaymentMethod,
  updateShippingMethod,
} from './use-cases.ts';
import { readShopperChangesForm, setShopperChanges } from './shopper-changes.tsx';
import { CustomersPage, SettingsPage } from './views.tsx';

/** The public pages these settings show on. */
const shopPaths = (slug: string) => [publicPaths.checkout('fr', slug), publicPaths.shop('fr', slug)];

export function hubSettingsPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>().use(adminLayout(l));
  const hubOf = (c: Ctx) => requireEnterprise(c, param(c, 'ent'), 'shop.run');
  /** What every write is given: the database, who acts, for which hub, when. */
  const change = async (c: Ctx) => ({ db: databaseFor(c.env), actor: c.get('actor'), hub: await hubOf(c), now: Date.now() });

  app.get(p.settings(':ent'), async (c) => {
    const e = await hubOf(c);
    const db = databaseFor(c.env);
    const [s, status] = await Promise.all([hubSettings(db, e.id), publicState(db, shopPaths(e.slug), { hubId: e.id, now: Date.now() })]);
    return c.render(
      <SettingsPage
        l={l}
        csrf={csrfOf(c)}
        enterprise={e}
        status={status}
        saved={Boolean(c.req.query('saved'))}
        stripeBack={c.req.query('stripe') === 'back'}
        s={s}
      />,
      {
        title: tr('Retrait et paiement', 'Collection and payment'),
        enterprise: e,
        current: p.settings(e.slug),
      },
    );
  });

  // Each settings form saves one thing, then the page is shown again with « Saved ».
  const writes: Record<string, (c: Ctx, ch: Awaited<ReturnType<typeof change>>) => Promise<unknown>> = {
    fees: async (c, ch) => addFee({ ...ch, f: await readFeeForm(c) }),
    conditions: async (c, ch) => setTerms({ ...ch, ...(await readTermsForm(c)) }),
    shipping: async (c, ch) => addShippingMethod({ ...ch, m: await readShippingForm(c) }),
    payment: async (c, ch) => addPaymentMethod({ ...ch, m: await readPaymentForm(c) }),
    'modifications-clients': async (c, ch) => setShopperChanges({ ...ch, allowed: await readShopperChangesForm(c) }),
  };
  for (const [suffix, save] of Object.entries(writes)) {
    app.post(`${p.settings(':ent')}/${suffix}`, async (c) => {
      const ch = await change(c);
      await save(c, ch);
      return c.redirect(`${p.settings(ch.hub.slug)}?saved=1`, 303);
    });
  }
  app.post(`${p.settings(':ent')}/shipping/:id`, async (c) => {
    const ch = await change(c);
    await updateShippingMethod({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')), m: await readShippingForm(c) });
    return c.redirect(`${p.settings(ch.hub.slug)}?saved=1`, 303);
  });
  app.post(`${p.settings(':ent')}/payment/:id`, async (c) => {
    const ch = await change(c);
    await updatePaymentMethod({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')), m: await readPaymentForm(c) });
    return c.redirect(`${p.settings(ch.hub.slug)}?saved=1`, 303);
  });
  app.post(`${p.settings(':ent')}/fees/:id`, async (c) => {
    const ch = await change(c);
    await updateFee({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')), f: await readFeeForm(c) });
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

  app.get(p.customers(':ent'), async (c) => {
    const e = await hubOf(c);
    const db = databaseFor(c.env);
    const [data, methodRules, status] = await Promise.all([
      hubCustomers(db, e.id),
      hubMethodRules(db, e.id),
      publicState(db, shopPaths(e.slug)),
    ]);
    return c.render(
      <CustomersPage
        l={l}
        csrf={csrfOf(c)}
        enterprise={e}
        status={status}
        saved={Boolean(c.req.query('saved'))}
        data={data}
        methodRules={methodRules}
      />,
      {
        title: tr('Clients', 'Customers'),
        enterprise: e,
        current: p.customers(e.slug),
      },
    );
  });
  app.post(p.customers(':ent'), async (c) => {
    const ch = await change(c);
    await saveCustomer({ ...ch, c: await readCustomerForm(c) });
    return c.redirect(`${p.customers(ch.hub.slug)}?saved=1`, 303);
  });
  app.post(`${p.customers(':ent')}/rules`, async (c) => {
    const ch = await change(c);
    await addTagRule({ ...ch, r: await readRuleForm(c) });
    return c.redirect(`${p.customers(ch.hub.slug)}?saved=1`, 303);
  });
  app.post(`${p.customers(':ent')}/rules/:id/remove`, async (c) => {
    const ch = await change(c);
    await removeTagRule({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')) });
    return c.redirect(`${p.customers(ch.hub.slug)}?saved=1`, 303);
  });
  app.post(`${p.customers(':ent')}/method-rules`, async (c) => {
    const ch = await change(c);
    await addMethodRule({ ...ch, r: await readMethodRuleForm(c) });
    return c.redirect(`${p.customers(ch.hub.slug)}?saved=1`, 303);
  });
  app.post(`${p.customers(':ent')}/method-rules/:id/remove`, async (c) => {
    const ch = await change(c);
    await removeMethodRule({ ...ch, id: parseOrThrow(idParamSchema, param(c, 'id')) });
    return c.redirect(`${p.customers(ch.hub.slug)}?saved=1`, 303);
  });
  return app;
}
