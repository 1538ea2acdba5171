// Cart use cases: open a cart in a hub's shop, add to it, change or remove a line, read it.
// Prices and limits always come from the database; the client sends variant ids and quantities only.
import { hubSale } from '../../db/catalog/shop.ts';
import { cartSnapshot, changeLine, createCartStatement, type CartSnapshot } from '../../db/orders/carts.ts';
import type { Db } from '../../db/core/client.ts';
import { carts } from '../../db/schema/index.ts';
import { assertQuantityAllowed, maxQuantity, viewCart } from '../../domain/cart.ts';
import { isOpenAt } from '../../domain/cycles.ts';
import { DomainError } from '../../domain/errors.ts';
import { newPublicId } from '../../domain/ids.ts';
import { orderTotals } from '../../domain/pricing.ts';
import { shopperTags } from '../../db/shoppers/members-sql.ts';

/**
 * Opens a cart in a hub's shop for one of its open public sales: `cycleId` (the sale the shopper is
 * shopping), or by default the one closing first. Refused with the reason when that sale is not open,
 * reserved to a tag `member` (the signed-in shopper's address, null for a guest) does not hold, or not this hub's.
 */
export async function openCart({
  db,
  hubSlug,
  cycleId,
  now,
  member = null,
}: {
  db: Db;
  hubSlug: string;
  cycleId?: number | undefined;
  now: number;
  member?: string | null;
}) {
  const { hub, sale: cycle } = await hubSale(db, hubSlug, cycleId ?? null, now);
  if (!hub)
    throw new DomainError('NOT_FOUND', `No shop called “${hubSlug}”.`, {
      fields: [{ field: 'hub', message: 'Cette boutique n’existe pas.' }],
    });
  if (!cycle && cycleId === undefined) throw new DomainError('CYCLE_CLOSED', 'This shop is closed: no order cycle is open.');
  if (!cycle)
    throw new DomainError('VALIDATION', `The shop “${hubSlug}” does not sell in cycle ${cycleId}.`, {
      fields: [{ field: 'cycle', message: 'Cette boutique ne vend pas dans ce cycle de vente.' }],
    });
  if (!isOpenAt(cycle, now))
    throw new DomainError('CYCLE_CLOSED', 'This sale is not open for orders.', {
      fields: [{ field: 'cycle', message: 'Cette vente n’est pas ouverte aux commandes.' }],
      details: { opensAt: cycle.opensAt, closesAt: cycle.closesAt },
    });
  if (cycle.requiredTag !== null && !(await shopperTags(db, hub.id, member)).includes(cycle.requiredTag))
    throw new DomainError('CYCLE_CLOSED', 'This sale is reserved to the shop’s members.', {
      fields: [{ field: 'cycle', message: 'Cette vente est réservée aux membres de la boutique.' }],
    });
  if (!cycle.canComplete)
    throw new DomainError('CYCLE_CLOSED', 'No order can be completed in this sale yet (no usable collection or payment method).', {
      fields: [
        {
          field: 'cycle',
          message: 'Cette vente n’est pas encore ouverte : la boutique n’y propose pas de moyen de retrait ou de paiement utilisable.',
        },
      ],
    });
  const publicId = newPublicId('cart');
  const [row] = await createCartStatement(db, {
    publicId,
    hubId: hub.id,
    cycleId: cycle.cycleId,
    createdAt: now,
    updatedAt: now,
  }).returning({ id: carts.id });
  // A new cart is empty: its view needs no second read.
  const context: CartSnapshot['cart'] = {
    id: row!.id,
    publicId,
    hubId: hub.id,
    hubSlug: hub.slug,
    hubName: hub.name,
    cycleId: cycle.cycleId,
    cycleName: cycle.name,
    opensAt: cycle.opensAt,
    closesAt: cycle.closesAt,
    outgoingId: cycle.outgoingId,
    collectionStartsAt: cycle.collectionStartsAt,
    collectionEndsAt: cycle.collectionEndsAt,
    collectionPlace: cycle.collectionPlace,
    requiredTag: null,
    orderedAt: null,
    updatedAt: now,
  };
  return cartJson({ cart: context, fees: [], items: new Map(), lines: [] }, now);
}

