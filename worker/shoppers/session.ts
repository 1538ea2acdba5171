// The shopper's session: a cookie of its own (never the back office's), sent only to the worker routes
// that need it, so catalog pages (static shop/producer pages, product pages) never carry nor set one.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { shopperSessionByHash } from '../../db/shoppers/sign-in.ts';
import { databaseFor } from '../db.ts';
import type { Env } from '../env.ts';
import { constantTimeEqual, sha256Hex } from '../auth/crypto.ts';
import { assertSameOrigin, CSRF_FIELD } from '../auth/guard.ts';
import { readForm } from '../admin/shared/forms.ts';
import { DomainError } from '../../domain/errors.ts';

export interface Shopper {
  email: string;
  idHash: string;
  /** The synchronizer token the account's forms carry (`_csrf`), derived from the session's secret. */
  csrf: string;
}

export type ShopperEnv = { Bindings: Env; Variables: { requestId: string; shopper: Shopper | null } };

/** `__Secure-comptoir_shopper`: Secure is required by the prefix; __Host- would force Path=/, onto every page. */
export const SHOPPER_COOKIE = 'comptoir_shopper';
export const SHOPPER_SESSION_TTL_MS = 30 * 86_400_000;

/**
 * Where the browser sends the cookie: the API (cart, checkout, the live request a shop page makes) and
 * the account pages. A cookie has one Path, so it is set once per path under the same name.
 */
export const SHOPPER_COOKIE_PATHS = ['/api', '/compte', '/en/account'] as const;

/** The shopper behind the request's cookie, or null; a stale cookie is cleared. Reads nothing without a cookie. */
export async function shopperOf(c: Context): Promise<Shopper | null> {
  const cookie = getCookie(c, SHOPPER_COOKIE, 'secure');
  if (!cookie) return null;
  const idHash = await sha256Hex(cookie);
  const row = await shopperSessionByHash(databaseFor(c.env as Env), idHash, Date.now());
  if (!row) {
    clearShopperCookie(c);
    return null;
  }
  // Derived rather than stored: only the holder of the cookie can compute it, and it dies with the session.
  return { email: row.email, idHash, csrf: await sha256Hex(`csrf:${cookie}`) };
}

/**
 * The back office's protection for the account's forms (auth/guard.ts): same origin when the browser
 * says where the post comes from, and, for a signed-in shopper, the session's token echoed in the form.
 */
export const shopperCsrf = createMiddleware<ShopperEnv>(async (c, next) => {
  if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
    assertSameOrigin(c, false);
    const shopper = c.get('shopper');
    if (shopper) {
      const sent = (await readForm(c))[CSRF_FIELD];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, shopper.csrf))
        throw new DomainError('CSRF', 'This form has expired or did not come from this site. Reload the page and try again.');
    }
  }
  await next();
});

export const identifyShopper = createMiddleware<ShopperEnv>(async (c, next) => {
  c.set('shopper', await shopperOf(c));
  c.header('cache-control', 'private, no-store');
  await next();
});

export function setShopperCookie(c: Context, sessionId: string, expiresAt: number): void {
  for (const path of SHOPPER_COOKIE_PATHS)
    setCookie(c, SHOPPER_COOKIE, sessionId, {
      path,
      prefix: 'secure',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      expires: new Date(expiresAt),
    });
}

export function clearShopperCookie(c: Context): void {
  for (const path of SHOPPER_COOKIE_PATHS) deleteCookie(c, SHOPPER_COOKIE, { path, prefix: 'secure', secure: true });
}
