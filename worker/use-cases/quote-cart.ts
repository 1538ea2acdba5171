// The checkout summary: what placing the order would charge now, from the database and the one
// pricing code (lines at shelf price, per-order fees and shipping as their own lines, VAT per rate,
// total), with what stands in the way (minimum, terms, payment methods not available here), the
// methods the cart's cycle offers with each one's fee and minimum for this cart, and when and where
// the cycle collects or delivers.
import type { Db } from '../../db/core/client.ts';
import { readCheckout } from '../../db/orders/checkout.ts';
import { viewCart } from '../../domain/cart.ts';
import { minimumWith, shippingFee, zoneLabel } from '../../domain/delivery-zones.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/money.ts';
import { orderTotals } from '../../domain/pricing.ts';
import { orderPath } from '../links.ts';
import { cartJson } from './carts.ts';

const CARD_OFF: Record<'server' | 'shop', Record<Locale, string>> = {
  server: {
    fr: 'Le paiement par carte n’est pas disponible pour le moment : choisissez un autre moyen de paiement.',
    en: 'Card payment is not available at the moment: choose another payment method.',
  },
  shop: { fr: 'Cette boutique ne peut pas encore encaisser par carte.', en: 'This shop cannot take card payments yet.' },
};

export async function quoteCart({
  db,
  cartId,
  shippingMethodId,
  locale,
  cardConfigured,
  now,
  member = null,
}: {
  db: Db;
  cartId: string;
  shippingMethodId: number | undefined;
  locale: Locale;
  cardConfigured: boolean;
  now: number;
  /** The signed-in shopper's address (null for a guest): quoted at their members' prices, as placing charges. */
  member?: string | null;
}) {
  const read = await readCheckout(db, cartId, member);
  if (!read)
    throw new DomainError('NOT_FOUND', 'This cart does not exist.', { fields: [{ field: 'cartId', message: 'Ce panier n’existe pas.' }] });
  const { snapshot: snap, hub, shippingMethods, paymentMethods, liveOrder: order, collection } = read;
  const shipping = shippingMethodId === undefined ? shippingMethods[0] : shippingMethods.find((m) => m.id === shippingMethodId);
  if (shippingMethodId !== undefined && !shipping) {
    throw new DomainError('METHOD_UNAVAILABLE', 'This sales cycle does not offer that collection or delivery method.', {
      fields: [{ field: 'shippingMethodId', message: 'Choisissez un mode de retrait ou de livraison proposé pour ce cycle.' }],
    });
  }
  const view = viewCart(snap.lines, snap.items);
  const priced = view.lines.flatMap((l) =>
    l.item ? [{ variantId: l.variantId, quantity: l.quantity, price: l.item.price, item: l.item }] : [],
  );
  const totals = orderTotals(priced, snap.fees, snap.cart.hubId, {
    feeCents: shipping?.feeCents ?? 0,
    vatRateBp: shipping?.vatRateBp ?? 0,
    freeFromCents: shipping?.freeFromCents ?? null,
  });
  const cart = cartJson(snap, now);
  // Card only while the hub's account can charge (readCheckout gives its account only then) and the server has Stripe.
  const payments = paymentMethods.map((m) => {
    const off = m.kind === 'card' ? (!cardConfigured ? 'server' : !hub.stripeAccountId ? 'shop' : null) : null;
    return { id: m.id, kind: m.kind, name: m.name, available: off === null, message: off ? CARD_OFF[off][locale] : null };
  });
  const minOrderCents = minimumWith(shipping, hub.minOrderCents);
  const minimumReached = totals.itemsTotalCents >= minOrderCents;
  return {
    cart,
    order: order
      ? {
          id: order.publicId,
          url: orderPath(order.publicId, order.locale),
          state: order.state,
          paymentState: order.paymentState,
          reservedUntil: order.reservedUntil,
        }
      : null,
    shipping: shipping ? { id: shipping.id, name: shipping.name, kind: shipping.kind, feeCents: totals.shippingCents } : null,
    /** Every method the cycle offers here, with what it would cost and need for this cart. */
    shippingMethods: shippingMethods.map((m) => {
      const min = minimumWith(m, hub.minOrderCents);
      return {
        id: m.id,
        name: m.name,
        kind: m.kind,
        description: m.description,
        feeCents: shippingFee(m, totals.itemsTotalCents),
        baseFeeCents: m.feeCents,
        freeFromCents: m.freeFromCents,
        minOrderCents: min,
        minimumReached: totals.itemsTotalCents >= min,
        zone: zoneLabel(m.zone) || null,
      };
    }),
    collection: collection
      ? { startsAt: collection.startsAt, endsAt: collection.endsAt, place: collection.place }
      : { startsAt: null, endsAt: null, place: '' },
    lines: totals.lines.map((l) => {
      const item = priced.find((p) => p.variantId === l.variantId)!.item;
      return {
        variantId: l.variantId,
        productName: item.productName,
        variantName: item.variantName,
        producerName: item.producerName,
        quantity: l.quantity,
        unitPriceCents: l.price.priceCents,
        lineTotalCents: l.lineTotalCents,
        vatRateBp: l.price.vatRateBp,
      };
    }),
    orderFees: totals.orderFees.map((f) => ({
      name: f.name,
      enterpriseName: f.enterpriseName,
      role: f.role,
      amountCents: f.amountCents,
      vatRateBp: f.vatRateBp,
    })),
    itemsTotalCents: totals.itemsTotalCents,
    orderFeesCents: totals.orderFeesCents,
    shippingCents: totals.shippingCents,
    vat: totals.vat,
    vatTotalCents: totals.vatTotalCents,
    totalCents: totals.totalCents,
    minOrderCents,
    minimumReached,
    termsRequired: hub.termsText !== null && hub.termsText !== '',
    paymentMethods: payments,
    canPlace:
      cart.cycle.open &&
      !cart.ordered &&
      cart.itemCount > 0 &&
      !cart.hasProblems &&
      minimumReached &&
      shipping !== undefined &&
      payments.some((m) => m.available),
  };
}
