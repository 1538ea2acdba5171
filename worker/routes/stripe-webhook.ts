// POST /api/webhooks/stripe: verifies Stripe's signature over the raw body, then lets the use case
// settle the order. 400 for what will never succeed (bad, stale or future-dated signature), 413 for a
// body no Stripe event comes near, 200 for what is done, duplicate or not ours, 5xx for what a retry
// may fix (database unreachable, not configured yet).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { publicUrl } from '../links.ts';
import { problemResponse } from '../problem.ts';
import { cardPaymentsFor, verifyStripeEvent, WebhookSignatureError, type StripeEvent } from '../stripe.ts';
import { handleStripeEvent } from '../use-cases/handle-stripe-event.ts';

/** Stripe's events weigh a few kilobytes; reading more before the signature is checked only helps an attacker. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** How far ahead of our clock a signature may be dated: stale ones are refused past 5 minutes, so are these. */
export const MAX_FUTURE_SKEW_SECONDS = 300;

const refuseSignature = (c: Context<AppEnv>, reason: string) => {
  console.warn(JSON.stringify({ requestId: c.get('requestId'), webhook: 'stripe', refused: reason }));
  return problemResponse(c, 400, {
    title: 'The Stripe signature is missing, invalid, too old or dated in the future.',
    code: 'SIGNATURE_INVALID',
  });
};

/** The `t=` of a Stripe-Signature header (`t=1700000000,v1=…`), in seconds, or null. */
function signedAt(header: string | undefined): number | null {
  const t = header?.split(',').find((part) => part.trim().startsWith('t='));
  const value = t ? Number(t.trim().slice(2)) : NaN;
  return Number.isSafeInteger(value) ? value : null;
}

export const webhooks = new Hono<AppEnv>().post(
  '/stripe',
  // Counts the bytes as they stream in too: a chunked body declares no Content-Length.
  bodyLimit({
    maxSize: MAX_WEBHOOK_BYTES,
    onError: (c) =>
      problemResponse(c, 413, {
        title: `A Stripe event is never larger than ${MAX_WEBHOOK_BYTES / 1024} KiB; this body was not read.`,
        code: 'PAYLOAD_TOO_LARGE',
      }),
  }),
  async (c) => {
    const secret = c.env.STRIPE_WEBHOOK_SECRET;
    if (!secret) return problemResponse(c, 503, { title: 'Stripe webhooks are not configured on this server.', code: 'NOT_CONFIGURED' });
    const signature = c.req.header('stripe-signature');
    // The SDK refuses signatures older than its tolerance but accepts any date ahead of now.
    const t = signedAt(signature);
    if (t !== null && t > Date.now() / 1000 + MAX_FUTURE_SKEW_SECONDS) return refuseSignature(c, `timestamp ${t} is in the future`);
    // The signature covers the exact bytes sent: read them as text before anything parses them.
    const raw = await c.req.text();
    let event: StripeEvent;
    try {
      event = await verifyStripeEvent(raw, signature, secret);
    } catch (err) {
      if (!(err instanceof WebhookSignatureError)) throw err;
      return refuseSignature(c, err.message.split('\n')[0] ?? '');
    }
    try {
      // The configured origin, or else the one the order's Checkout Session was created with (settle-card-payment.ts):
      // a paid order is completed even on a server whose PUBLIC_URL went missing.
      const result = await handleStripeEvent({
        db: databaseFor(c.env),
        event,
        siteUrl: publicUrl(c.env) ?? '',
        now: Date.now(),
        payments: cardPaymentsFor(c.env),
      });
      console.log(JSON.stringify({ requestId: c.get('requestId'), webhook: 'stripe', event: event.id, type: event.type, ...result }));
      return c.json({ received: true, ...result });
    } catch (err) {
      console.error(
        JSON.stringify({ requestId: c.get('requestId'), webhook: 'stripe', event: event.id, type: event.type, error: String(err) }),
      );
      return problemResponse(c, 503, { title: 'The event could not be recorded now; Stripe will send it again.', code: 'RETRY_LATER' });
    }
  },
);
