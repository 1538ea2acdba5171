// Places an order from a cart. Offline payment: two round trips, one to read everything, one batch
// that writes the order, takes the stock, numbers the invoice and queues the messages. Card payment:
// the same batch opens the attempt with the stock reserved, then Stripe opens the payment page, then
// its session is recorded; if Stripe fails, the attempt is undone and the cart is left as it was.
// The page is handed to the shopper only once recorded, so an attempt without one was never payable:
// when recording fails, or a request died on the way, a retry ends that attempt and starts clean.
import type { ShopItem } from '../../db/catalog/shop.ts';
import { isConstraintError } from '../../db/core/batch.ts';
import { auditStatement } from '../../db/core/audit.ts';
import type { Db } from '../../db/core/client.ts';
import { saveProfileStatement } from '../../db/shoppers/orders.ts';
import { liveOrderQuery, readCheckout, type Checkout, type LiveOrder } from '../../db/orders/checkout.ts';
import { placeOrderStatements } from '../../db/orders/placement.ts';
import { cardAttemptEndedStatements, recordCheckoutSession } from '../../db/orders/card-payments.ts';
import { viewCart } from '../../domain/cart.ts';
import { minimumWith, parseZone, zoneLabel, zoneServes } from '../../domain/delivery-zones.ts';
import { DomainError } from '../../domain/errors.ts';
import { newPublicId } from '../../domain/ids.ts';
import { invoiceYear } from '../../domain/invoices.ts';
import { formatMoney, type Locale } from '../../domain/money.ts';
import type { OrderState, PaymentState } from '../../domain/orders.ts';
import { orderTotals, type OrderTotals } from '../../domain/pricing.ts';
import { orderPath, paymentReturnPath } from '../links.ts';
import { isStripeRefusal, type CardPayments, type SessionLine } from '../stripe.ts';
import { assertCartEditable } from './carts.ts';

/**
 * How long a card payment may take. Stripe's shortest session is 30 minutes; one more minute keeps
 * the session's end safely past that minimum when the request reaches Stripe a moment later.
 */
export const CARD_RESERVATION_MS = 31 * 60_000;

export interface PlaceOrderInput {
  cartId: string;
  contact: { name: string; email: string; phone: string };
  shippingMethodId: number;
  paymentMethodId: number;
  address?: { line: string; postalCode: string; city: string } | undefined;
  acceptTerms?: boolean | undefined;
  locale: Locale;
}

function profileOf(email: string, input: PlaceOrderInput, kind: string, now: number) {
  const address = kind === 'delivery' ? input.address : undefined;
  return {
    email,
    name: input.contact.name,
    phone: input.contact.phone,
    addressLine: address?.line ?? '',
    postalCode: address?.postalCode ?? '',
    city: address?.city ?? '',
    now,
  };
}

export interface PlacedOrder {
  publicId: string;
  state: OrderState;
  paymentState: PaymentState;
  totals: OrderTotals;
  /** Card payments: Stripe's payment page, where the shopper goes next. */
  redirectUrl: string | null;
}

export interface PlaceOrderDeps {
  db: Db;
  input: PlaceOrderInput;
  now: number;
  /** Null when card payment is not configured here. */
  cardPayments?: CardPayments | null;
  /** Public origin for return addresses and links in messages. */
  siteUrl?: string;
  /** The signed-in shopper's address (null for a guest): their members' variants and prices, and their saved details. */
  member?: string | null;
  /** An order a hub takes for a customer (by phone, on site): who took it, audited in the same batch. */
  placedBy?: { userId: number | null; enterpriseId: number; details: Record<string, unknown> };
}

