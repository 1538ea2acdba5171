// Who is calling the back office: a session cookie (people, in the browser) or an API token
// (automation, `Authorization: Bearer cpt_…`). Sets the actor every route's permission check reads.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { sessionByHash } from '../../db/auth/sign-in.ts';
import { apiTokenByHash, touchApiToken } from '../../db/auth/api-tokens.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/permissions.ts';
import { databaseFor } from '../db.ts';
import type { Env } from '../env.ts';
import { API_TOKEN_PREFIX, sha256Hex } from './crypto.ts';

export interface SessionInfo {
  idHash: string;
  csrfToken: string;
}

export type AdminEnv = {
  Bindings: Env;
  Variables: { requestId: string; actor: Actor; session: SessionInfo | null; via: 'session' | 'token' | 'none' };
};

/** __Host- keeps the cookie to this exact origin (no Domain, Path=/, Secure). */
export const SESSION_COOKIE = '__Host-comptoir_session';
export const SESSION_TTL_MS = 14 * 86_400_000;

export const identify = createMiddleware<AdminEnv>(async (c, next) => {
  const db = databaseFor(c.env);
  const now = Date.now();
  c.set('actor', { kind: 'anonymous' });
  c.set('session', null);
  c.set('via', 'none');
  const auth = c.req.header('authorization');
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    const token = match?.[1];
    if (!token?.startsWith(API_TOKEN_PREFIX))
      throw new DomainError('UNAUTHENTICATED', 'Malformed Authorization header: expected "Bearer cpt_…".');
    const row = await apiTokenByHash(db, await sha256Hex(token));
    if (!row) throw new DomainError('UNAUTHENTICATED', 'This API token is unknown or was revoked.');
    c.set('actor', { kind: 'token', tokenId: row.id, enterpriseId: row.enterpriseId });
    c.set('via', 'token');
    // Recording every use would add a write to every call; once a minute tells a manager enough.
    if (row.lastUsedAt === null || row.lastUsedAt < now - 60_000) c.executionCtx.waitUntil(touchApiToken(db, row.id, now).catch(() => {}));
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const idHash = await sha256Hex(cookie);
      const s = await sessionByHash(db, idHash, now);
      if (s) {
        c.set('actor', {
          kind: 'user',
          userId: s.userId,
          email: s.email,
          name: s.name,
          isPlatformAdmin: s.isPlatformAdmin,
          manages: s.manages,
        });
        c.set('session', { idHash, csrfToken: s.csrfToken });
        c.set('via', 'session');
      } else {
        clearSessionCookie(c);
      }
    }
  }
  c.header('cache-control', 'private, no-store');
  await next();
});

export function setSessionCookie(c: Context, sessionId: string, expiresAt: number): void {
  setCookie(c, SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, secure: true, sameSite: 'Lax', expires: new Date(expiresAt) });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ctx = Context<AdminEnv, any, any>;

/** A path parameter the route pattern guarantees. */
export function param(c: Ctx, name: string): string {
  return c.req.param(name) ?? '';
}
