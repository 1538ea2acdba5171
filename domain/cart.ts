// Cart rules: what quantity of a variant a shopper may hold, and the cart as the shopper sees it.
import { DomainError } from './errors.ts';
import type { ShelfPrice } from './pricing.ts';
import { sum, type Cents } from './money.ts';

/** The facts about a variant the cart rules need (a ShopItem satisfies it). */
export interface Sellable {
  variantId: number;
  onDemand: boolean;
  onHand: number;
  maxPerOrder: number | null;
  price: ShelfPrice;
}

/** Largest quantity of this variant one order may take now; null = no limit. */
export function maxQuantity(item: Sellable): number | null {
  const stock = item.onDemand ? null : item.onHand;
  if (stock === null) return item.maxPerOrder;
  return item.maxPerOrder === null ? stock : Math.min(stock, item.maxPerOrder);
}

/** Throws the error a shopper should see when `quantity` of `item` cannot be in a cart. */
export function assertQuantityAllowed(item: Sellable | undefined, variantId: number, quantity: number): asserts item is Sellable {
  if (!item)
    throw new DomainError('NOT_IN_SHOP', `Variant ${variantId} is not sold in this shop.`, {
      fields: [{ field: 'variantId', message: 'Ce produit n’est pas vendu dans cette boutique.' }],
    });
  if (!item.onDemand && quantity > item.onHand) {
    throw new DomainError('OUT_OF_STOCK', item.onHand === 0 ? 'This product is sold out.' : `Only ${item.onHand} left.`, {
      fields: [{ field: 'quantity', message: item.onHand === 0 ? 'Ce produit est épuisé.' : `Il n’en reste que ${item.onHand}.` }],
      details: { variantId, available: item.onHand },
    });
  }
  assertWithinOrderLimit(item, variantId, quantity);
}

/** The producer's « maximum par commande »: for a cart, and for a shopper changing a placed order. */
export function assertWithinOrderLimit(item: Pick<Sellable, 'maxPerOrder'>, variantId: number, quantity: number): void {
  if (item.maxPerOrder !== null && quantity > item.maxPerOrder) {
    throw new DomainError('QUANTITY_LIMIT', `At most ${item.maxPerOrder} per order.`, {
      fields: [{ field: 'quantity', message: `${item.maxPerOrder} au maximum par commande.` }],
      details: { variantId, max: item.maxPerOrder },
    });
  }
}

export interface CartLineView<T extends Sellable> {
  variantId: number;
  quantity: number;
  item: T | undefined;
  /** What changed since the shopper added it: sold out, fewer left, or gone from the shop. */
  problem: null | { code: 'NOT_IN_SHOP' | 'OUT_OF_STOCK' | 'QUANTITY_LIMIT'; available: number };
  lineTotalCents: Cents;
}

/** The cart priced with current shop data; lines are kept, never silently dropped, and flagged when they no longer fit. */
export function viewCart<T extends Sellable>(lines: ReadonlyArray<{ variantId: number; quantity: number }>, items: ReadonlyMap<number, T>) {
  const viewed: CartLineView<T>[] = lines.map((l) => {
    const item = items.get(l.variantId);
    let problem: CartLineView<T>['problem'] = null;
    if (!item) problem = { code: 'NOT_IN_SHOP', available: 0 };
    else {
      const max = maxQuantity(item);
      if (max !== null && l.quantity > max)
        problem = { code: !item.onDemand && l.quantity > item.onHand ? 'OUT_OF_STOCK' : 'QUANTITY_LIMIT', available: max };
    }
    return { variantId: l.variantId, quantity: l.quantity, item, problem, lineTotalCents: item ? item.price.priceCents * l.quantity : 0 };
  });
  return {
    lines: viewed,
    itemCount: sum(viewed.map((l) => l.quantity)),
    itemsTotalCents: sum(viewed.map((l) => l.lineTotalCents)),
    hasProblems: viewed.some((l) => l.problem !== null),
  };
}