export async function placeOrder({
  db,
  input,
  now,
  cardPayments = null,
  siteUrl = '',
  member = null,
  placedBy,
}: PlaceOrderDeps): Promise<PlacedOrder> {
  let read = await readCheckout(db, input.cartId, member);
  if (read?.liveOrder?.state === 'checkout' && read.liveOrder.sessionId === null) {
    // A card attempt whose payment page was never recorded, so never handed out: it holds the cart and
    // the stock for nobody. End it (unless its page is recorded at this very moment) and read again.
    await db.batch(
      cardAttemptEndedStatements(db, { publicId: read.liveOrder.publicId, reason: 'no_payment_page', now, onlyWithoutSession: true }),
    );
    read = await readCheckout(db, input.cartId, member);
  }
  if (!read)
    throw new DomainError('NOT_FOUND', 'This cart does not exist.', { fields: [{ field: 'cartId', message: 'Ce panier n’existe pas.' }] });
  const { snapshot: snap, hub } = read;
  assertNoLiveOrder(read.liveOrder);
  assertCartEditable(snap, now);
  if (snap.lines.length === 0) throw new DomainError('CART_EMPTY', 'The cart is empty.');
  assertLinesAvailable(snap.lines, snap.items);

  const { shipping, payment } = chosenMethods(read, input);
  if (!shipping)
    throw new DomainError('METHOD_UNAVAILABLE', 'This sales cycle does not offer that collection or delivery method.', {
      fields: [{ field: 'shippingMethodId', message: 'Choisissez un mode de retrait ou de livraison proposé pour ce cycle.' }],
    });
  if (!payment)
    throw new DomainError('METHOD_UNAVAILABLE', 'This sales cycle does not offer that payment method.', {
      fields: [{ field: 'paymentMethodId', message: 'Choisissez un moyen de paiement proposé pour ce cycle.' }],
    });
  const card = payment.kind === 'card' ? cardSetup(cardPayments, hub.stripeAccountId) : null;
  if (shipping.kind === 'delivery' && !input.address) {
    throw new DomainError('VALIDATION', 'A delivery address is required.', {
      fields: [{ field: 'address', message: 'Indiquez l’adresse de livraison.' }],
    });
  }
  if (shipping.kind === 'delivery' && input.address) assertDelivers(shipping, input.address);
  if (hub.termsText && !input.acceptTerms) {
    throw new DomainError('TERMS_NOT_ACCEPTED', 'The shop’s terms of sale must be accepted.', {
      fields: [{ field: 'acceptTerms', message: 'Acceptez les conditions de vente de la boutique.' }],
    });
  }

  const totals = orderTotals(
    snap.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, price: snap.items.get(l.variantId)!.price })),
    snap.fees,
    snap.cart.hubId,
    { feeCents: shipping.feeCents, vatRateBp: shipping.vatRateBp, freeFromCents: shipping.freeFromCents },
  );
  const minOrderCents = minimumWith(shipping, hub.minOrderCents);
  if (totals.itemsTotalCents < minOrderCents) {
    const byMethod = minOrderCents > hub.minOrderCents;
    throw new DomainError(
      'MINIMUM_NOT_REACHED',
      byMethod
        ? `The minimum order for ${shipping.name} is ${formatMoney(minOrderCents, 'en')}.`
        : `This shop's minimum order is ${formatMoney(minOrderCents, 'en')}.`,
      {
        fields: [
          {
            field: byMethod ? 'shippingMethodId' : 'cartId',
            message: byMethod
              ? `La commande minimum pour « ${shipping.name} » est de ${formatMoney(minOrderCents)} de produits.`
              : `La commande minimum de cette boutique est de ${formatMoney(minOrderCents)}.`,
          },
        ],
        details: { minOrderCents, itemsTotalCents: totals.itemsTotalCents },
      },
    );
  }

  const publicId = newPublicId('ord');
  const reservedUntil = card ? now + CARD_RESERVATION_MS : null;
  try {
    await db.batch([
      ...placeOrderStatements(db, {
        publicId,
        cartId: snap.cart.id,
        hubId: snap.cart.hubId,
        cycleId: snap.cart.cycleId,
        locale: input.locale,
        contact: input.contact,
        shipping: {
          id: shipping.id,
          name: shipping.name,
          kind: shipping.kind,
          vatRateBp: shipping.vatRateBp,
          address: shipping.kind === 'delivery' ? (input.address ?? null) : null,
        },
        payment,
        totals,
        items: snap.items,
        reservedUntil,
        siteUrl,
        now,
        year: invoiceYear(now),
        member,
      }),
      // A signed-in shopper's details are saved with the order, so the next checkout is prefilled.
      ...(member === null ? [] : [saveProfileStatement(db, profileOf(member, input, shipping.kind, now))]),
      ...(placedBy
        ? [
            auditStatement(db, {
              userId: placedBy.userId,
              enterpriseId: placedBy.enterpriseId,
              action: 'order.taken-by-hub',
              subject: `order:${publicId}`,
              details: placedBy.details,
              at: now,
            }),
          ]
        : []),
    ]);
  } catch (err) {
    throw await explainRefusal(db, input.cartId, err, now, member);
  }
  if (!card) return { publicId, state: 'placed', paymentState: 'pending', totals, redirectUrl: null };

  let session;
  try {
    session = await card.payments.createSession({
      account: card.account,
      orderPublicId: publicId,
      lines: sessionLines(totals, snap.items, shipping.name),
      customerEmail: input.contact.email,
      locale: input.locale,
      expiresAt: Math.floor(reservedUntil! / 1000),
      successUrl: siteUrl + paymentReturnPath(publicId, input.locale, 'ok'),
      cancelUrl: siteUrl + paymentReturnPath(publicId, input.locale, 'cancelled'),
      idempotencyKey: `comptoir-checkout-${publicId}`,
    });
  } catch (err) {
    // Nobody holds a link to a session we could not read back, so it cannot be paid: undo the attempt.
    console.error(
      JSON.stringify({ stripe: 'checkout session not created', order: publicId, refused: isStripeRefusal(err), error: String(err) }),
    );
    // If this fails too, the shopper's retry (or the sweep, when the reservation ends) ends it.
    await endUnrecordedAttempt(db, publicId, isStripeRefusal(err) ? 'stripe_refused' : 'stripe_unreachable', now);
    throw new DomainError(
      'PAYMENT_PROVIDER',
      'Card payment could not be opened; your cart is unchanged. Try again, or choose payment at collection.',
      {
        fields: [
          {
            field: 'paymentMethodId',
            message:
              'Le paiement par carte n’a pas pu être ouvert. Votre panier est intact : réessayez dans un instant ou choisissez un paiement au retrait.',
          },
        ],
      },
    );
  }
  let recorded: boolean;
  try {
    recorded = await recordCheckoutSession(db, publicId, session.id, session.url ?? null, now);
  } catch (err) {
    // Whether the write went through is unknown. If the page is not recorded, nobody will ever hold its
    // link: end the attempt and expire the session. If it is (only the answer was lost), leave both:
    // the shopper's retry finds the attempt and its page. If the database cannot say, the retry decides.
    console.error(JSON.stringify({ order: publicId, session: session.id, error: `session not recorded: ${String(err)}` }));
    if (await endUnrecordedAttempt(db, publicId, 'session_not_recorded', now)) await expireQuietly(card, session.id, publicId);
    throw err;
  }
  if (!recorded) {
    // A retry replaced this attempt while Stripe was answering (or the shopper gave it up): this page
    // must never be paid. Tell the shopper where the cart stands now.
    await expireQuietly(card, session.id, publicId);
    const [liveNow] = await liveOrderQuery(db, input.cartId);
    assertNoLiveOrder(liveNow);
    throw new DomainError('STATE_CONFLICT', 'This payment was cancelled meanwhile; your cart is open again.', {
      fields: [{ field: 'cartId', message: 'Ce paiement a été annulé entre-temps ; votre panier est de nouveau modifiable.' }],
    });
  }
  return { publicId, state: 'checkout', paymentState: 'pending', totals, redirectUrl: session.url ?? null };
}

