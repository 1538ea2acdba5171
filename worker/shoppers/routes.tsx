// The shopper's account, served by the worker: /compte/… in French, /en/account/… in English (sign-in
// by e-mailed link, « Mes commandes », sign-out), and the small JSON API the static pages' scripts call
// (/api/shoppers/…). Every route here reads the shopper's cookie, which is scoped to these paths.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { deleteShopperSession } from '../../db/shoppers/sign-in.ts';
import { shopperOrders, shopperProfile } from '../../db/shoppers/orders.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/money.ts';
import { emailSchema, formStrings } from '../admin/shared/forms.ts';
import { clientIp } from '../auth/routes.tsx';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { publicUrl, siteUrl } from '../links.ts';
import { validate } from '../validate.ts';
import { accountPaths } from './paths.ts';
import { clearShopperCookie, identifyShopper, setShopperCookie, shopperCsrf, type ShopperEnv } from './session.ts';
import { checkShopperLink, requestShopperLink, signInShopper } from './sign-in.ts';
import { AccountHome, ConfirmLinkPage, LinkRefusedPage, LinkSentPage, SignInPage, tr } from './views.tsx';
import { myDataRoutes } from './my-data.tsx';
import { memberSalesOf } from '../../db/catalog/shop.ts';
import { MemberSalesList, memberSaleRoutes } from './members-sale.tsx';
import { ownRefusal } from './own-order.ts';
import { cardPaymentsFor } from '../stripe.ts';

const linkForm = v.object({ token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)), email: emailSchema });

/** The back office's form reader: a malformed or oversized body is a 4xx problem, never a 500. */
const formOf = (c: Context) => formStrings(c);

function refused(c: Context, l: Locale, err: unknown) {
  if (!(err instanceof DomainError) || (err.code !== 'SIGN_IN_LINK_EXPIRED' && err.code !== 'SIGN_IN_LINK_INVALID')) throw err;
  const reason = err.details.reason === 'used' ? 'used' : err.code === 'SIGN_IN_LINK_EXPIRED' ? 'expired' : 'invalid';
  return c.html(<LinkRefusedPage l={l} reason={reason} />, reason === 'invalid' ? 400 : 410);
}

