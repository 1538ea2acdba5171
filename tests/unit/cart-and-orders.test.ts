import { describe, expect, it } from 'vitest';
import { assertQuantityAllowed, maxQuantity, viewCart, type Sellable } from '../../domain/cart.ts';
import { DomainError } from '../../domain/errors.ts';
import { isPublicId, newPublicId } from '../../domain/ids.ts';
import { canMoveOrder, canMovePayment, ORDER_STATES } from '../../domain/orders.ts';
import { shelfPrice } from '../../domain/pricing.ts';

const price = shelfPrice({ producerId: 1, basePriceCents: 200, vatRateBp: 550, unitKind: 'items', unitValue: 1 }, [], 1);
const item = (over: Partial<Sellable> = {}): Sellable => ({ variantId: 1, onDemand: false, onHand: 3, maxPerOrder: null, price, ...over });

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'other';
  }
  return undefined;
}

describe('cart rules', () => {
  it('limits quantities to stock unless on demand, and to the per-order maximum', () => {
    expect(codeOf(() => assertQuantityAllowed(item(), 1, 3))).toBeUndefined();
    expect(codeOf(() => assertQuantityAllowed(item(), 1, 4))).toBe('OUT_OF_STOCK');
    expect(codeOf(() => assertQuantityAllowed(item({ onDemand: true, onHand: 0 }), 1, 40))).toBeUndefined();
    expect(codeOf(() => assertQuantityAllowed(item({ onDemand: true, maxPerOrder: 2 }), 1, 3))).toBe('QUANTITY_LIMIT');
    expect(codeOf(() => assertQuantityAllowed(undefined, 1, 1))).toBe('NOT_IN_SHOP');
    expect(maxQuantity(item({ maxPerOrder: 2 }))).toBe(2);
    expect(maxQuantity(item({ onDemand: true }))).toBeNull();
  });
  it('keeps lines that no longer fit and says what changed', () => {
    const view = viewCart(
      [
        { variantId: 1, quantity: 5 },
        { variantId: 2, quantity: 1 },
        { variantId: 3, quantity: 2 },
      ],
      new Map([
        [1, item()],
        [3, item({ variantId: 3, onHand: 10 })],
      ]),
    );
    expect(view.lines.map((l) => l.problem)).toEqual([{ code: 'OUT_OF_STOCK', available: 3 }, { code: 'NOT_IN_SHOP', available: 0 }, null]);
    expect(view.itemsTotalCents).toBe(5 * 200 + 2 * 200);
    expect(view.hasProblems).toBe(true);
  });
});

describe('order states', () => {
  it('allows only the transitions of the table', () => {
    expect(canMoveOrder('checkout', 'placed')).toBe(true);
    expect(canMoveOrder('placed', 'collected')).toBe(true);
    expect(canMoveOrder('cancelled', 'placed')).toBe(false);
    expect(canMoveOrder('collected', 'cancelled')).toBe(false);
    for (const s of ORDER_STATES) expect(canMoveOrder(s, s)).toBe(false);
    expect(canMovePayment('pending', 'paid')).toBe(true);
    expect(canMovePayment('refunded', 'paid')).toBe(false);
  });
});

describe('public ids', () => {
  it('are prefixed, 22 base62 characters, and different every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newPublicId('ord')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isPublicId(id, 'ord')).toBe(true);
    expect(isPublicId('ord_123', 'ord')).toBe(false);
  });
});