/** Ends an attempt whose payment page is not recorded; true if this call ended it. Never throws: a retry or the sweep ends it later. */
async function endUnrecordedAttempt(db: Db, publicId: string, reason: string, now: number): Promise<boolean> {
  try {
    const results = (await db.batch(cardAttemptEndedStatements(db, { publicId, reason, now, onlyWithoutSession: true }))) as Array<{
      rowsAffected?: number;
    }>;
    return (results.at(-1)?.rowsAffected ?? 0) > 0;
  } catch (err) {
    console.error(JSON.stringify({ order: publicId, error: `attempt not undone: ${String(err)}` }));
    return false;
  }
}

/** Nobody was given this page; expiring it makes sure nobody can pay it. Stripe expires it at its end anyway. */
async function expireQuietly(card: { payments: CardPayments; account: string }, sessionId: string, publicId: string): Promise<void> {
  await card.payments.expireSession(card.account, sessionId).catch((err) => {
    console.error(JSON.stringify({ order: publicId, session: sessionId, stripe: 'unused session not expired', error: String(err) }));
  });
}

/** Card payment needs the platform's Stripe key and the hub's connected account. */
function cardSetup(payments: CardPayments | null, account: string | null): { payments: CardPayments; account: string } {
  if (!payments) {
    throw new DomainError('METHOD_UNAVAILABLE', 'Card payment is not configured on this server; choose another payment method.', {
      fields: [
        {
          field: 'paymentMethodId',
          message: 'Le paiement par carte n’est pas disponible pour le moment : choisissez un paiement au retrait.',
        },
      ],
    });
  }
  if (!account) {
    throw new DomainError('METHOD_UNAVAILABLE', 'This shop cannot take card payments yet; choose another payment method.', {
      fields: [
        { field: 'paymentMethodId', message: 'Cette boutique ne peut pas encore encaisser par carte : choisissez un paiement au retrait.' },
      ],
    });
  }
  return { payments, account };
}

