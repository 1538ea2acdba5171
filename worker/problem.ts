// Errors as application/problem+json (RFC 9457): one mapping from the domain's codes to HTTP, field
// messages for bad input, and a request id; a 5xx never leaks internals. An unreachable database is a
// 503 with Retry-After (a readable page outside /api), never a 500.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';
import { DomainError, type ErrorCode, type FieldError } from '../domain/errors.ts';
import { isDatabaseUnavailable } from './db.ts';
import type { AppEnv } from './env.ts';
import { unavailablePage } from './pages/unavailable-page.tsx';

/** Seconds a client should wait before retrying a 503: enough for a database failover, short for a shopper. */
export const RETRY_AFTER_S = 5;

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  VALIDATION: 422,
  NOT_FOUND: 404,
  CYCLE_CLOSED: 409,
  OUT_OF_STOCK: 409,
  QUANTITY_LIMIT: 422,
  NOT_IN_SHOP: 422,
  CART_EMPTY: 422,
  CART_ALREADY_ORDERED: 409,
  METHOD_UNAVAILABLE: 422,
  MINIMUM_NOT_REACHED: 422,
  TERMS_NOT_ACCEPTED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  RATE_LIMITED: 429,
  SIGN_IN_LINK_INVALID: 400,
  SIGN_IN_LINK_EXPIRED: 410,
  STATE_CONFLICT: 409,
  PAYMENT_PROVIDER: 502,
  SERVICE_UNAVAILABLE: 503,
  PAYMENT_IN_PROGRESS: 409,
  DATABASE_UNAVAILABLE: 503,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
};

export interface ProblemBody {
  title: string;
  code: string;
  detail?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export interface Problem extends ProblemBody {
  type: string;
  status: number;
  requestId: string;
}

export function problemResponse(c: Context<AppEnv>, status: ContentfulStatusCode, body: ProblemBody): Response {
  const problem: Problem = {
    type: `urn:comptoir:problem:${body.code.toLowerCase().replaceAll('_', '-')}`,
    status,
    requestId: c.get('requestId'),
    ...body,
  };
  return c.body(JSON.stringify(problem), status, {
    'content-type': 'application/problem+json; charset=utf-8',
    ...(status === 503 ? { 'retry-after': String(RETRY_AFTER_S) } : {}),
  });
}

export function domainProblem(c: Context<AppEnv>, err: DomainError): Response {
  return problemResponse(c, STATUS[err.code], {
    title: err.message,
    code: err.code,
    ...(err.fields.length ? { errors: err.fields } : {}),
    ...err.details,
  });
}

/** Field-level messages from valibot issues: the path in dot notation and the first message for each field. */
export function validationProblem(c: Context<AppEnv>, issues: readonly v.BaseIssue<unknown>[]): Response {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = v.getDotPath(issue) ?? '';
    if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
  }
  return problemResponse(c, 422, { title: 'The request has invalid fields.', code: 'VALIDATION', errors });
}

export function onError(err: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (err instanceof DomainError) return domainProblem(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    // Hono raises these for a malformed body (bad JSON) before validation runs.
    return problemResponse(c, err.status as ContentfulStatusCode, { title: err.message || 'Bad request.', code: 'BAD_REQUEST' });
  }
  if (isDatabaseUnavailable(err)) {
    console.error(JSON.stringify({ requestId: c.get('requestId'), database: 'unavailable', error: String(err) }));
    return databaseUnavailable(c);
  }
  console.error(JSON.stringify({ requestId: c.get('requestId'), error: String(err), stack: err.stack }));
  return problemResponse(c, 500, { title: 'Something went wrong on our side; nothing was changed. Please try again.', code: 'INTERNAL' });
}

/** 503: problem+json for the API, a readable page for the pages (order pages, the back office). */
export function databaseUnavailable(c: Context<AppEnv>, extra: Record<string, unknown> = {}): Response | Promise<Response> {
  const path = new URL(c.req.url).pathname;
  if (path.startsWith('/api/')) {
    return problemResponse(c, 503, {
      title: 'The database cannot be reached right now; try again in a moment.',
      code: 'DATABASE_UNAVAILABLE',
      ...extra,
    });
  }
  c.header('retry-after', String(RETRY_AFTER_S));
  c.header('cache-control', 'no-store');
  return c.html(unavailablePage(path === '/en' || path.startsWith('/en/') ? 'en' : 'fr'), 503);
}

export function notFound(c: Context<AppEnv>): Response {
  return problemResponse(c, 404, { title: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`, code: 'NOT_FOUND' });
}

/** The HTTP status of a domain error, for the back-office pages that answer in HTML. */
export function statusFor(code: ErrorCode): ContentfulStatusCode {
  return STATUS[code];
}
