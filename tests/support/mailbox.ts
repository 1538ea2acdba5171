// Signing in through the mailbox, for managers (the back office) and shoppers (their account): one
// path for both, as a person takes it. `signInFromMailbox` drives Chromium (the sign-in page, the
// development mailbox's text part as a mail client shows it, the confirmation button);
// `signInByLink` does the same over HTTP, the link read from the outbox, for integration tests.
import type { Page } from 'playwright-core';
import { desc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { outbox, rateLimits } from '../../db/schema/index.ts';
import type { TestWorker } from './local-worker.ts';

export type SignInKind = 'manager' | 'shopper';

/** Where each kind signs in, and how its e-mail is filed in the outbox. */
export const SIGN_IN = {
  manager: {
    entry: '/gestion/',
    form: '/gestion/connexion',
    topic: 'auth.sign-in-link',
    link: /https?:\/\/[^\s"]+\/gestion\/connexion\/lien\?[^\s"]+/,
    home: /\/gestion\/$/,
    cookie: '__Host-comptoir_session',
    // The back office checks the form's origin.
    headers: (t: TestWorker): Record<string, string> => ({ origin: t.url }),
  },
  shopper: {
    entry: '/compte/',
    form: '/compte/connexion',
    topic: 'shopper.sign-in-link',
    link: /https?:\/\/[^\s"]+\/compte\/lien\?[^\s"]+/,
    home: /\/compte\/$/,
    cookie: '__Secure-comptoir_shopper',
    headers: (_t: TestWorker): Record<string, string> => ({}),
  },
} as const;

/**
 * In Chromium: asks for a link on the sign-in page, opens the e-mail in the development mailbox (the
 * worker needs `DEV_MAILBOX: '1'`), follows the link and confirms; resolves on the back office's or the
 * account's home page, signed in.
 */
export async function signInFromMailbox(page: Page, baseUrl: string, email: string, kind: SignInKind = 'manager'): Promise<void> {
  const k = SIGN_IN[kind];
  await page.goto(`${baseUrl}${k.entry}`);
  if (kind === 'manager') await page.waitForURL(/\/gestion\/connexion$/);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
  await page.getByRole('heading', { name: 'Regardez vos e-mails' }).waitFor();
  await page.goto(`${baseUrl}/dev/mailbox`);
  const message = page.locator(`article[data-topic="${k.topic}"][data-recipient="${email}"]`).first();
  const link = k.link.exec((await message.locator('pre').textContent()) ?? '')?.[0];
  expect(link).toBeTruthy();
  await page.goto(link!);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(k.home);
}

/** The newest sign-in link of this kind e-mailed to this address, from the outbox. */
export async function lastLink(t: TestWorker, kind: SignInKind, email: string): Promise<string | null> {
  const rows = await t.conn.db.select().from(outbox).where(eq(outbox.recipient, email)).orderBy(desc(outbox.id));
  const row = rows.find((r) => r.topic === SIGN_IN[kind].topic);
  return row ? (row.payload as { url: string }).url : null;
}

/** Posts the sign-in form (the e-mail address), as the sign-in page does. */
export async function requestSignInLink(
  t: TestWorker,
  kind: SignInKind,
  email: string,
  path: string = SIGN_IN[kind].form,
  headers: Record<string, string> = {},
) {
  return fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SIGN_IN[kind].headers(t), ...headers },
    body: new URLSearchParams({ email }),
    redirect: 'manual',
  });
}

/** Posts the confirmation form of a link; returns the response (303 + cookie on success). */
export async function confirmSignInLink(t: TestWorker, kind: SignInKind, link: string, override: { email?: string } = {}) {
  const url = new URL(link);
  return fetch(`${t.url}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SIGN_IN[kind].headers(t) },
    body: new URLSearchParams({ token: url.searchParams.get('token') ?? '', email: override.email ?? url.searchParams.get('email') ?? '' }),
    redirect: 'manual',
  });
}

/** The `name=value` Cookie header a browser would send back for the session cookie this response sets. */
export function signInCookieFrom(kind: SignInKind, res: Response): string | null {
  const name = SIGN_IN[kind].cookie;
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
  const value = set?.split(';')[0]?.split('=')[1];
  return value ? `${name}=${value}` : null;
}

/** Over HTTP: asks for a link, reads it from the outbox, confirms it; returns the session's Cookie header. */
export async function signInByLink(t: TestWorker, kind: SignInKind, email: string): Promise<string> {
  // Tests sign the same people in many times; the per-address limit is tested on its own.
  await t.conn.db.delete(rateLimits);
  expect((await requestSignInLink(t, kind, email)).status).toBe(200);
  const link = await lastLink(t, kind, email);
  expect(link).toBeTruthy();
  const res = await confirmSignInLink(t, kind, link!);
  expect(res.status).toBe(303);
  const cookie = signInCookieFrom(kind, res);
  expect(cookie).toBeTruthy();
  return cookie!;
}
