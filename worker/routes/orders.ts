// Orders API: place an order from a cart (offline, or by card through Stripe's payment page), read it
// back by its unguessable id, and give up a card payment under way. Hubs mark offline payments in the
// back office (worker/admin/orders.tsx), which calls the markOrderPaid use case.
import { Hono } from 'hono';
import * as v from 'valibot';
import { findOrder } from '../../db/orders/order-records.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatInvoiceNumber } from '../../domain/invoices.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { checkoutPath, invoicePath, orderPath, siteUrl } from '../links.ts';
import { cartIdSchema, idSchema, orderIdSchema, quantitySchema } from '../schemas.ts';
import { cancelOwnOrder, changeOwnOrder } from '../shoppers/own-order.ts';
import { cardPaymentsFor, refundsFor } from '../stripe.ts';
import { cancelCardAttempt } from '../use-cases/end-card-attempts.ts';
import { placeOrder } from '../use-cases/place-order.ts';
import { validate } from '../validate.ts';
import { shopperOf } from '../shoppers/session.ts';

const text = (max: number, required: string) =>
  v.pipe(v.string(required), v.trim(), v.nonEmpty(required), v.maxLength(max, `${max} caractères au maximum.`));

export const placeOrderSchema = v.strictObject({
  cartId: cartIdSchema,
  contact: v.strictObject(
    {
      name: text(120, 'Indiquez votre nom.'),
      email: v.pipe(
        v.string('Indiquez votre adresse e-mail.'),
        v.trim(),
        v.toLowerCase(),
        v.nonEmpty('Indiquez votre adresse e-mail.'),
        v.email('Cette adresse e-mail n’est pas valide.'),
        v.maxLength(254),
      ),
      phone: v.pipe(
        v.string('Indiquez un numéro de téléphone.'),
        v.trim(),
        v.regex(/^\+?[0-9 .()-]{6,20}$/, 'Ce numéro de téléphone n’est pas valide.'),
      ),
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

const orderParam = validate('param', v.strictObject({ orderId: orderIdSchema }));

/** The shopper's change: each product with its new quantity (0 removes it; a product not in the order is added). */
export const ownChangeSchema = v.strictObject({
  lines: v.pipe(
    v.array(v.strictObject({ variantId: idSchema, quantity: quantitySchema })),
    v.minLength(1, 'Indiquez au moins un produit.'),
    v.maxLength(200),
  ),
});

export const orders = new Hono<AppEnv>()
  .post('/', validate('json', placeOrderSchema), async (c) => {
    const input = c.req.valid('json');
    const placed = await placeOrder({
      db: databaseFor(c.env),
      input,
      now: Date.now(),
      cardPayments: cardPaymentsFor(c.env),
      siteUrl: siteUrl(c),
      // Members' lines are checked against the signed-in shopper's tags, not the contact typed in.
      member: (await shopperOf(c))?.email ?? null,
    });
    const url = orderPath(placed.publicId, input.locale);
    return c.json(
      {
        id: placed.publicId,
        url,
        state: placed.state,
        paymentState: placed.paymentState,
        totalCents: placed.totals.totalCents,
        redirectUrl: placed.redirectUrl,
      },
      201,
      { location: url },
    );
  })
  .get('/:orderId', orderParam, async (c) => {
    const order = await findOrder(databaseFor(c.env), c.req.valid('param').orderId);
    if (!order) throw new DomainError('NOT_FOUND', 'No such order.');
    c.header('cache-control', 'private, no-store');
    const { order: o, lines, orderFees, invoice } = order;
    return c.json({
      id: o.publicId,
      state: o.state,
      paymentState: o.paymentState,
      hub: { slug: order.hubSlug, name: order.hubName },
      cycle: order.cycleName,
      contact: { name: o.name, email: o.email, phone: o.phone },
      shipping: { kind: o.shippingKind, name: o.shippingName, feeCents: o.shippingCents },
      payment: {
        kind: o.paymentKind,
        name: o.paymentName,
        resumeUrl: o.state === 'checkout' ? (order.payment?.checkoutUrl ?? null) : null,
      },
      reservedUntil: o.reservedUntil,
      lines: lines.map((l) => ({
        variantId: l.variantId,
        productName: l.productName,
        variantName: l.variantName,
        producerName: l.producerName,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        lineTotalCents: l.lineTotalCents,
        vatRateBp: l.vatRateBp,
      })),
      orderFees: orderFees.map((f) => ({ name: f.name, enterpriseName: f.enterpriseName, amountCents: f.amountCents })),
      itemsTotalCents: o.itemsTotalCents,
      orderFeesCents: o.orderFeesCents,
      vatTotalCents: o.vatTotalCents,
      totalCents: o.totalCents,
      placedAt: o.placedAt,
      invoice: invoice && {
        number: formatInvoiceNumber(invoice.year, invoice.number),
        url: invoicePath(o.publicId, o.locale),
        pdfUrl: invoicePath(o.publicId, o.locale, 'pdf'),
      },
    });
  })
  // The shopper changes their own order until the cycle closes, where the hub allows it (worker/shoppers/own-order.ts).
  .patch('/:orderId', orderParam, validate('json', ownChangeSchema), async (c) => {
    const publicId = c.req.valid('param').orderId;
    const done = await changeOwnOrder({
      db: databaseFor(c.env),
      payments: cardPaymentsFor(c.env),
      refunds: refundsFor(c.env),
      publicId,
      asked: c.req.valid('json').lines,
      now: Date.now(),
      siteUrl: siteUrl(c),
    });
    c.header('cache-control', 'private, no-store');
    return done.outcome === 'changed' ? c.json({ id: publicId, ...done }) : c.json({ id: publicId, ...done }, 202);
  })
  .post('/:orderId/cancel', orderParam, async (c) => {
    const publicId = c.req.valid('param').orderId;
    const done = await cancelOwnOrder({
      db: databaseFor(c.env),
      payments: cardPaymentsFor(c.env),
      publicId,
      now: Date.now(),
      siteUrl: siteUrl(c),
    });
    return c.json(done);
  })
  // The shopper gives up the card payment under way (to change the cart or pay otherwise).
  .post('/:orderId/cancel-payment', orderParam, async (c) => {
    const db = databaseFor(c.env);
    const publicId = c.req.valid('param').orderId;
    const outcome = await cancelCardAttempt({ db, payments: cardPaymentsFor(c.env), publicId, siteUrl: siteUrl(c), now: Date.now() });
    const order = (await findOrder(db, publicId))!;
    return c.json({
      id: publicId,
      outcome,
      state: order.order.state,
      paymentState: order.order.paymentState,
      cartId: order.cartPublicId,
      checkoutUrl: order.order.state === 'cancelled' ? checkoutPath(order.hubSlug, order.order.locale, order.cartPublicId) : null,
    });
  });
