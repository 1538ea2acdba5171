// Places an order from a cart with an offline payment method: two round trips, one to read
// everything, one batch that writes the order and takes the stock atomically.
import { assembleCartSnapshot, cartSnapshot, cartSnapshotQueries } from '../../db/carts.ts';
import type { ShopItem } from '../../db/catalog.ts';
import type { Db } from '../../db/client.ts';
import { checkoutQueries, placeOrderStatements } from '../../db/orders.ts';
import { viewCart } from '../../domain/cart.ts';
import { DomainError } from '../../domain/errors.ts';
import { newPublicId } from '../../domain/ids.ts';
import { formatMoney, type Locale } from '../../domain/money.ts';
import { orderTotals } from '../../domain/pricing.ts';
import { assertCartEditable } from './carts.ts';

export interface PlaceOrderInput {
  cartId: string;
  contact: { name: string; email: string; phone: string };
  shippingMethodId: number;
  paymentMethodId: number;
  address?: { line: string; postalCode: string; city: string } | undefined;
  acceptTerms?: boolean | undefined;
  locale: Locale;
}

export async function placeOrder({ db, input, now }: { db: Db; input: PlaceOrderInput; now: number }) {
  const [c0, c1, c2, c3, hubRows, shippingRows, paymentRows] = await db.batch([
    ...cartSnapshotQueries(db, input.cartId),
    ...checkoutQueries(db, input.cartId, input.shippingMethodId, input.paymentMethodId),
  ]);
  const snap = assembleCartSnapshot([c0, c1, c2, c3]);
  if (!snap) throw new DomainError('NOT_FOUND', 'This cart does not exist.', { fields: [{ field: 'cartId', message: 'Ce panier n’existe pas.' }] });
  assertCartEditable(snap, now);
  if (snap.lines.length === 0) throw new DomainError('CART_EMPTY', 'The cart is empty.');
  assertLinesAvailable(snap.lines, snap.items);

  const hub = hubRows[0]!;
  const shipping = shippingRows[0];
  const payment = paymentRows[0];
  if (!shipping) throw new DomainError('METHOD_UNAVAILABLE', 'This shop does not offer that collection or delivery method.', { fields: [{ field: 'shippingMethodId', message: 'Choisissez un mode de retrait ou de livraison proposé par la boutique.' }] });
  if (!payment) throw new DomainError('METHOD_UNAVAILABLE', 'This shop does not offer that payment method.', { fields: [{ field: 'paymentMethodId', message: 'Choisissez un moyen de paiement proposé par la boutique.' }] });
  if (payment.kind === 'card') {
    throw new DomainError('METHOD_UNAVAILABLE', 'Card payment is not available yet; choose an offline payment method.', { fields: [{ field: 'paymentMethodId', message: 'Le paiement par carte n’est pas encore disponible : choisissez un paiement au retrait.' }] });
  }
  if (shipping.kind === 'delivery' && !input.address) {
    throw new DomainError('VALIDATION', 'A delivery address is required.', { fields: [{ field: 'address', message: 'Indiquez l’adresse de livraison.' }] });
  }
  if (hub.termsText && !input.acceptTerms) {
    throw new DomainError('TERMS_NOT_ACCEPTED', 'The shop’s terms of sale must be accepted.', { fields: [{ field: 'acceptTerms', message: 'Acceptez les conditions de vente de la boutique.' }] });
  }

  const totals = orderTotals(
    snap.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, price: snap.items.get(l.variantId)!.price })),
    snap.fees,
    snap.cart.hubId,
    { feeCents: shipping.feeCents, vatRateBp: shipping.vatRateBp },
  );
  if (totals.itemsTotalCents < hub.minOrderCents) {
    throw new DomainError('MINIMUM_NOT_REACHED', `This shop's minimum order is ${formatMoney(hub.minOrderCents, 'en')}.`, {
      fields: [{ field: 'cartId', message: `La commande minimum de cette boutique est de ${formatMoney(hub.minOrderCents)}.` }],
      details: { minOrderCents: hub.minOrderCents, itemsTotalCents: totals.itemsTotalCents },
    });
  }

  const publicId = newPublicId('ord');
  try {
    await db.batch(
      placeOrderStatements(db, {
        publicId,
        cartId: snap.cart.id,
        hubId: snap.cart.hubId,
        cycleId: snap.cart.cycleId,
        locale: input.locale,
        contact: input.contact,
        shipping: { id: shipping.id, name: shipping.name, kind: shipping.kind, vatRateBp: shipping.vatRateBp, address: shipping.kind === 'delivery' ? input.address ?? null : null },
        payment,
        totals,
        items: snap.items,
        hubEmail: hub.email,
        now,
      }),
    );
  } catch (err) {
    throw await explainRefusal(db, input.cartId, err, now);
  }
  return { publicId, totals };
}

function assertLinesAvailable(lines: ReadonlyArray<{ variantId: number; quantity: number }>, items: ReadonlyMap<number, ShopItem>): void {
  const view = viewCart(lines, items);
  const short = view.lines.filter((l) => l.problem);
  if (short.length === 0) return;
  throw new DomainError(short.some((l) => l.problem!.code === 'OUT_OF_STOCK') ? 'OUT_OF_STOCK' : 'QUANTITY_LIMIT', 'Some products in the cart are no longer available in that quantity.', {
    fields: short.map((l) => ({
      field: `lines.${l.variantId}`,
      message: l.problem!.available === 0 ? `${l.item?.productName ?? 'Ce produit'} est épuisé.` : `${l.item?.productName ?? 'Ce produit'} : il n’en reste que ${l.problem!.available}.`,
    })),
    details: { lines: short.map((l) => ({ variantId: l.variantId, requested: l.quantity, available: l.problem!.available })) },
  });
}

/**
 * The write batch was refused by a constraint: another shopper took the stock, the cycle closed,
 * or the cart was ordered meanwhile. Read the current state once more to tell the shopper which.
 */
async function explainRefusal(db: Db, cartId: string, err: unknown, now: number): Promise<unknown> {
  if (!isConstraintError(err)) return err;
  const snap = await cartSnapshot(db, cartId);
  if (!snap) return err;
  try {
    assertCartEditable(snap, now);
    assertLinesAvailable(snap.lines, snap.items);
  } catch (domainErr) {
    return domainErr;
  }
  return err;
}

function isConstraintError(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) return true;
  }
  return false;
}
