// GET /api/shops/:hub/live: what a pre-rendered shop page cannot know: open or closed now, the
// variants sold out or nearly so, and the shopper's cart. One small response at any catalog size.
import { Hono } from 'hono';
import * as v from 'valibot';
import { hubBySlug, lowStockQuery, nextCycle, openCycle } from '../../db/catalog.ts';
import { DomainError } from '../../domain/errors.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { cartIdSchema, slugSchema } from '../schemas.ts';
import { readCart } from '../use-cases/carts.ts';
import { validate } from '../validate.ts';

export const shops = new Hono<AppEnv>().get(
  '/:hub/live',
  validate('param', v.strictObject({ hub: slugSchema })),
  validate('query', v.strictObject({ cart: v.optional(cartIdSchema) })),
  async (c) => {
    const db = databaseFor(c.env);
    const now = Date.now();
    const { hub: slug } = c.req.valid('param');
    const { cart: cartId } = c.req.valid('query');
    const hub = await hubBySlug(db, slug);
    if (!hub) throw new DomainError('NOT_FOUND', `No shop called “${slug}”.`);
    const cycle = await openCycle(db, hub.id, now);
    const [low, next, cart] = await Promise.all([
      cycle ? lowStockQuery(db, cycle.outgoingId, hub.id) : [],
      cycle ? null : nextCycle(db, hub.id, now),
      cartId ? readCart({ db, cartId, now }).catch((err) => (err instanceof DomainError && err.code === 'NOT_FOUND' ? null : Promise.reject(err))) : null,
    ]);
    c.header('cache-control', 'no-store');
    return c.json({
      hub: { slug: hub.slug, name: hub.name },
      open: cycle !== null,
      cycle: cycle && { name: cycle.name, opensAt: cycle.opensAt, closesAt: cycle.closesAt },
      nextCycle: next && { name: next.name, opensAt: next.opensAt, closesAt: next.closesAt },
      stock: Object.fromEntries(low.map((r) => [r.variantId, r.onHand])),
      cart: cart && cart.cycle.open && !cart.ordered && cart.hub.slug === hub.slug ? cart : null,
      now,
    });
  },
);
