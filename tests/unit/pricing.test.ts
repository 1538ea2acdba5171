import { describe, expect, it } from 'vitest';
import type { CycleFee } from '../../domain/fees.ts';
import { itemFeeCents, orderFeeCents } from '../../domain/fees.ts';
import { orderTotals, shelfPrice } from '../../domain/pricing.ts';

const fee = (over: Partial<CycleFee>): CycleFee => ({
  feeId: 1,
  enterpriseId: 10,
  enterpriseName: 'La Ruche',
  name: 'Commission',
  feeType: 'sales',
  calculator: 'percent_per_item',
  amount: 1000,
  vatRateBp: 2000,
  role: 'hub',
  producerId: null,
  hubId: null,
  ...over,
});

const carrots = { producerId: 7, basePriceCents: 300, vatRateBp: 550, unitKind: 'weight' as const, unitValue: 1000 };

describe('fees', () => {
  it('computes each calculator on an item or an order', () => {
    const item = { basePriceCents: 300, unitKind: 'weight' as const, unitValue: 500 };
    expect(itemFeeCents({ calculator: 'flat_per_item', amount: 20 }, item)).toBe(20);
    expect(itemFeeCents({ calculator: 'percent_per_item', amount: 1000 }, item)).toBe(30);
    expect(itemFeeCents({ calculator: 'per_kg', amount: 40 }, item)).toBe(20);
    expect(itemFeeCents({ calculator: 'per_kg', amount: 40 }, { ...item, unitKind: 'items', unitValue: 6 })).toBe(0);
    expect(itemFeeCents({ calculator: 'flat_per_order', amount: 50 }, item)).toBe(0);
    expect(orderFeeCents({ calculator: 'flat_per_order', amount: 50 }, 4000)).toBe(50);
    expect(orderFeeCents({ calculator: 'percent_per_order', amount: 250 }, 4000)).toBe(100);
    expect(orderFeeCents({ calculator: 'percent_per_item', amount: 250 }, 4000)).toBe(0);
  });
});

describe('shelfPrice', () => {
  it('includes per-item fees in the price and shows where each cent goes', () => {
    const p = shelfPrice(
      carrots,
      [
        fee({}),
        fee({ feeId: 2, name: 'Plateforme', role: 'platform', amount: 200 }),
        fee({ feeId: 3, calculator: 'flat_per_order', amount: 50 }),
      ],
      1,
    );
    expect(p.basePriceCents).toBe(300);
    expect(p.fees.map((f) => [f.role, f.amountCents])).toEqual([
      ['hub', 30],
      ['platform', 6],
    ]);
    expect(p.priceCents).toBe(336);
    expect(p.basePriceCents + p.fees.reduce((s, f) => s + f.amountCents, 0)).toBe(p.priceCents);
    expect(p.unitPriceCents).toBe(336);
    expect(p.vatCents).toBe(18);
  });
  it('applies a fee only to its producer and its hub', () => {
    const onlyProducer8 = fee({ producerId: 8 });
    const onlyHub2 = fee({ feeId: 2, hubId: 2 });
    expect(shelfPrice(carrots, [onlyProducer8, onlyHub2], 1).priceCents).toBe(300);
    expect(shelfPrice(carrots, [onlyProducer8, onlyHub2], 2).priceCents).toBe(330);
  });
});

describe('orderTotals', () => {
  it('adds per-order fees and shipping as their own lines with VAT per rate', () => {
    const fees = [fee({}), fee({ feeId: 3, name: 'Préparation', calculator: 'flat_per_order', amount: 50 })];
    const price = shelfPrice(carrots, fees, 1);
    const cider = shelfPrice({ ...carrots, basePriceCents: 450, vatRateBp: 2000, unitKind: 'volume', unitValue: 750 }, fees, 1);
    const t = orderTotals(
      [
        { variantId: 1, quantity: 2, price },
        { variantId: 2, quantity: 1, price: cider },
      ],
      fees,
      1,
      { feeCents: 500, vatRateBp: 2000 },
    );
    expect(t.itemsTotalCents).toBe(2 * 330 + 495);
    expect(t.orderFees.map((f) => f.amountCents)).toEqual([50]);
    expect(t.totalCents).toBe(1155 + 50 + 500);
    expect(t.vat.map((r) => r.rateBp)).toEqual([550, 2000]);
    expect(t.vat.reduce((s, r) => s + r.ttcCents, 0)).toBe(t.totalCents);
    expect(t.vatTotalCents).toBe(t.vat.reduce((s, r) => s + r.vatCents, 0));
  });
  it('charges a hub-specific per-order fee only in that hub', () => {
    const fees = [fee({ calculator: 'flat_per_order', amount: 50, hubId: 2 })];
    expect(orderTotals([], fees, 1, { feeCents: 0, vatRateBp: 2000 }).orderFeesCents).toBe(0);
  });
});
