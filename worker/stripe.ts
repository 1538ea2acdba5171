// Stripe from the worker: the SDK over fetch (workerd has no Node http), pointed at another API host
// when STRIPE_API_HOST is set (tests run a local fake), and the few calls checkout needs, made on the
// selling hub's connected account, and Connect onboarding of a hub's account. Webhook signatures are verified with Web Crypto over the raw body.
import Stripe from 'stripe';
import type { Env } from './env.ts';

export type CheckoutSession = Stripe.Checkout.Session;
export type StripeEvent = Stripe.Event;

export interface SessionLine {
  name: string;
  unitAmountCents: number;
  quantity: number;
}

export interface NewCheckoutSession {
  /** acct_… of the hub; the payment is the hub's (a direct charge), not the platform's. */
  account: string;
  orderPublicId: string;
  lines: SessionLine[];
  customerEmail: string;
  locale: 'fr' | 'en';
  /** Epoch seconds; Stripe accepts 30 minutes to 24 hours from now. */
  expiresAt: number;
  successUrl: string;
  cancelUrl: string;
  /** Same key, same session: a retried request never opens a second payment. */
  idempotencyKey: string;
  /** chg_… when the session pays for a shopper's change to an order already paid (its webhook applies the change). */
  changePublicId?: string;
}

/** The Stripe calls the use cases make, so they never see the SDK's options. */
export interface CardPayments {
  createSession(s: NewCheckoutSession): Promise<CheckoutSession>;
  retrieveSession(account: string, sessionId: string): Promise<CheckoutSession>;
  /** Expires an open session so it can never be paid; throws StripeInvalidRequestError once it is complete or expired. */
  expireSession(account: string, sessionId: string): Promise<CheckoutSession>;
  /** Refunds a payment in full on the hub's account (back office: cancelling a paid order); the key makes a retry safe. */
  refundPayment(account: string, paymentIntentId: string, idempotencyKey: string): Promise<Stripe.Refund>;
}

let cached: { key: string; client: Stripe } | undefined;

function client(env: Env, key: string): Stripe {
  const cacheKey = `${key}#${env.STRIPE_API_HOST ?? ''}:${env.STRIPE_API_PORT ?? ''}:${env.STRIPE_API_PROTOCOL ?? ''}`;
  if (cached?.key !== cacheKey) {
    const protocol = env.STRIPE_API_PROTOCOL === 'http' ? 'http' : env.STRIPE_API_PROTOCOL === 'https' ? 'https' : undefined;
    cached = {
      key: cacheKey,
      client: new Stripe(key, {
        httpClient: Stripe.createFetchHttpClient(),
        // Retries reuse the request's idempotency key, so they are safe; a shopper waits at most ~20 s.
        maxNetworkRetries: 2,
        timeout: 8_000,
        appInfo: { name: 'Comptoir' },
        ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
        ...(env.STRIPE_API_PORT ? { port: Number(env.STRIPE_API_PORT) } : {}),
        ...(protocol ? { protocol } : {}),
      }),
    };
  }
  return cached.client;
}

/** Card payments as configured, or null when there is no secret key (offline payments only). */
export function cardPaymentsFor(env: Env): CardPayments | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const stripe = client(env, env.STRIPE_SECRET_KEY);
  return {
    createSession: (s) =>
      stripe.checkout.sessions.create(
        {
          mode: 'payment',
          // Cards only: their outcome is known when the session completes (no delayed debit to wait for).
          allowed_payment_method_types: ['card'],
          line_items: s.lines.map((l) => ({
            quantity: l.quantity,
            price_data: { currency: 'eur', unit_amount: l.unitAmountCents, product_data: { name: l.name } },
          })),
          customer_email: s.customerEmail,
          client_reference_id: s.orderPublicId,
          metadata: { order_id: s.orderPublicId, ...(s.changePublicId ? { change_id: s.changePublicId } : {}) },
          payment_intent_data: { metadata: { order_id: s.orderPublicId, ...(s.changePublicId ? { change_id: s.changePublicId } : {}) } },
          locale: s.locale,
          expires_at: s.expiresAt,
          success_url: s.successUrl,
          cancel_url: s.cancelUrl,
        },
        { stripeAccount: s.account, idempotencyKey: s.idempotencyKey },
      ),
    retrieveSession: (account, id) => stripe.checkout.sessions.retrieve(id, {}, { stripeAccount: account }),
    expireSession: (account, id) => stripe.checkout.sessions.expire(id, {}, { stripeAccount: account, idempotencyKey: `expire-${id}` }),
    refundPayment: (account, paymentIntentId, idempotencyKey) =>
      stripe.refunds.create({ payment_intent: paymentIntentId }, { stripeAccount: account, idempotencyKey }),
  };
}