function accountPages(l: Locale) {
  const p = accountPaths(l);
  const t = tr(l);
  const base = l === 'fr' ? '/compte' : '/en/account';
  // Scoped to the account's paths: mounted at the root, an unscoped middleware would run on every page.
  const app = new Hono<ShopperEnv>().use(`${base}/*`, identifyShopper, shopperCsrf);

  app.get(p.home, async (c) => {
    const shopper = c.get('shopper');
    if (!shopper) return c.html(<SignInPage l={l} />);
    const db = databaseFor(c.env);
    const now = Date.now();
    const [rows, sales] = await Promise.all([shopperOrders(db, shopper.email), memberSalesOf(db, shopper.email, now)]);
    // The order page's rule on the facts read with the list: which rows get « Modifier » / « Annuler ».
    const payments = cardPaymentsFor(c.env);
    const orders = rows.map((o) => ({ ...o, changeable: ownRefusal(o, payments, now) === null }));
    return c.html(
      <AccountHome l={l} email={shopper.email} orders={orders} csrf={shopper.csrf} memberSales={<MemberSalesList l={l} sales={sales} />} />,
    );
  });
  app.get(p.signIn, (c) => c.redirect(p.home, 303));

  app.post(p.signIn, async (c) => {
    const form = await formOf(c);
    const parsed = v.safeParse(emailSchema, form.email ?? '');
    if (!parsed.success) return c.html(<SignInPage l={l} email={form.email ?? ''} error={parsed.issues[0].message} />, 422);
    const origin = publicUrl(c.env);
    if (origin === null)
      return c.html(
        <SignInPage
          l={l}
          email={parsed.output}
          error={t(
            'La connexion est indisponible sur ce serveur (adresse publique non configurée).',
            'Sign-in is unavailable on this server (no public address configured).',
          )}
        />,
        503,
      );
    try {
      await requestShopperLink({ db: databaseFor(c.env), email: parsed.output, ip: clientIp(c), locale: l, origin, now: Date.now() });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'RATE_LIMITED') throw err;
      const minutes = Math.ceil(Number(err.details.retryAfterSeconds) / 60);
      c.header('retry-after', String(err.details.retryAfterSeconds));
      return c.html(
        <SignInPage
          l={l}
          email={parsed.output}
          error={t(
            `Trop de liens demandés : réessayez dans ${minutes} minutes.`,
            `Too many links requested: try again in ${minutes} minutes.`,
          )}
        />,
        429,
      );
    }
    return c.html(<LinkSentPage l={l} email={parsed.output} />);
  });

  // Opening the link only shows a button, so a mail scanner that prefetches it spends nothing.
  app.get(p.link, async (c) => {
    c.header('referrer-policy', 'no-referrer');
    const q = v.safeParse(linkForm, c.req.query());
    if (!q.success) return c.html(<LinkRefusedPage l={l} reason="invalid" />, 400);
    try {
      await checkShopperLink({ db: databaseFor(c.env), ...q.output, now: Date.now() });
    } catch (err) {
      return refused(c, l, err);
    }
    return c.html(<ConfirmLinkPage l={l} {...q.output} />);
  });

  app.post(p.link, async (c) => {
    const q = v.safeParse(linkForm, await formOf(c));
    if (!q.success) return c.html(<LinkRefusedPage l={l} reason="invalid" />, 400);
    try {
      const { sessionId, expiresAt } = await signInShopper({ db: databaseFor(c.env), ...q.output, now: Date.now() });
      setShopperCookie(c, sessionId, expiresAt);
    } catch (err) {
      return refused(c, l, err);
    }
    return c.redirect(p.home, 303);
  });

  app.post(p.signOut, async (c) => {
    const shopper = c.get('shopper');
    if (shopper) await deleteShopperSession(databaseFor(c.env), shopper.idHash);
    clearShopperCookie(c);
    return c.redirect(p.home, 303);
  });

  app.route('/', myDataRoutes(l));
  app.route('/', memberSaleRoutes(l));
  return app;
}

/** JSON for the static pages' scripts: who is signed in (and what checkout prefills), and the checkout's offer of a link. */
export const shopperApi = new Hono<ShopperEnv>()
  .use(identifyShopper)
  .get('/me', async (c) => {
    const shopper = c.get('shopper');
    if (!shopper) return c.json({ signedIn: false });
    const profile = await shopperProfile(databaseFor(c.env), shopper.email);
    return c.json({
      signedIn: true,
      email: shopper.email,
      profile: profile && {
        name: profile.name,
        phone: profile.phone,
        addressLine: profile.addressLine,
        postalCode: profile.postalCode,
        city: profile.city,
      },
    });
  })
  .post(
    '/sign-in-links',
    validate('json', v.strictObject({ email: emailSchema, locale: v.optional(v.picklist(['fr', 'en']), 'fr') })),
    async (c) => {
      const { email, locale } = c.req.valid('json');
      const origin = siteUrl(c);
      try {
        await requestShopperLink({ db: databaseFor(c.env), email, ip: clientIp(c), locale, origin, now: Date.now() });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'RATE_LIMITED') c.header('retry-after', String(err.details.retryAfterSeconds));
        throw err;
      }
      return c.json({ status: 'sent-if-known', expiresInSeconds: 900 }, 202);
    },
  );

/** Mounted by worker/app.tsx: the account pages in both languages and the JSON API. */
export function mountShopperAccounts(app: Hono<AppEnv>) {
  app.route('/api/shoppers', shopperApi);
  app.route('/', accountPages('fr'));
  app.route('/', accountPages('en'));
}
