// Shoppers' sign-in by e-mailed link against the built worker: one-time, short-lived, bound to its
// address; a session of the shopper's own kind whose cookie reaches only the API and the account pages;
// « Mes commandes » lists the address's orders; catalog pages set no cookie.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopperSignInTokens } from '../../db/schema/index.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';
import {
  followShopperLink,
  lastShopperLink,
  requestShopperLink,
  SHOPPER_COOKIE,
  shopperCookieFrom,
  shopperCsrf,
  signInShopper,
} from '../support/shoppers.ts';

let t: TestWorker;
const MEMBER = 'marie.chabanne@example.org';
const OTHER = 'lucie.fournier@example.org';

beforeAll(async () => {
  t = await startTestWorker();
});
afterAll(() => t?.close());

describe('shopper sign-in link', () => {
  it('e-mails a one-time link and opens a session whose cookie is scoped to the API and the account', async () => {
    const res = await requestShopperLink(t, MEMBER);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('un lien de connexion vient d’y être envoyé');
    const link = await lastShopperLink(t, MEMBER);
    expect(link).toMatch(/\/compte\/lien\?token=[A-Za-z0-9_-]{43}&email=/);
    // Opening the link only shows a button: a mail scanner fetching it spends nothing.
    const page = await fetch(link!);
    expect(await page.text()).toContain(`en tant que ${MEMBER}`);
    const signed = await followShopperLink(t, link!);
    expect(signed.status).toBe(303);
    expect(signed.headers.get('location')).toBe('/compte/');
    const cookies = signed.headers.getSetCookie().filter((c) => c.startsWith(`${SHOPPER_COOKIE}=`));
    expect(cookies.map((c) => /Path=([^;]+)/.exec(c)?.[1]).sort()).toEqual(['/api', '/compte', '/en/account']);
    for (const c of cookies) {
      expect(c).toMatch(/HttpOnly/);
      expect(c).toMatch(/Secure/);
      expect(c).toMatch(/SameSite=Lax/);
    }
    const home = await fetch(`${t.url}/compte/`, { headers: { cookie: shopperCookieFrom(signed)! } });
    expect(await home.text()).toContain(`Connecté·e en tant que ${MEMBER}`);
    const me = await t.call('GET', '/api/shoppers/me', undefined, { cookie: shopperCookieFrom(signed)! });
    expect(me.body).toMatchObject({ signedIn: true, email: MEMBER });
  });

  it('refuses a link used twice, and opens no second session', async () => {
    await signInShopper(t, MEMBER);
    const link = (await lastShopperLink(t, MEMBER))!;
    const again = await followShopperLink(t, link);
    expect(again.status).toBe(410);
    expect(shopperCookieFrom(again)).toBeNull();
    expect(await again.text()).toContain('Ce lien a déjà servi');
  });

  it('refuses an expired link', async () => {
    await requestShopperLink(t, MEMBER);
    const link = (await lastShopperLink(t, MEMBER))!;
    await t.conn.db
      .update(shopperSignInTokens)
      .set({ expiresAt: Date.now() - 1000 })
      .where(eq(shopperSignInTokens.email, MEMBER));
    const res = await followShopperLink(t, link);
    expect(res.status).toBe(410);
    expect(shopperCookieFrom(res)).toBeNull();
    expect(await res.text()).toContain('Ce lien a expiré');
  });

  it('refuses a link presented for another address, and it still works for its own', async () => {
    await requestShopperLink(t, MEMBER);
    const link = (await lastShopperLink(t, MEMBER))!;
    const res = await followShopperLink(t, link, { email: OTHER });
    expect(res.status).toBe(400);
    expect(shopperCookieFrom(res)).toBeNull();
    expect(await res.text()).toContain('envoyé à une autre adresse');
    expect((await followShopperLink(t, link)).status).toBe(303);
  });

  it('answers an unknown address like a known one and sends it nothing', async () => {
    const res = await requestShopperLink(t, 'nobody-here@example.org');
    expect(res.status).toBe(200);
    expect(await lastShopperLink(t, 'nobody-here@example.org')).toBeNull();
  });

  it('does not let a shopper session open the back office', async () => {
    const cookie = await signInShopper(t, MEMBER);
    const res = await fetch(`${t.url}/gestion/`, { headers: { cookie }, redirect: 'manual' });
    expect(res.status).not.toBe(200);
  });

  it('signs out: the cookie is cleared and the session no longer works', async () => {
    const cookie = await signInShopper(t, MEMBER);
    const out = await fetch(`${t.url}/compte/deconnexion`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: await shopperCsrf(t, cookie) }),
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    const me = await t.call('GET', '/api/shoppers/me', undefined, { cookie });
    expect(me.body).toEqual({ signedIn: false });
  });

  it('works in English at /en/account/', async () => {
    await t.conn.db.delete((await import('../../db/schema/index.ts')).rateLimits);
    const res = await requestShopperLink(t, MEMBER, '/en/account/sign-in');
    expect(await res.text()).toContain('a sign-in link is on its way');
    expect(await lastShopperLink(t, MEMBER)).toMatch(/\/en\/account\/link\?token=/);
  });
});

describe('catalog pages', () => {
  it('set no cookie, even for a signed-in shopper, and the cookie is not scoped to them', async () => {
    const cookie = await signInShopper(t, MEMBER);
    for (const path of ['/', '/boutiques/', '/en/']) {
      const res = await fetch(`${t.url}${path}`, { headers: { cookie } });
      expect(res.headers.getSetCookie(), path).toEqual([]);
    }
  });
});
