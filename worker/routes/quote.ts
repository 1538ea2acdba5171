// POST /api/carts/:cartId/quote: the checkout summary for a chosen collection/delivery method, so the
// page shows exactly what placing the order will charge (the client never sends a price).
import { Hono } from 'hono';
import * as v from 'valibot';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { cartIdSchema, idSchema } from '../schemas.ts';
import { quoteCart } from '../use-cases/quote-cart.ts';
import { validate } from '../validate.ts';
import { shopperOf } from '../shoppers/session.ts';

export const quote = new Hono<AppEnv>().post(
  '/:cartId/quote',
  validate('param', v.strictObject({ cartId: cartIdSchema })),
  validate('json', v.strictObject({ shippingMethodId: v.optional(idSchema), locale: v.optional(v.picklist(['fr', 'en']), 'fr') })),
  async (c) => {
    const { shippingMethodId, locale } = c.req.valid('json');
    c.header('cache-control', 'no-store');
    return c.json(
      await quoteCart({
        db: databaseFor(c.env),
        cartId: c.req.valid('param').cartId,
        shippingMethodId,
        locale,
        cardConfigured: Boolean(c.env.STRIPE_SECRET_KEY),
        now: Date.now(),
        member: (await shopperOf(c))?.email ?? null,
      }),
    );
  },
);
