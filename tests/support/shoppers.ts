// Shopper-account helpers for tests: sign in through the real e-mailed link (read from the outbox),
// then call the API and the account pages with the shopper's cookie, as the browser would send it.
import { desc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { outbox, rateLimits } from '../../db/schema/index.ts';
import type { TestWorker } from './local-worker.ts';

export const SHOPPER_COOKIE = '__Secure-comptoir_shopper';

export async function lastShopperLink(t: TestWorker, email: string): Promise<string | null> {
  const rows = await t.conn.db.select().from(outbox).where(eq(outbox.recipient, email)).orderBy(desc(outbox.id));
  const row = rows.find((r) => r.topic === 'shopper.sign-in-link');
  return row ? (row.payload as { url: string }).url : null;
}

export async function requestShopperLink(t: TestWorker, email: string, path = '/compte/connexion') {
  return fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email }),
    redirect: 'manual',
  });
}

export async function followShopperLink(t: TestWorker, link: string, override: { email?: string } = {}) {
  const url = new URL(link);
  return fetch(`${t.url}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: url.searchParams.get('token') ?? '', email: override.email ?? url.searchParams.get('email') ?? '' }),
    redirect: 'manual',
  });
}

export function shopperCookieFrom(res: Response): string | null {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SHOPPER_COOKIE}=`) && !c.startsWith(`${SHOPPER_COOKIE}=;`));
  const value = set?.split(';')[0]?.split('=')[1];
  return value ? `${SHOPPER_COOKIE}=${value}` : null;
}

/** Signs a shopper in through the link; returns the Cookie header the browser would send to /api and /compte. */
export async function signInShopper(t: TestWorker, email: string): Promise<string> {
  await t.conn.db.delete(rateLimits);
  expect((await requestShopperLink(t, email)).status).toBe(200);
  const link = await lastShopperLink(t, email);
  expect(link).toBeTruthy();
  const res = await followShopperLink(t, link!);
  expect(res.status).toBe(303);
  const cookie = shopperCookieFrom(res);
  expect(cookie).toBeTruthy();
  return cookie!;
}

/** The CSRF token the signed-in shopper's account page puts in its forms (`_csrf`), as the browser would post it. */
export async function shopperCsrf(t: TestWorker, cookie: string, home = '/compte/'): Promise<string> {
  const page = await (await fetch(`${t.url}${home}`, { headers: { cookie } })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  expect(token).toBeTruthy();
  return token!;
}
