// Shop and producer pages (run through the worker first, see wrangler.jsonc): the published static page
// unchanged while it is current; once a change marked it stale, the same page patched with the current
// data until the deploy-hook rebuild republishes it. README « Fresh pages in production ».
import { Hono, type Context } from 'hono';
import { producerPageRefresh, shopPageRefresh } from '../../db/catalog/shop.ts';
import { canonicalPagePath, type Lang } from '../../domain/catalog-paths.ts';
import { renderAsOfPublicationNotice } from '../../site/lib/render-shelf.ts';
import type { Db } from '../../db/core/client.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { isStale, remembered } from './freshness.ts';
import { patchProducerPage } from './producer-page.ts';
import { listedVariants, patchShopPage, publishedSale } from './shop-page.ts';

type Page = { kind: 'shop' | 'producer'; lang: Lang; slug: string };

// The shop's URL, the page of one of its other open sales (vente/<cycle>/), and their numbered parts.
const SHOP = /^\/(boutiques|en\/shops)\/([a-z0-9-]+)\/(?:(?:vente|sale)\/[1-9][0-9]{0,15}\/)?(?:page\/[1-9][0-9]{0,4}\/)?$/;
const PRODUCER = /^\/(producteurs|en\/producers)\/([a-z0-9-]+)\/$/;

/** Which of our pages a path is; null for the rest under the same prefixes (checkout, product pages, files). */
export function catalogPageOf(pathname: string): Page | null {
  const shop = SHOP.exec(pathname);
  if (shop) return { kind: 'shop', lang: shop[1] === 'boutiques' ? 'fr' : 'en', slug: shop[2]! };
  const producer = PRODUCER.exec(pathname);
  if (producer) return { kind: 'producer', lang: producer[1] === 'producteurs' ? 'fr' : 'en', slug: producer[2]! };
  return null;
}

/** A response of the asset binding with headers the app can still add to (a fetched response's are immutable). */
const own = (res: Response, headers?: Headers) =>
  new Response(res.body, { status: res.status, statusText: res.statusText, headers: headers ?? res.headers });

/** The same request without its validators: a patched page needs the asset's body, never a 304. */
function unconditional(req: Request): Request {
  const headers = new Headers(req.headers);
  for (const h of ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'range']) headers.delete(h);
  return new Request(req.url, { method: 'GET', headers });
}

/** Headers of a page that is not the published file: no validator of the file, and never stored. */
function patchedHeaders(res: Response, state: 'patched' | 'as-published'): Headers {
  const headers = new Headers(res.headers);
  for (const h of ['etag', 'last-modified', 'content-length', 'set-cookie']) headers.delete(h);
  headers.set('cache-control', 'no-store');
  headers.set('comptoir-page', state);
  return headers;
}

const isHtml = (res: Response) => res.status === 200 && (res.headers.get('content-type') ?? '').startsWith('text/html');

async function servePage(c: Context<AppEnv>, page: Page): Promise<Response> {
  const url = new URL(c.req.url);
  const path = canonicalPagePath(url.pathname);
  const db = databaseFor(c.env);
  const now = Date.now();
  const asset = c.env.ASSETS.fetch(c.req.raw);
  let stale: boolean;
  try {
    stale = await remembered(`stale:${path}`, () => isStale(db, path, page.kind === 'shop' ? page.slug : null, now), now);
  } catch {
    return asPublished(page, await asset);
  }
  if (!stale) return own(await asset);
  void asset.then((r) => r.body?.cancel()).catch(() => {});
  try {
    // The patched page itself is what the isolate reuses for MEMO_MS: a busy page is rendered once a second.
    const patched = await remembered(`page:${url.pathname}`, () => patchedPage(c, page, db), now);
    if (patched) return new Response(patched.html, { headers: patched.headers });
    return own(await c.env.ASSETS.fetch(c.req.raw));
  } catch {
    return asPublished(page, await c.env.ASSETS.fetch(unconditional(c.req.raw)));
  }
}

/** The published page rewritten with the current data, or null when there is no HTML page to patch (a 404, a redirect). */
async function patchedPage(c: Context<AppEnv>, page: Page, db: Db): Promise<{ html: string; headers: Headers } | null> {
  const published = await c.env.ASSETS.fetch(unconditional(c.req.raw));
  if (!isHtml(published)) {
    await published.body?.cancel();
    return null;
  }
  const headers = patchedHeaders(published, 'patched');
  if (page.kind === 'producer') {
    const fresh = await producerPageRefresh(db, page.slug);
    return { html: await patchProducerPage(page.lang, page.slug, published, fresh).text(), headers };
  }
  const html = await published.text();
  const listed = listedVariants(html);
  const sale = publishedSale(html);
  const fresh = await shopPageRefresh(db, page.slug, [...listed.keys()], Date.now(), sale.cycleId);
  return { html: await patchShopPage(page.lang, new Response(html, { headers: published.headers }), listed, fresh, sale).text(), headers };
}

/**
 * The database could not be asked: the page as published (the catalog stays browsable; the cart and
 * checkout answer 503 meanwhile, so nothing is charged at an old price), a shop page saying its prices
 * are as of publication.
 */
function asPublished(page: Page, res: Response): Response {
  if (!isHtml(res)) return own(res);
  const headers = patchedHeaders(res, 'as-published');
  if (page.kind !== 'shop') return own(res, headers);
  const notice = renderAsOfPublicationNotice(page.lang);
  return own(new HTMLRewriter().on('#shop-status', { element: (el) => void el.after(notice, { html: true }) }).transform(res), headers);
}

const handle = async (c: Context<AppEnv>) => {
  const page = c.req.method === 'GET' ? catalogPageOf(new URL(c.req.url).pathname) : null;
  return page ? servePage(c, page) : own(await c.env.ASSETS.fetch(c.req.raw));
};

/** Mounted at the root; answers only under the catalog's page prefixes. */
export const catalogPages = new Hono<AppEnv>()
  .get('/boutiques/*', handle)
  .get('/en/shops/*', handle)
  .get('/producteurs/*', handle)
  .get('/en/producers/*', handle);
