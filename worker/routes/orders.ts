// Orders API: place an order from a cart, and read it back by its unguessable id.
import { Hono } from 'hono';
import * as v from 'valibot';
import { findOrder } from '../../db/orders.ts';
import { DomainError } from '../../domain/errors.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { orderPath } from '../pages/order-page.tsx';
import { cartIdSchema, idSchema, orderIdSchema } from '../schemas.ts';
import { placeOrder } from '../use-cases/place-order.ts';
import { validate } from '../validate.ts';

const text = (max: number, required: string) => v.pipe(v.string(required), v.trim(), v.nonEmpty(required), v.maxLength(max, `${max} caractères au maximum.`));

export const placeOrderSchema = v.strictObject({
  cartId: cartIdSchema,
  contact: v.strictObject(
    {
      name: text(120, 'Indiquez votre nom.'),
      email: v.pipe(v.string('Indiquez votre adresse e-mail.'), v.trim(), v.toLowerCase(), v.nonEmpty('Indiquez votre adresse e-mail.'), v.email('Cette adresse e-mail n’est pas valide.'), v.maxLength(254)),
      phone: v.pipe(v.string('Indiquez un numéro de téléphone.'), v.trim(), v.regex(/^\+?[0-9 .()-]{6,20}$/, 'Ce numéro de téléphone n’est pas valide.')),
    },
    'Indiquez vos coordonnées.',
  ),
  shippingMethodId: idSchema,
  paymentMethodId: idSchema,
  address: v.optional(
    v.strictObject({
      line: text(200, 'Indiquez l’adresse.'),
      postalCode: v.pipe(v.string(), v.trim(), v.regex(/^[0-9]{5}$/, 'Le code postal doit avoir 5 chiffres.')),
      city: text(100, 'Indiquez la commune.'),
    }),
  ),
  acceptTerms: v.optional(v.boolean()),
  locale: v.optional(v.picklist(['fr', 'en']), 'fr'),
});

export const orders = new Hono<AppEnv>()
  .post('/', validate('json', placeOrderSchema), async (c) => {
    const { publicId, totals } = await placeOrder({ db: databaseFor(c.env), input: c.req.valid('json'), now: Date.now() });
    const url = orderPath(publicId, c.req.valid('json').locale);
    return c.json({ id: publicId, url, state: 'placed', paymentState: 'pending', totalCents: totals.totalCents }, 201, { location: url });
  })
  .get('/:orderId', validate('param', v.strictObject({ orderId: orderIdSchema })), async (c) => {
    const order = await findOrder(databaseFor(c.env), c.req.valid('param').orderId);
    if (!order) throw new DomainError('NOT_FOUND', 'No such order.');
    c.header('cache-control', 'private, no-store');
    const { order: o, lines, orderFees } = order;
    return c.json({
      id: o.publicId,
      state: o.state,
      paymentState: o.paymentState,
      hub: { slug: order.hubSlug, name: order.hubName },
      cycle: order.cycleName,
      contact: { name: o.name, email: o.email, phone: o.phone },
      shipping: { kind: o.shippingKind, name: o.shippingName, feeCents: o.shippingCents },
      payment: { kind: o.paymentKind, name: o.paymentName },
      lines: lines.map((l) => ({ variantId: l.variantId, productName: l.productName, variantName: l.variantName, producerName: l.producerName, quantity: l.quantity, unitPriceCents: l.unitPriceCents, lineTotalCents: l.lineTotalCents, vatRateBp: l.vatRateBp })),
      orderFees: orderFees.map((f) => ({ name: f.name, enterpriseName: f.enterpriseName, amountCents: f.amountCents })),
      itemsTotalCents: o.itemsTotalCents,
      orderFeesCents: o.orderFeesCents,
      vatTotalCents: o.vatTotalCents,
      totalCents: o.totalCents,
      placedAt: o.placedAt,
    });
  });
