// POST /api/webhooks/stripe: verifies Stripe's signature over the raw body, then lets the use case
// settle the order. 400 for what will never succeed (bad or stale signature), 200 for what is done,
// duplicate or not ours, 5xx for what a retry may fix (database unreachable, not configured yet).
import { Hono } from 'hono';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { siteUrl } from '../links.ts';
import { problemResponse } from '../problem.ts';
import { verifyStripeEvent, WebhookSignatureError, type StripeEvent } from '../stripe.ts';
import { handleStripeEvent } from '../use-cases/handle-stripe-event.ts';

export const webhooks = new Hono<AppEnv>().post('/stripe', async (c) => {
  const secret = c.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) return problemResponse(c, 503, { title: 'Stripe webhooks are not configured on this server.', code: 'NOT_CONFIGURED' });
  // The signature covers the exact bytes sent: read them as text before anything parses them.
  const raw = await c.req.text();
  let event: StripeEvent;
  try {
    event = await verifyStripeEvent(raw, c.req.header('stripe-signature'), secret);
  } catch (err) {
    if (!(err instanceof WebhookSignatureError)) throw err;
    console.warn(JSON.stringify({ requestId: c.get('requestId'), webhook: 'stripe', refused: err.message.split('\n')[0] }));
    return problemResponse(c, 400, { title: 'The Stripe signature is missing, invalid or too old.', code: 'SIGNATURE_INVALID' });
  }
  try {
    const result = await handleStripeEvent({ db: databaseFor(c.env), event, siteUrl: siteUrl(c), now: Date.now() });
    console.log(JSON.stringify({ requestId: c.get('requestId'), webhook: 'stripe', event: event.id, type: event.type, ...result }));
    return c.json({ received: true, ...result });
  } catch (err) {
    console.error(JSON.stringify({ requestId: c.get('requestId'), webhook: 'stripe', event: event.id, type: event.type, error: String(err) }));
    return problemResponse(c, 503, { title: 'The event could not be recorded now; Stripe will send it again.', code: 'RETRY_LATER' });
  }
});
