// Bindings and variables the worker receives from wrangler.toml, secrets, or Miniflare in tests.
export interface Env {
  /** libSQL server URL: Turso/sqld in production, the local endpoint over the embedded file in development. */
  DATABASE_URL: string;
  DATABASE_AUTH_TOKEN?: string;
  /** The pre-rendered site (Workers Static Assets). */
  ASSETS: Fetcher;
}

export type AppEnv = { Bindings: Env; Variables: { requestId: string } };
