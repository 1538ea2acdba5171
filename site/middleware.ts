// Renders each pre-rendered page on its own terms: a page that throws while rendering is reported
// (path and reason, see reportPageFailure) and written nowhere, and the build goes on with the others,
// so one bad row in the database never stops a whole catalog from being published.
import type { MiddlewareHandler } from 'astro';
import { reportPageFailure } from './lib/build-data.ts';

export const onRequest: MiddlewareHandler = async (context, next) => {
  try {
    const response = await next();
    // The body is rendered as it is read: read it here, where a failure can still be caught.
    const body = await response.text();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (err) {
    if (!reportPageFailure(context.url.pathname, err)) throw err;
    // No body: Astro writes no file for this page.
    return new Response(null, { status: 500 });
  }
};