/** What Stripe's page lists: every line at its shelf price, each per-order fee and the shipping, summing to the total. */
function sessionLines(totals: OrderTotals, items: ReadonlyMap<number, ShopItem>, shippingName: string): SessionLine[] {
  const lines: SessionLine[] = totals.lines.map((l) => {
    const item = items.get(l.variantId)!;
    return { name: `${item.productName} — ${item.variantName}`, unitAmountCents: l.price.priceCents, quantity: l.quantity };
  });
  for (const f of totals.orderFees) lines.push({ name: `${f.name} (${f.enterpriseName})`, unitAmountCents: f.amountCents, quantity: 1 });
  if (totals.shippingCents > 0) lines.push({ name: shippingName, unitAmountCents: totals.shippingCents, quantity: 1 });
  return lines;
}

/** A delivery outside the method's zone is refused on the field that decides it (postcode, else commune). */
function assertDelivers(shipping: { name: string; zone: string }, address: { postalCode: string; city: string }): void {
  const check = zoneServes(parseZone(shipping.zone).zone, address);
  if (check.ok) return;
  const served = zoneLabel(shipping.zone);
  throw new DomainError('VALIDATION', `${shipping.name} does not deliver to this address; it serves ${served}.`, {
    fields: [
      {
        field: check.field,
        message:
          check.field === 'address.postalCode'
            ? `« ${shipping.name} » ne livre pas ce code postal. Zone servie : ${served}.`
            : `« ${shipping.name} » ne livre pas cette commune. Zone servie : ${served}.`,
      },
    ],
    details: { outsideZone: served },
  });
}

/** The methods the shopper chose, if the cart's cycle offers them at this hub. */
function chosenMethods(read: Checkout, input: PlaceOrderInput) {
  return {
    shipping: read.shippingMethods.find((m) => m.id === input.shippingMethodId),
    payment: read.paymentMethods.find((m) => m.id === input.paymentMethodId),
  };
}

/** A cart with an order: say where that order is (and its payment page), so a retried request leads the shopper to it. */
function assertNoLiveOrder(order: LiveOrder | undefined): void {
  if (!order) return;
  const details = {
    orderId: order.publicId,
    orderUrl: orderPath(order.publicId, order.locale),
    ...(order.state === 'checkout' && order.checkoutUrl ? { paymentUrl: order.checkoutUrl } : {}),
  };
  if (order.state === 'checkout') {
    throw new DomainError('PAYMENT_IN_PROGRESS', 'A card payment for this cart is under way: finish it, or cancel it to change the cart.', {
      fields: [
        {
          field: 'cartId',
          message: 'Un paiement par carte est en cours pour ce panier : terminez-le ou annulez-le depuis la page de la commande.',
        },
      ],
      details,
    });
  }
  throw new DomainError('CART_ALREADY_ORDERED', 'This cart has already been ordered.', { details });
}

function assertLinesAvailable(lines: ReadonlyArray<{ variantId: number; quantity: number }>, items: ReadonlyMap<number, ShopItem>): void {
  const view = viewCart(lines, items);
  const short = view.lines.filter((l) => l.problem);
  if (short.length === 0) return;
  const code = short.some((l) => l.problem!.code === 'OUT_OF_STOCK')
    ? 'OUT_OF_STOCK'
    : short.every((l) => l.problem!.code === 'NOT_IN_SHOP')
      ? 'NOT_IN_SHOP'
      : 'QUANTITY_LIMIT';
  throw new DomainError(code, 'Some products in the cart are no longer available in that quantity.', {
    fields: short.map((l) => ({
      field: `lines.${l.variantId}`,
      message:
        l.problem!.code === 'NOT_IN_SHOP'
          ? // A members' product whose tag the shopper no longer holds (or a guest's cart), or one taken out of the sale.
            `${l.item?.productName ?? 'Ce produit'} ne vous est plus proposé dans cette vente : retirez-le du panier.`
          : l.problem!.available === 0
            ? `${l.item?.productName ?? 'Ce produit'} est épuisé.`
            : `${l.item?.productName ?? 'Ce produit'} : il n’en reste que ${l.problem!.available}.`,
    })),
    details: { lines: short.map((l) => ({ variantId: l.variantId, requested: l.quantity, available: l.problem!.available })) },
  });
}

/**
 * The write batch was refused by a constraint: another shopper took the stock, the cycle closed,
 * or the cart was ordered meanwhile. Read the current state once more to tell the shopper which.
 */
async function explainRefusal(db: Db, cartId: string, err: unknown, now: number, member: string | null): Promise<unknown> {
  if (!isConstraintError(err)) return err;
  const read = await readCheckout(db, cartId, member);
  if (!read) return err;
  try {
    assertNoLiveOrder(read.liveOrder);
    assertCartEditable(read.snapshot, now);
    assertLinesAvailable(read.snapshot.lines, read.snapshot.items);
  } catch (domainErr) {
    return domainErr;
  }
  return err;
}
