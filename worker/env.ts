// What the worker receives: the bindings of wrangler.jsonc, typed by `npm run types` (wrangler types →
// worker-configuration.d.ts, checked in CI; README « bindings »), and the secrets and variables below
// (.dev.vars.example).

/** Bindings a deployment (or a test) may leave out: what needs them answers 503, the rest works. */
type OptionalBinding = 'IMAGES' | 'PHOTOS' | 'DOCUMENTS';

export interface Env extends Omit<Cloudflare.Env, OptionalBinding>, Partial<Pick<Cloudflare.Env, OptionalBinding>> {
  /** libSQL server URL: Turso/sqld in production, the local endpoint over the embedded file in development. */
  DATABASE_URL: string;
  DATABASE_AUTH_TOKEN?: string;
  /** How long one database call may take before the request answers 503 (ms; default 5000). */
  DATABASE_TIMEOUT_MS?: string;
  /** Catalog rebuilds in production (README « Catalog rebuilds »): the CI's deploy hook, its token, and the debounce. */
  CATALOG_DEPLOY_HOOK_URL?: string;
  CATALOG_DEPLOY_HOOK_TOKEN?: string;
  CATALOG_REBUILD_QUIET_MS?: string;
  CATALOG_REBUILD_MAX_WAIT_MS?: string;
  /** Payments (README « Payments »): without the secret key, card payment is off and offline payment still works. */
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** Another Stripe API endpoint (tests: a local fake), through the SDK's own host options. */
  STRIPE_API_HOST?: string;
  STRIPE_API_PORT?: string;
  STRIPE_API_PROTOCOL?: string;
  /** E-mail (README « E-mail »): Brevo's transactional API, or any endpoint speaking its JSON. */
  EMAIL_API_URL?: string;
  EMAIL_API_KEY?: string;
  EMAIL_FROM?: string;
  /** "1" shows /dev/mailbox, the messages that would have been sent (npm start sets it; never in production). */
  DEV_MAILBOX?: string;
  /** Public origin of every absolute link (sign-in links, e-mails, Stripe's return URLs), e.g. https://comptoir.example.coop. Required: without it the worker sends no link. */
  PUBLIC_URL?: string;
  /** How long the documents worker may take to draw a PDF before the request answers 503 (ms; default 5000). */
  DOCUMENTS_TIMEOUT_MS?: string;
}

export type AppEnv = { Bindings: Env; Variables: { requestId: string } };
