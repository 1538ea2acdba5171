// Shopper-account helpers for tests: sign in through the real e-mailed link (read from the outbox),
// then call the API and the account pages with the shopper's cookie, as the browser would send it.
import { expect } from 'vitest';
import type { TestWorker } from './local-worker.ts';
import { confirmSignInLink, lastLink, requestSignInLink, SIGN_IN, signInByLink, signInCookieFrom } from './mailbox.ts';

export const SHOPPER_COOKIE = SIGN_IN.shopper.cookie;

export async function lastShopperLink(t: TestWorker, email: string): Promise<string | null> {
  return lastLink(t, 'shopper', email);
}

export async function requestShopperLink(t: TestWorker, email: string, path = '/compte/connexion') {
  return requestSignInLink(t, 'shopper', email, path);
}

export async function followShopperLink(t: TestWorker, link: string, override: { email?: string } = {}) {
  return confirmSignInLink(t, 'shopper', link, override);
}

export function shopperCookieFrom(res: Response): string | null {
  return signInCookieFrom('shopper', res);
}

/** Signs a shopper in through the link; returns the Cookie header the browser would send to /api and /compte. */
export async function signInShopper(t: TestWorker, email: string): Promise<string> {
  return signInByLink(t, 'shopper', email);
}

/** The CSRF token the signed-in shopper's account page puts in its forms (`_csrf`), as the browser would post it. */
export async function shopperCsrf(t: TestWorker, cookie: string, home = '/compte/'): Promise<string> {
  const page = await (await fetch(`${t.url}${home}`, { headers: { cookie } })).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  expect(token).toBeTruthy();
  return token!;
}
