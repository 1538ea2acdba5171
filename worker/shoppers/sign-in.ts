// Shoppers' passwordless sign-in: the managers' mechanism (hashed one-time link through the outbox,
// 15 minutes, per-address and per-IP limits: worker/auth/sign-in.ts) with a session of the shopper's kind.
import { countRequests } from '../../db/auth/sign-in.ts';
import type { Db } from '../../db/core/client.ts';
import { createShopperSignInLink, isKnownShopper, shopperTokenByHash, spendShopperSignInLink } from '../../db/shoppers/sign-in.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/money.ts';
import { randomSecret, sha256Hex } from '../auth/crypto.ts';
import { assertLinkUsable, LINK_TTL_MS, MAX_LINKS_PER_ADDRESS, MAX_LINKS_PER_IP, RATE_WINDOW_MS } from '../auth/sign-in.ts';
import { accountPaths } from './paths.ts';
import { SHOPPER_SESSION_TTL_MS } from './session.ts';

/** Unknown addresses get the same answer and no e-mail, so the form tells nobody who has shopped where. */
export async function requestShopperLink({
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
    [`shopper-signin:email:${email}`, ...(ip === null ? [] : [`shopper-signin:ip:${ip}`])],
    windowStart,
  );
  if (byAddress > MAX_LINKS_PER_ADDRESS || byIp > MAX_LINKS_PER_IP) {
    const retryAfterSeconds = Math.ceil((windowStart + RATE_WINDOW_MS - now) / 1000);
    throw new DomainError('RATE_LIMITED', 'Too many sign-in links were requested. Wait a few minutes and try again.', {
      fields: [{ field: 'email', message: `Trop de liens demandés : réessayez dans ${Math.ceil(retryAfterSeconds / 60)} minutes.` }],
      details: { retryAfterSeconds },
    });
  }
  if (!(await isKnownShopper(db, email))) return;
  const token = randomSecret();
  const url = `${origin}${accountPaths(locale).link}?token=${token}&email=${encodeURIComponent(email)}`;
  await createShopperSignInLink(db, { tokenHash: await sha256Hex(token), email, expiresAt: now + LINK_TTL_MS, now, locale, url });
}

/** Whether a link can still be used, without spending it (the confirmation page shows this). */
export async function checkShopperLink({ db, token, email, now }: { db: Db; token: string; email: string; now: number }) {
  assertLinkUsable(await shopperTokenByHash(db, await sha256Hex(token)), email, now);
}

/** Spends the link and opens a shopper session: the cookie value (shown once, stored hashed). */
export async function signInShopper({ db, token, email, now }: { db: Db; token: string; email: string; now: number }) {
  const sessionId = randomSecret();
  const expiresAt = now + SHOPPER_SESSION_TTL_MS;
  const opened = await spendShopperSignInLink(db, {
    tokenHash: await sha256Hex(token),
    email,
    sessionHash: await sha256Hex(sessionId),
    now,
    expiresAt,
  });
  if (!opened) {
    await checkShopperLink({ db, token, email, now });
    throw new DomainError('SIGN_IN_LINK_INVALID', 'This sign-in link is not valid. Ask for a new one.');
  }
  return { sessionId, expiresAt };
}
