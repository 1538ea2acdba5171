// Enterprise fees (« marges et commissions »): who charges what, and how much on an item or an order.
import { percentOf, roundCents, type Cents } from './money.ts';
import { unreachable, weightKg, type UnitKind } from './units.ts';

export const FEE_TYPES = ['packing', 'transport', 'admin', 'sales', 'fundraising'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

export const FEE_CALCULATORS = ['flat_per_item', 'percent_per_item', 'per_kg', 'flat_per_order', 'percent_per_order'] as const;
export type FeeCalculator = (typeof FEE_CALCULATORS)[number];

/** Who receives the fee: the shopper sees the share of each. */
export const FEE_ROLES = ['producer', 'hub', 'coordinator', 'platform'] as const;
export type FeeRole = (typeof FEE_ROLES)[number];

export interface CycleFee {
  feeId: number;
  enterpriseId: number;
  enterpriseName: string;
  name: string;
  feeType: FeeType;
  calculator: FeeCalculator;
  /** Cents (flat, per kg) or basis points (percent). */
  amount: number;
  vatRateBp: number;
  role: FeeRole;
  /** Charged only on this producer's variants, when set. */
  producerId: number | null;
  /** Charged only in this hub's shop, when set. */
  hubId: number | null;
}

export interface ChargedFee {
  feeId: number;
  enterpriseId: number;
  enterpriseName: string;
  name: string;
  role: FeeRole;
  amountCents: Cents;
}

export function isPerItem(calculator: FeeCalculator): boolean {
  switch (calculator) {
    case 'flat_per_item':
    case 'percent_per_item':
    case 'per_kg':
      return true;
    case 'flat_per_order':
    case 'percent_per_order':
      return false;
    default:
      return unreachable(calculator);
  }
}

/** Whether a cycle fee applies to a variant of this producer sold in this hub. */
export function appliesTo(fee: CycleFee, producerId: number, hubId: number): boolean {
  return (fee.producerId === null || fee.producerId === producerId) && (fee.hubId === null || fee.hubId === hubId);
}

export interface ItemBasis {
  basePriceCents: Cents;
  unitKind: UnitKind;
  unitValue: number;
}

/** A per-item fee on one item; per-order calculators charge nothing here. */
export function itemFeeCents(fee: Pick<CycleFee, 'calculator' | 'amount'>, item: ItemBasis): Cents {
  switch (fee.calculator) {
    case 'flat_per_item':
      return fee.amount;
    case 'percent_per_item':
      return percentOf(item.basePriceCents, fee.amount);
    case 'per_kg':
      return roundCents(fee.amount * weightKg(item.unitKind, item.unitValue));
    case 'flat_per_order':
    case 'percent_per_order':
      return 0;
    default:
      return unreachable(fee.calculator);
  }
}

/** A per-order fee on an order whose items total (shelf prices) is given. */
export function orderFeeCents(fee: Pick<CycleFee, 'calculator' | 'amount'>, itemsTotalCents: Cents): Cents {
  switch (fee.calculator) {
    case 'flat_per_order':
      return fee.amount;
    case 'percent_per_order':
      return percentOf(itemsTotalCents, fee.amount);
    case 'flat_per_item':
    case 'percent_per_item':
    case 'per_kg':
      return 0;
    default:
      return unreachable(fee.calculator);
  }
}