export async function readCart({ db, cartId, now, member = null }: { db: Db; cartId: string; now: number; member?: string | null }) {
  const snap = found(await cartSnapshot(db, cartId, [], member));
  return cartJson(snap, now);
}

/**
 * Sets a line to `quantity` ('set') or adds `quantity` to it ('add'); 0 removes the line. One round trip:
 * the database writes only what the rules allow and reads the cart back in the same batch; when it
 * refused, the rules run on the state it saw to say why, with the same answers as checking first.
 */
export async function changeCartLine({
  db,
  cartId,
  variantId,
  quantity,
  mode,
  now,
  member = null,
}: {
  db: Db;
  cartId: string;
  variantId: number;
  quantity: number;
  mode: 'set' | 'add';
  now: number;
  member?: string | null;
}) {
  const { written, snapshot } = await changeLine(db, { publicId: cartId, variantId, quantity, mode, now, member });
  const snap = found(snapshot);
  assertCartEditable(snap, now);
  if (!written && !(mode === 'set' && quantity === 0)) {
    // Unchanged by the refused write, so the line holds what it held before.
    const current = snap.lines.find((l) => l.variantId === variantId)?.quantity ?? 0;
    assertQuantityAllowed(snap.items.get(variantId), variantId, mode === 'add' ? current + quantity : quantity);
    throw new Error(`The database refused cart line ${variantId} that the cart rules allow: its guards and domain/cart.ts disagree.`);
  }
  return cartJson(snap, now);
}

function found(snap: CartSnapshot | null): CartSnapshot {
  if (!snap)
    throw new DomainError('NOT_FOUND', 'This cart does not exist.', { fields: [{ field: 'cartId', message: 'Ce panier n’existe pas.' }] });
  return snap;
}

export function assertCartEditable(snap: CartSnapshot, now: number): void {
  if (snap.cart.orderedAt !== null) throw new DomainError('CART_ALREADY_ORDERED', 'This cart has already been ordered.');
  if (!isOpenAt(snap.cart, now))
    throw new DomainError('CYCLE_CLOSED', 'This shop’s order cycle is closed.', { details: { closesAt: snap.cart.closesAt } });
  if (snap.cart.requiredTag !== null) throw new DomainError('CYCLE_CLOSED', 'This sale is now reserved to the shop’s members.');
}

/** The cart as the API returns it. */
export function cartJson(snap: CartSnapshot, now: number) {
  const view = viewCart(snap.lines, snap.items);
  // Per-order fees depend on the items total; shipping is added at checkout once a method is chosen.
  const { orderFees, orderFeesCents } = orderTotals(
    view.lines.flatMap((l) => (l.item ? [{ variantId: l.variantId, quantity: l.quantity, price: l.item.price }] : [])),
    snap.fees,
    snap.cart.hubId,
    { feeCents: 0, vatRateBp: 0 },
  );
  return {
    id: snap.cart.publicId,
    hub: { slug: snap.cart.hubSlug, name: snap.cart.hubName },
    cycle: {
      id: snap.cart.cycleId,
      name: snap.cart.cycleName,
      opensAt: snap.cart.opensAt,
      closesAt: snap.cart.closesAt,
      open: isOpenAt(snap.cart, now),
      collectionStartsAt: snap.cart.collectionStartsAt,
      collectionEndsAt: snap.cart.collectionEndsAt,
      collectionPlace: snap.cart.collectionPlace,
    },
    ordered: snap.cart.orderedAt !== null,
    lines: view.lines.map((l) => ({
      variantId: l.variantId,
      quantity: l.quantity,
      productName: l.item?.productName ?? null,
      variantName: l.item?.variantName ?? null,
      producerName: l.item?.producerName ?? null,
      unitPriceCents: l.item?.price.priceCents ?? null,
      lineTotalCents: l.lineTotalCents,
      maxQuantity: l.item ? maxQuantity(l.item) : 0,
      problem: l.problem,
    })),
    itemCount: view.itemCount,
    itemsTotalCents: view.itemsTotalCents,
    orderFees: view.itemCount
      ? orderFees.map((f) => ({ name: f.name, enterpriseName: f.enterpriseName, role: f.role, amountCents: f.amountCents }))
      : [],
    orderFeesCents: view.itemCount ? orderFeesCents : 0,
    hasProblems: view.hasProblems,
  };
}
