// Checks every back-office request passes before a use case runs: same-origin and synchronizer
// tokens against CSRF, and the permission policy (domain/permissions.ts) for the enterprise acted on.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { enterpriseBySlug, type EnterpriseRow } from '../../db/enterprises/enterprises.ts';
import { DomainError } from '../../domain/errors.ts';
import { decide, type Permission } from '../../domain/permissions.ts';
import { readForm } from '../admin/shared/forms.ts';
import { databaseFor } from '../db.ts';
import { constantTimeEqual } from './crypto.ts';
import type { AdminEnv } from './identify.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_FIELD = '_csrf';

/**
 * A browser always sends Origin on a cross-site POST/PUT/PATCH/DELETE; when it is absent, Fetch
 * Metadata tells the same. With `required`, a request that shows neither is refused too: a cookie-
 * holding client that is not a browser should use an API token instead.
 */
export function assertSameOrigin(c: Pick<Context, 'req'>, required: boolean): void {
  const origin = c.req.header('origin');
  const own = new URL(c.req.url).origin;
  if (origin !== undefined && origin !== 'null') {
    if (origin !== own) throw new DomainError('CSRF', 'Cross-site request refused: the Origin does not match this site.');
    return;
  }
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) {
    if (site !== 'same-origin' && site !== 'none') throw new DomainError('CSRF', 'Cross-site request refused.');
    return;
  }
  if (required || origin === 'null')
    throw new DomainError(
      'CSRF',
      'Requests signed in with a session cookie must come from this site (Origin header); automation should use an API token.',
    );
}

/** JSON API: a session-authenticated change must be same-origin; API tokens are not ambient, so no check. */
export const csrfForApi = createMiddleware<AdminEnv>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method) && c.get('via') === 'session') assertSameOrigin(c, true);
  await next();
});

/** HTML forms: same-origin when the browser says so, and the session's token echoed in the form. */
export const csrfForForms = createMiddleware<AdminEnv>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    assertSameOrigin(c, false);
    const session = c.get('session');
    if (session) {
      const body = await readForm(c);
      const sent = body[CSRF_FIELD];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, session.csrfToken)) {
        throw new DomainError('CSRF', 'This form has expired or did not come from this site. Reload the page and try again.');
      }
    }
  }
  await next();
});

/** The enterprise named in the URL, once the policy allows the actor `permission` on it. */
export async function requireEnterprise(c: Context<AdminEnv>, slug: string, permission: Permission): Promise<EnterpriseRow> {
  const actor = c.get('actor');
  if (actor.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Sign in to use the back office.');
  const enterprise = await enterpriseBySlug(databaseFor(c.env), slug);
  // An unknown slug and a known one you may not touch answer alike, so slugs cannot be probed.
  if (!enterprise || decide(actor, permission, enterprise) !== 'allow')
    throw new DomainError('FORBIDDEN', 'You do not have access to this.');
  return enterprise;
}

export function requirePermission(c: Context<AdminEnv>, permission: Permission): void {
  const decision = decide(c.get('actor'), permission, null);
  if (decision === 'unauthenticated') throw new DomainError('UNAUTHENTICATED', 'Sign in to use the back office.');
  if (decision === 'forbidden') throw new DomainError('FORBIDDEN', 'You do not have access to this.');
}

export function requireUser(c: Context<AdminEnv>) {
  const actor = c.get('actor');
  if (actor.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Sign in to use the back office.');
  if (actor.kind !== 'user') throw new DomainError('FORBIDDEN', 'This needs a signed-in person, not an API token.');
  return actor;
}