export type StripeAccount = Stripe.Account;

/** What the platform asks of Stripe Connect for a hub's own account (onboarding, state, hosted links). */
export interface StripeConnect {
  /**
   * A connected account the hub controls as a Standard one (its own full Dashboard, Stripe's fees and
   * losses on it): the payments are the hub's direct charges. The key makes a retried click reuse it.
   */
  createAccount(a: { email: string | null; country: string; hubSlug: string; idempotencyKey: string }): Promise<StripeAccount>;
  retrieveAccount(account: string): Promise<StripeAccount>;
  /** A single-use link to Stripe's hosted onboarding; Stripe sends the manager to `refreshUrl` if it expires. */
  onboardingLink(account: string, returnUrl: string, refreshUrl: string): Promise<Stripe.AccountLink>;
}

/** Stripe Connect as configured, or null when there is no secret key. */
export function stripeConnectFor(env: Env): StripeConnect | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const stripe = client(env, env.STRIPE_SECRET_KEY);
  return {
    createAccount: (a) =>
      stripe.accounts.create(
        {
          controller: {
            stripe_dashboard: { type: 'full' },
            fees: { payer: 'account' },
            losses: { payments: 'stripe' },
            requirement_collection: 'stripe',
          },
          country: a.country,
          ...(a.email ? { email: a.email } : {}),
          metadata: { hub: a.hubSlug },
        },
        { idempotencyKey: a.idempotencyKey },
      ),
    retrieveAccount: (account) => stripe.accounts.retrieve(account),
    onboardingLink: (account, returnUrl, refreshUrl) =>
      stripe.accountLinks.create({ account, type: 'account_onboarding', return_url: returnUrl, refresh_url: refreshUrl }),
  };
}

export class WebhookSignatureError extends Error {}

/** The event, if the signature over the raw body is Stripe's and recent (5 minutes), else WebhookSignatureError. */
export async function verifyStripeEvent(rawBody: string, signature: string | undefined, secret: string): Promise<StripeEvent> {
  if (!signature) throw new WebhookSignatureError('No Stripe-Signature header.');
  try {
    return await Stripe.webhooks.constructEventAsync(rawBody, signature, secret, undefined, Stripe.createSubtleCryptoProvider());
  } catch (err) {
    throw new WebhookSignatureError(err instanceof Error ? err.message : String(err));
  }
}

/** Stripe refused the request as such (4xx): retrying the same request will not help. */
export function isStripeRefusal(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeError && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500;
}

/** Giving part of a card payment back (an order corrected downwards), on the hub's connected account. */
export interface Refunds {
  /** The same key gives the same refund: a replayed correction never refunds twice. */
  refund(account: string, paymentIntentId: string, amountCents: number, idempotencyKey: string): Promise<Stripe.Refund>;
}

/** Partial refunds as configured, or null when there is no secret key. */
export function refundsFor(env: Env): Refunds | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const stripe = client(env, env.STRIPE_SECRET_KEY);
  return {
    refund: (account, paymentIntentId, amountCents, idempotencyKey) =>
      stripe.refunds.create({ payment_intent: paymentIntentId, amount: amountCents }, { stripeAccount: account, idempotencyKey }),
  };
}
