// Bindings and variables the worker receives from wrangler.jsonc, secrets, or Miniflare in tests.
import type Documents from './documents/index.ts';

export interface Env {
  /** libSQL server URL: Turso/sqld in production, the local endpoint over the embedded file in development. */
  DATABASE_URL: string;
  DATABASE_AUTH_TOKEN?: string;
  /** How long one database call may take before the request answers 503 (ms; default 5000). */
  DATABASE_TIMEOUT_MS?: string;
  /** The pre-rendered site (Workers Static Assets). */
  ASSETS: Fetcher;
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
  /** Product images (R2): resized by the back office, served at /images/…; locally a bucket beside the database. */
  IMAGES?: R2Bucket;
  /** Cloudflare Images: decodes and resizes uploaded photos (Miniflare emulates it locally with sharp). */
  PHOTOS?: ImagesBinding;
  /** The documents worker (comptoir-documents, worker/documents): draws invoice PDFs, so no shopping request loads pdf-lib. */
  DOCUMENTS?: Service<typeof Documents>;
  /** How long the documents worker may take to draw a PDF before the request answers 503 (ms; default 5000). */
  DOCUMENTS_TIMEOUT_MS?: string;
}

export type AppEnv = { Bindings: Env; Variables: { requestId: string } };
