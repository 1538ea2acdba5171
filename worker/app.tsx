// The Hono app: the JSON API under /api and the pages rendered on demand; the rest of the site is
// pre-rendered static assets served in front of it.
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { mountBackOffice } from './admin/index.tsx';
import { catalogPages } from './catalog-pages/routes.ts';
import type { AppEnv } from './env.ts';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { notFound, onError } from './problem.ts';
import { carts } from './routes/carts.ts';
import { devMailbox } from './routes/dev-mailbox.tsx';
import { health } from './routes/health.ts';
import { orderPages } from './routes/order-pages.tsx';
import { orders } from './routes/orders.ts';
import { pages } from './routes/pages.ts';
import { productPages } from './routes/product-pages.tsx';
import { quote } from './routes/quote.ts';
import { rebuilds } from './routes/rebuilds.ts';
import { shops } from './routes/shops.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { webhooks } from './routes/stripe-webhook.ts';
import { mountShopperAccounts } from './shoppers/routes.tsx';

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  // The static files get the same headers from _headers (security-headers.ts); a handler may set a stricter one of its own.
  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  });

  app.route('/api/health', health);
  app.route('/api/shops', shops);
  app.route('/api/carts', carts);
  app.route('/api/orders', orders);
  app.route('/api/rebuilds', rebuilds);
  app.route('/api/pages', pages);

  app.route('/api/carts', quote);
  app.route('/api/webhooks', webhooks);
  mountShopperAccounts(app);
  app.route('/', orderPages);
  // Product pages before the fresh-page layer, whose producer glob covers their paths too.
  app.route('/', productPages);
  app.route('/', catalogPages);
  app.route('/dev', devMailbox);

  mountBackOffice(app);

  app.notFound((c) => (new URL(c.req.url).pathname.startsWith('/api/') ? notFound(c) : c.html(<NotFoundPage />, 404)));
  app.onError(onError);
  return app;
}
