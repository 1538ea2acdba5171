// Passwordless sign-in: a one-time link e-mailed through the outbox, valid 15 minutes, spent when
// it opens a session. Link requests are rate-limited per address and per IP address.
import { countRequests, createSignInLink, signInTokenByHash, spendSignInLink, userByEmail } from '../../db/auth/sign-in.ts';
import type { Db } from '../../db/core/client.ts';
import { hasPendingInvitation } from '../../db/enterprises/managers.ts';
import { DomainError } from '../../domain/errors.ts';
import { paths, type Locale } from '../admin/shared/paths.ts';
import { randomSecret, sha256Hex } from './crypto.ts';
import { SESSION_TTL_MS } from './identify.ts';

export const LINK_TTL_MS = 15 * 60_000;
export const RATE_WINDOW_MS = 15 * 60_000;
/** Enough for a typo and a retry or two; the per-IP figure allows a shared office connection. */
export const MAX_LINKS_PER_ADDRESS = 5;
export const MAX_LINKS_PER_IP = 20;

/**
 * `ip` is null when nothing tells the client's address: then only the per-address limit applies, since
 * one shared bucket would let anyone lock everyone out of signing in.
 * `origin` is the configured public origin (links.ts siteUrl), never the request's Host.
 */
export async function requestSignInLink({
  db,
  email,
  ip,
  locale,
  origin,
  now,
}: {
  db: Db;
  email: string;
  ip: string | null;
  locale: Locale;
  origin: string;
  now: number;
}): Promise<void> {
  const windowStart = now - (now % RATE_WINDOW_MS);
  const [byAddress = 0, byIp = 0] = await countRequests(
    db,
    [`signin:email:${email}`, ...(ip === null ? [] : [`signin:ip:${ip}`])],
    windowStart,
  );
  if (byAddress > MAX_LINKS_PER_ADDRESS || byIp > MAX_LINKS_PER_IP) {
    const retryAfterSeconds = Math.ceil((windowStart + RATE_WINDOW_MS - now) / 1000);
    throw new DomainError('RATE_LIMITED', 'Too many sign-in links were requested. Wait a few minutes and try again.', {
      fields: [{ field: 'email', message: `Trop de liens demandés : réessayez dans ${Math.ceil(retryAfterSeconds / 60)} minutes.` }],
      details: { retryAfterSeconds },
    });
  }
  // Unknown addresses get the same answer and no e-mail, so the form tells nobody who has an account.
  const user = await userByEmail(db, email);
  // Someone invited to manage an enterprise has no account yet: signing in creates it (db/auth/sign-in.ts).
  if (!user && !(await hasPendingInvitation(db, email, now))) return;
  const token = randomSecret();
  const url = `${origin}${paths(locale).signInLink}?token=${token}&email=${encodeURIComponent(email)}`;
  await createSignInLink(db, { tokenHash: await sha256Hex(token), email, expiresAt: now + LINK_TTL_MS, now, locale, url });
}

/** Whether a link can still be used, without spending it (the confirmation page shows this). */
export async function checkSignInLink({ db, token, email, now }: { db: Db; token: string; email: string; now: number }): Promise<void> {
  assertLinkUsable(await signInTokenByHash(db, await sha256Hex(token)), email, now);
}

/** One rule for every e-mailed link (managers' and shoppers'): for this address, unused, not expired. */
export function assertLinkUsable(
  row: { email: string; usedAt: number | null; expiresAt: number } | null | undefined,
  email: string,
  now: number,
): void {
  if (!row || row.email !== email) throw new DomainError('SIGN_IN_LINK_INVALID', 'This sign-in link is not valid. Ask for a new one.');
  if (row.usedAt !== null)
    throw new DomainError('SIGN_IN_LINK_EXPIRED', 'This sign-in link was already used. Ask for a new one.', {
      details: { reason: 'used' },
    });
  if (row.expiresAt <= now)
    throw new DomainError('SIGN_IN_LINK_EXPIRED', 'This sign-in link has expired. Ask for a new one.', { details: { reason: 'expired' } });
}

/** Spends the link and opens a session: returns the cookie value (shown once, stored hashed). */
export async function signInWithLink({ db, token, email, now }: { db: Db; token: string; email: string; now: number }) {
  const sessionId = randomSecret();
  const expiresAt = now + SESSION_TTL_MS;
  const opened = await spendSignInLink(db, {
    tokenHash: await sha256Hex(token),
    email,
    sessionHash: await sha256Hex(sessionId),
    csrfToken: randomSecret(),
    now,
    expiresAt,
  });
  if (!opened) {
    await checkSignInLink({ db, token, email, now });
    throw new DomainError('SIGN_IN_LINK_INVALID', 'This sign-in link is not valid. Ask for a new one.');
  }
  return { sessionId, expiresAt };
}
