// Product pages, rendered on demand (French /producteurs/<producer>/produits/<product>/, English under
// /en/): one page per product and language would be most of the static files of a large platform, and a
// page read from the database when asked for is fresh by construction (no rebuild, never stale). One
// round trip (loadProductCatalog), priced by the build's own view code (catalog-view.ts over
// domain/offers.ts and domain/pricing.ts, as the shop pages and the checkout).
import { Hono, type Context } from 'hono';
import { loadProductCatalog } from '../../db/catalog/product-page.ts';
import { productRoutes, type Lang } from '../../domain/catalog-paths.ts';
import { buildCatalogView } from '../../site/lib/catalog-view.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { CatalogNotFoundPage, ProductPage } from '../pages/product-page.tsx';

/**
 * How long a data centre may answer from its cache (Cache API, below): a change is on every product page
 * within this many seconds plus a render, inside the « fresh within 5 s » promise, while a product in
 * demand costs one database read per data centre every two seconds instead of one per visit. Browsers
 * keep nothing (max-age=0): the next visit asks again.
 */
export const PRODUCT_PAGE_CACHE_SECONDS = 2;
const CACHE_CONTROL = `public, max-age=0, s-maxage=${PRODUCT_PAGE_CACHE_SECONDS}`;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The data centre's cache (the Cache API). A Worker's response is not cached by Cloudflare on its way
 * out, whatever its Cache-Control; only what the Worker puts here is. Absent outside workerd (tests of the
 * app alone), and a no-op on *.workers.dev hosts.
 */
function edgeCache(): Cache | null {
  return typeof caches === 'undefined' ? null : (caches as unknown as { default: Cache }).default;
}

async function productPage(c: Context<AppEnv>, lang: Lang) {
  const url = new URL(c.req.url);
  // One URL per page: the trailing slash, as the pre-rendered pages (html_handling auto-trailing-slash).
  if (!url.pathname.endsWith('/')) return c.redirect(`${url.pathname}/${url.search}`, 301);
  const producer = c.req.param('producer') ?? '';
  const product = c.req.param('product') ?? '';
  if (!SLUG.test(producer) || !SLUG.test(product)) return notFound(c, lang, url.pathname);

  // The query string changes nothing on the page: one cache entry per page.
  const key = new Request(`${url.origin}${url.pathname}`, { method: 'GET' });
  const cache = edgeCache();
  const hit = await cache?.match(key);
  if (hit) return new Response(hit.body, hit);

  const snap = await loadProductCatalog(databaseFor(c.env), Date.now(), { producer, product });
  let html: string;
  try {
    const view = snap && buildCatalogView(snap).product(snap.products[0]!.id);
    if (!view) return notFound(c, lang, url.pathname);
    html = String(await (<ProductPage lang={lang} path={url.pathname} view={view} origin={c.env.PUBLIC_URL} />));
  } catch (err) {
    // A row the page cannot show (stored before a rule existed): as when a static page could not be
    // built, the page is not there, and the reason is logged for whoever reads the worker's logs.
    console.error(JSON.stringify({ requestId: c.get('requestId'), page: url.pathname, unrenderable: String(err) }));
    return notFound(c, lang, url.pathname);
  }
  const res = c.html(`<!doctype html>${html}`, 200, { 'cache-control': CACHE_CONTROL });
  if (cache && c.req.method === 'GET') waitUntil(c, cache.put(key, res.clone()));
  return res;
}

function notFound(c: Context<AppEnv>, lang: Lang, path: string) {
  // A product added a moment ago must not stay hidden behind a cached 404.
  return c.html(<CatalogNotFoundPage lang={lang} path={path} />, 404, { 'cache-control': 'no-store' });
}

function waitUntil(c: Context<AppEnv>, work: Promise<unknown>) {
  const done = work.catch(() => {}); // a cache that refuses is no reason to fail the page
  try {
    c.executionCtx.waitUntil(done);
  } catch {
    // No execution context (the app driven without workerd): the put runs on its own.
  }
}

export const productPages = new Hono<AppEnv>();
for (const lang of ['fr', 'en'] as const) {
  productPages.get(productRoutes.pattern(lang), (c) => productPage(c, lang));
  productPages.get(`${productRoutes.pattern(lang)}/`, (c) => productPage(c, lang));
}
