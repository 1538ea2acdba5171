// Cart API: open a cart in a shop for one of its sales, read it, add a variant, set or remove a line.
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { cartIdSchema, idParamSchema, idSchema, quantitySchema, slugSchema } from '../schemas.ts';
import { changeCartLine, openCart, readCart } from '../use-cases/carts.ts';
import { validate } from '../validate.ts';
import { shopperOf } from '../shoppers/session.ts';

/** The signed-in shopper's address, whose tags open members' sales, variants and prices; null for a guest. */
const memberOf = async (c: Context) => (await shopperOf(c))?.email ?? null;

const cartParam = validate('param', v.strictObject({ cartId: cartIdSchema }));
const lineParam = validate('param', v.strictObject({ cartId: cartIdSchema, variantId: idParamSchema }));

export const carts = new Hono<AppEnv>()
  // `cycle`: the sale the shopper is shopping (the page's data-cycle); without it, the hub's first open sale.
  .post('/', validate('json', v.strictObject({ hub: slugSchema, cycle: v.optional(idSchema) })), async (c) => {
    const { hub, cycle } = c.req.valid('json');
    const cart = await openCart({ db: databaseFor(c.env), hubSlug: hub, cycleId: cycle, now: Date.now(), member: await memberOf(c) });
    return c.json(cart, 201, { location: `/api/carts/${cart.id}` });
  })
  .get('/:cartId', cartParam, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(
      await readCart({ db: databaseFor(c.env), cartId: c.req.valid('param').cartId, now: Date.now(), member: await memberOf(c) }),
    );
  })
  .post(
    '/:cartId/lines',
    cartParam,
    validate(
      'json',
      v.strictObject({ variantId: idSchema, quantity: v.pipe(quantitySchema, v.minValue(1, 'Ajoutez au moins un article.')) }),
    ),
    async (c) => {
      const { variantId, quantity } = c.req.valid('json');
      return c.json(
        await changeCartLine({
          db: databaseFor(c.env),
          cartId: c.req.valid('param').cartId,
          variantId,
          quantity,
          mode: 'add',
          now: Date.now(),
          member: await memberOf(c),
        }),
      );
    },
  )
  .put('/:cartId/lines/:variantId', lineParam, validate('json', v.strictObject({ quantity: quantitySchema })), async (c) => {
    const { cartId, variantId } = c.req.valid('param');
    return c.json(
      await changeCartLine({
        db: databaseFor(c.env),
        cartId,
        variantId,
        quantity: c.req.valid('json').quantity,
        mode: 'set',
        now: Date.now(),
        member: await memberOf(c),
      }),
    );
  })
  .delete('/:cartId/lines/:variantId', lineParam, async (c) => {
    const { cartId, variantId } = c.req.valid('param');
    return c.json(
      await changeCartLine({
        db: databaseFor(c.env),
        cartId,
        variantId,
        quantity: 0,
        mode: 'set',
        now: Date.now(),
        member: await memberOf(c),
      }),
    );
  });
