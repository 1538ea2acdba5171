// Back-office helpers for tests: sign in through the real e-mailed link (read from the outbox, as
// the development mailbox shows it), then call pages and the API with the session cookie.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sessions } from '../../db/schema/index.ts';
import type { TestWorker } from './local-worker.ts';
import { confirmSignInLink, lastLink, requestSignInLink, signInByLink, signInCookieFrom } from './mailbox.ts';

export interface Session {
  email: string;
  cookie: string;
  csrf: string;
}

/** The newest sign-in link e-mailed to this address. */
export async function lastSignInLink(t: TestWorker, email: string): Promise<string | null> {
  return lastLink(t, 'manager', email);
}

export async function requestLink(t: TestWorker, email: string, headers: Record<string, string> = {}) {
  return requestSignInLink(t, 'manager', email, undefined, headers);
}

/** Posts the confirmation form of a link; returns the response (303 + cookie on success). */
export async function followLink(t: TestWorker, link: string, override: { email?: string } = {}) {
  return confirmSignInLink(t, 'manager', link, override);
}

export function sessionCookieFrom(res: Response): string | null {
  return signInCookieFrom('manager', res);
}

/** Signs a manager in through the e-mailed link (tests/support/mailbox.ts); returns the cookie and the session's CSRF token. */
export async function signIn(t: TestWorker, email: string): Promise<Session> {
  const cookie = await signInByLink(t, 'manager', email);
  const id = cookie.split('=')[1]!;
  const hash = createHash('sha256').update(id).digest('hex');
  const [row] = await t.conn.db.select({ csrf: sessions.csrfToken }).from(sessions).where(eq(sessions.idHash, hash));
  return { email, cookie, csrf: row!.csrf };
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
