// An order a hub takes for a customer (by phone, at the counter): the shop's own path, called as it
// is — a cart opened in the sale, its lines set under the cart's stock rules, the checkout summary,
// then the placement with its guarded stock, invoice and confirmation e-mail — paid offline, audited.
import { asc, eq, sql } from 'drizzle-orm';
import { hubSale, shopItems } from '../../../db/catalog/shop.ts';
import { offeredMethodsQueries } from '../../../db/catalog/cycle-methods.ts';
import type { Db } from '../../../db/core/client.ts';
import { customers } from '../../../db/schema/index.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { Locale } from '../../../domain/money.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { changeCartLine, openCart } from '../../use-cases/carts.ts';
import { placeOrder } from '../../use-cases/place-order.ts';
import { quoteCart } from '../../use-cases/quote-cart.ts';
import { auditActor } from '../shared/audit-actor.ts';

export interface TakenOrder {
  contact: { name: string; email: string; phone: string };
  lines: Array<{ variantId: number; quantity: number }>;
  shippingMethodId: number;
  paymentMethodId: number;
  address?: { line: string; postalCode: string; city: string } | undefined;
  /** The customer's language: their confirmation and later e-mails use it. */
  locale: Locale;
}

/** What the form offers: the sale's variants as the shop sells them, its methods, the hub's customers. */
export async function saleForOrder(db: Db, hub: { id: number; slug: string }, cycleId: number, now: number) {
  const { sale } = await hubSale(db, hub.slug, cycleId, now);
  if (!sale) throw new DomainError('NOT_FOUND', 'This shop does not sell in that cycle.');
  const methods = offeredMethodsQueries(db, sql`${sale.outgoingId}`);
  const [items, shipping, payment, known] = await Promise.all([
    shopItems(db, { hubId: hub.id, cycleId, outgoingId: sale.outgoingId }),
    methods.shipping,
    methods.payment,
    db
      .select({ id: customers.id, name: customers.name, email: customers.email, phone: customers.phone })
      .from(customers)
      .where(eq(customers.hubId, hub.id))
      .orderBy(asc(customers.name), asc(customers.id))
      .limit(1000),
  ]);
  return { sale, items, shipping, payment, customers: known };
}

export async function takeOrder({
  db,
  hub,
  cycleId,
  order,
  actor,
  now,
  siteUrl,
}: {
  db: Db;
  hub: { id: number; slug: string };
  cycleId: number;
  order: TakenOrder;
  actor: Actor;
  now: number;
  /** Origin for the links in the customer's confirmation. */
  siteUrl: string;
}) {
  if (order.lines.length === 0)
    throw new DomainError('CART_EMPTY', 'Add at least one product.', {
      fields: [{ field: 'lines', message: 'Indiquez au moins une quantité.' }],
    });
  const cart = await openCart({ db, hubSlug: hub.slug, cycleId, now });
  for (const line of order.lines) {
    try {
      await changeCartLine({ db, cartId: cart.id, ...line, mode: 'set', now });
    } catch (err) {
      // The cart's answer names its own field; here it belongs to that product's line.
      if (!(err instanceof DomainError) || err.fields.length === 0) throw err;
      throw new DomainError(err.code, err.message, {
        fields: err.fields.map((f) => ({ field: `lines.${line.variantId}`, message: f.message })),
        details: { ...err.details, variantId: line.variantId },
      });
    }
  }
  // The hub sees the shop's own summary: the card cannot be taken over the phone, only offline methods.
  const quote = await quoteCart({
    db,
    cartId: cart.id,
    shippingMethodId: order.shippingMethodId,
    locale: order.locale,
    cardConfigured: false,
    now,
  });
  const payment = quote.paymentMethods.find((m) => m.id === order.paymentMethodId);
  if (payment?.kind === 'card')
    throw new DomainError('METHOD_UNAVAILABLE', 'An order taken by the shop is paid offline.', {
      fields: [
        { field: 'paymentMethodId', message: 'Une commande prise par la boutique se règle hors ligne (espèces, chèque, virement).' },
      ],
    });
  const who = auditActor(actor);
  return placeOrder({
    db,
    input: {
      cartId: cart.id,
      contact: order.contact,
      shippingMethodId: order.shippingMethodId,
      paymentMethodId: order.paymentMethodId,
      address: order.address,
      // The shop's own terms: the shop is the seller taking the order.
      acceptTerms: true,
      locale: order.locale,
    },
    now,
    cardPayments: null,
    siteUrl,
    placedBy: { userId: who.userId, enterpriseId: hub.id, details: { ...who.via, totalCents: quote.totalCents } },
  });
}
