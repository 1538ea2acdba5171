// The security policy of every response, pages rendered by the worker and static files alike: the
// worker sets these headers (app.tsx) and the site build writes the same ones into the _headers file
// of Workers Static Assets (astro.config.mjs), so the two can never drift apart.

/**
 * The one inline script a page may carry (a shop page's, site/components/ShopPage.astro): it starts the
 * script named in its `data-src` once the page has loaded and painted, so the shop's first screen, its
 * photos among them, never waits for the island's download and start; or 3 s after the page was read,
 * if a photo is still loading then, so that one stalled image does not keep the add buttons and live
 * stock away (a module is run once, however often it is imported). Allowed by its hash below
 * (tests/unit/site-head.test.ts checks the two agree); its text never changes between builds, the URL
 * it loads does, which is why that URL is an attribute and not part of the text.
 */
export const AFTER_PAINT_LOADER =
  "{const s=document.currentScript.dataset.src,go=()=>import(s);addEventListener('load',()=>requestAnimationFrame(()=>setTimeout(go)));setTimeout(go,3e3)}";
export const AFTER_PAINT_LOADER_SHA256 = 'pHYA+XJ7LRrfs5oIAnWn9bmmTmQYA9WVpsWRMxjOV8c=';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  // Inline styles, not scripts: a shop page filters without JavaScript through one <style> of its own
  // (its rules depend on the shop, so no hash fits a static header), and back-office pages size a
  // chart and a photo with style attributes.
  "style-src 'self' 'unsafe-inline'",
  `script-src 'self' 'sha256-${AFTER_PAINT_LOADER_SHA256}'`,
  "object-src 'none'",
  "base-uri 'self'",
  // No other site may frame a page (the checkout among them): clickjacking.
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // Checkout and order links carry cart and order ids: never hand them to another site.
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};

/** The `_headers` file of Workers Static Assets: these headers on every static file. */
export function staticHeadersFile(): string {
  return [
    '# Written by the site build from worker/security-headers.ts: edit that file, not this one.',
    '/*',
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`),
    '',
  ].join('\n');
}
