// The shopper's session: a cookie of its own (never the back office's), sent only to the worker routes
// that need it, so catalog pages (static shop/producer pages, product pages) never carry nor set one.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { shopperSessionByHash } from '../../db/shoppers/sign-in.ts';
import { databaseFor } from '../db.ts';
import type { Env } from '../env.ts';
import { sha256Hex } from '../auth/crypto.ts';

export interface Shopper {
  email: string;
  idHash: string;
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
  return { email: row.email, idHash };
}

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
