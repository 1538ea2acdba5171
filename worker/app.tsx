// The Hono app: the JSON API under /api and the pages rendered on demand; the rest of the site is
// pre-rendered static assets served in front of it.
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import * as v from 'valibot';
import { findOrder } from '../db/orders.ts';
import { databaseFor } from './db.ts';
import type { AppEnv } from './env.ts';
import { OrderPage } from './pages/order-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { notFound, onError } from './problem.ts';
import { carts } from './routes/carts.ts';
import { health } from './routes/health.ts';
import { orders } from './routes/orders.ts';
import { shops } from './routes/shops.ts';
import { orderIdSchema } from './schemas.ts';

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'"], scriptSrc: ["'self'"], frameAncestors: ["'none'"] } }));

  app.route('/api/health', health);
  app.route('/api/shops', shops);
  app.route('/api/carts', carts);
  app.route('/api/orders', orders);

  app.get('/commandes/:orderId', async (c) => {
    const parsed = v.safeParse(orderIdSchema, c.req.param('orderId'));
    const record = parsed.success ? await findOrder(databaseFor(c.env), parsed.output) : null;
    c.header('cache-control', 'private, no-store');
    c.header('referrer-policy', 'no-referrer');
    if (!record) return c.html(<NotFoundPage />, 404);
    return c.html(<OrderPage record={record} />);
  });

  app.notFound((c) => (new URL(c.req.url).pathname.startsWith('/api/') ? notFound(c) : c.html(<NotFoundPage />, 404)));
  app.onError(onError);
  return app;
}
