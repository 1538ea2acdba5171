// Back-office helpers for tests: sign in through the real e-mailed link (read from the outbox, as
// the development mailbox shows it), then call pages and the API with the session cookie.
import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { outbox, rateLimits, sessions } from '../../db/schema/index.ts';
import type { TestWorker } from './local-worker.ts';

export interface Session {
  email: string;
  cookie: string;
  csrf: string;
}

/** The newest sign-in link e-mailed to this address. */
export async function lastSignInLink(t: TestWorker, email: string): Promise<string | null> {
  const rows = await t.conn.db.select().from(outbox).where(eq(outbox.recipient, email)).orderBy(desc(outbox.id));
  const row = rows.find((r) => r.topic === 'auth.sign-in-link');
  return row ? (row.payload as { url: string }).url : null;
}

export async function requestLink(t: TestWorker, email: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/gestion/connexion`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url, ...headers },
    body: new URLSearchParams({ email }),
    redirect: 'manual',
  });
}

/** Posts the confirmation form of a link; returns the response (303 + cookie on success). */
export async function followLink(t: TestWorker, link: string, override: { email?: string } = {}) {
  const url = new URL(link);
  const form = new URLSearchParams({
    token: url.searchParams.get('token') ?? '',
    email: override.email ?? url.searchParams.get('email') ?? '',
  });
  return fetch(`${t.url}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
    body: form,
    redirect: 'manual',
  });
}

export function sessionCookieFrom(res: Response): string | null {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-comptoir_session='));
  const value = set?.split(';')[0]?.split('=')[1];
  return value ? `__Host-comptoir_session=${value}` : null;
}

export async function signIn(t: TestWorker, email: string): Promise<Session> {
  // Tests sign the same people in many times; the per-address limit is tested on its own.
  await t.conn.db.delete(rateLimits);
  const req = await requestLink(t, email);
  expect(req.status).toBe(200);
  const link = await lastSignInLink(t, email);
  expect(link).toBeTruthy();
  const res = await followLink(t, link!);
  expect(res.status).toBe(303);
  const cookie = sessionCookieFrom(res);
  expect(cookie).toBeTruthy();
  const id = cookie!.split('=')[1]!;
  const hash = createHash('sha256').update(id).digest('hex');
  const [row] = await t.conn.db.select({ csrf: sessions.csrfToken }).from(sessions).where(eq(sessions.idHash, hash));
  return { email, cookie: cookie!, csrf: row!.csrf };
}

/** A back-office request as this session (or anonymous), JSON or form; returns status, body and headers. */
export async function as(
  t: TestWorker,
  who: Session | { token: string } | null,
  method: string,
  path: string,
  body?: unknown,
  opts: { form?: boolean; headers?: Record<string, string>; noCsrf?: boolean } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (who && 'cookie' in who) headers.cookie = who.cookie;
  if (who && 'token' in who) headers.authorization = `Bearer ${who.token}`;
  if (method !== 'GET' && !('origin' in headers)) headers.origin = t.url;
  let payload: BodyInit | undefined;
  if (body !== undefined || (opts.form && method !== 'GET')) {
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const params = new URLSearchParams(body as Record<string, string>);
      if (who && 'cookie' in who && !opts.noCsrf) params.set('_csrf', who.csrf);
      payload = params;
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  const res = await fetch(t.url + path, { method, headers, body: payload ?? null, redirect: 'manual' });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body: parsed, text };
}
