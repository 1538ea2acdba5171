// Sign-in by e-mailed link against the built worker: one-time, short-lived, bound to its address,
// rate-limited; sessions as HttpOnly/Secure/SameSite cookies; sign-out; CSRF on forms and the API.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, rateLimits, signInTokens } from '../../db/schema/index.ts';
import { as, followLink, lastSignInLink, requestLink, sessionCookieFrom, signIn } from '../support/admin.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
const PRODUCER = 'julie.moreau@example.org';
const OTHER = 'anne.delmas@example.org';

beforeAll(async () => {
  t = await startTestWorker();
});
afterAll(() => t?.close());

describe('sign-in link', () => {
  it('e-mails a one-time link through the outbox and signs in with a secure session cookie', async () => {
    const res = await requestLink(t, PRODUCER);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('un lien de connexion vient d’y être envoyé');
    const link = await lastSignInLink(t, PRODUCER);
    expect(link).toMatch(/\/gestion\/connexion\/lien\?token=[A-Za-z0-9_-]{43}&email=/);
    // Opening the link only shows a button: a mail scanner fetching it spends nothing.
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`en tant que ${PRODUCER}`);
    const signed = await followLink(t, link!);
    expect(signed.status).toBe(303);
    expect(signed.headers.get('location')).toBe('/gestion/');
    const setCookie = signed.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/__Host-comptoir_session=[A-Za-z0-9_-]{43}; .*HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const home = await fetch(`${t.url}/gestion/`, { headers: { cookie: sessionCookieFrom(signed)! } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Les Jardins de la Feuillade');
  });

  it('refuses a link used twice', async () => {
    await requestLink(t, PRODUCER);
    const link = (await lastSignInLink(t, PRODUCER))!;
    expect((await followLink(t, link)).status).toBe(303);
    const again = await followLink(t, link);
    expect(again.status).toBe(410);
    expect(sessionCookieFrom(again)).toBeNull();
    expect(await again.text()).toContain('Ce lien a déjà servi');
  });

  it('refuses an expired link', async () => {
    await requestLink(t, PRODUCER);
    const link = (await lastSignInLink(t, PRODUCER))!;
    await t.conn.db
      .update(signInTokens)
      .set({ expiresAt: Date.now() - 1000 })
      .where(eq(signInTokens.email, PRODUCER));
    const res = await followLink(t, link);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('Ce lien a expiré');
    expect(sessionCookieFrom(res)).toBeNull();
  });

  it('refuses a link presented for another address, and it stays usable by its owner', async () => {
    await requestLink(t, PRODUCER);
    const link = (await lastSignInLink(t, PRODUCER))!;
    const res = await followLink(t, link, { email: OTHER });
    expect(res.status).toBe(400);
    expect(sessionCookieFrom(res)).toBeNull();
    expect((await followLink(t, link)).status).toBe(303);
  });

  it('refuses a made-up token', async () => {
    const res = await fetch(`${t.url}/gestion/connexion/lien?token=${'A'.repeat(43)}&email=${PRODUCER}`);
    expect(res.status).toBe(400);
  });

  it('answers an unknown address like a known one, and sends it nothing', async () => {
    const res = await requestLink(t, 'nobody@example.org');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Si nobody@example.org a un compte');
    expect(await lastSignInLink(t, 'nobody@example.org')).toBeNull();
  });

  it('rate-limits link requests per address', async () => {
    const email = 'sophie.laurent@example.org';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await requestLink(t, email)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const rows = await t.conn.db.select().from(outbox).where(eq(outbox.recipient, email));
    expect(rows).toHaveLength(5);
    const api = await t.call('POST', '/api/manage/sign-in-links', { email }, { origin: t.url });
    expect(api.status).toBe(429);
    expect(api.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('rate-limits link requests per IP address', async () => {
    // The address is the socket's, as Cloudflare gives it (tests/integration/edge-security.test.ts has
    // other clients and forged headers): start this client's window afresh.
    await t.conn.db.delete(rateLimits);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await requestLink(t, `visitor${i}@example.org`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('refuses a sign-in form posted from another site', async () => {
    const res = await requestLink(t, PRODUCER, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });
});

describe('session', () => {
  it('lets someone already signed in switch account with a new link (the form carries their token)', async () => {
    const other = await signIn(t, OTHER);
    expect((await requestLink(t, PRODUCER)).status).toBe(200);
    const link = new URL((await lastSignInLink(t, PRODUCER))!);
    const page = await (await fetch(link, { headers: { cookie: other.cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(csrf).toBe(other.csrf);
    const res = await fetch(`${t.url}${link.pathname}`, {
      method: 'POST',
      headers: { cookie: other.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf!, token: link.searchParams.get('token')!, email: PRODUCER }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const me = await fetch(`${t.url}/api/manage/me`, { headers: { cookie: sessionCookieFrom(res)! } });
    expect(((await me.json()) as { email: string }).email).toBe(PRODUCER);
  });

  it('signs out: the cookie no longer opens anything', async () => {
    const s = await signIn(t, PRODUCER);
    expect((await as(t, s, 'GET', '/api/manage/me')).status).toBe(200);
    const out = await as(t, s, 'POST', '/gestion/deconnexion', {}, { form: true });
    expect(out.status).toBe(303);
    expect((await as(t, s, 'GET', '/api/manage/me')).status).toBe(401);
    expect((await as(t, s, 'GET', '/gestion/')).headers.get('location')).toBe('/gestion/connexion');
  });

  it('refuses a form without the session’s CSRF token, or with another session’s', async () => {
    const s = await signIn(t, PRODUCER);
    const other = await signIn(t, OTHER);
    const missing = await as(t, s, 'POST', '/gestion/deconnexion', {}, { form: true, noCsrf: true });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('Formulaire expiré');
    const wrong = await as(t, s, 'POST', '/gestion/deconnexion', { _csrf: other.csrf }, { form: true, noCsrf: true });
    expect(wrong.status).toBe(403);
    expect((await as(t, s, 'GET', '/api/manage/me')).status).toBe(200);
  });

  it('refuses a cross-site API call made with the session cookie', async () => {
    const s = await signIn(t, PRODUCER);
    const res = await as(t, s, 'DELETE', '/api/manage/session', undefined, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'CSRF' });
    const noOrigin = await fetch(`${t.url}/api/manage/session`, { method: 'DELETE', headers: { cookie: s.cookie } });
    expect(noOrigin.status).toBe(403);
    expect((await as(t, s, 'GET', '/api/manage/me')).body).toMatchObject({ kind: 'user', email: PRODUCER });
  });
});
