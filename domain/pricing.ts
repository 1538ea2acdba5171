// The shelf price of a variant in a shop and what an order costs: the one place prices are computed,
// used by the site build, the worker and the tests alike.
import { shippingFee } from './delivery-zones.ts';
import { appliesTo, isPerItem, itemFeeCents, orderFeeCents, type ChargedFee, type CycleFee } from './fees.ts';
import { sum, type Cents } from './money.ts';
import { unitPrice, type UnitKind } from './units.ts';
import { vatIncluded, vatSummary, type VatSummaryRow } from './vat.ts';

export interface VariantPriceInput {
  producerId: number;
  /** Producer's price or the hub's override, VAT included. */
  basePriceCents: Cents;
  vatRateBp: number;
  unitKind: UnitKind;
  unitValue: number;
}

export interface ShelfPrice {
  /** What goes to the producer per item. */
  basePriceCents: Cents;
  /** Per-item fees included in the shelf price, each with who receives it. */
  fees: ChargedFee[];
  /** The price shown and charged per item, VAT included. */
  priceCents: Cents;
  vatRateBp: number;
  /** VAT contained in priceCents. */
  vatCents: Cents;
  /** €/kg, €/L or €/piece of priceCents. */
  unitPriceCents: Cents;
}

export function shelfPrice(variant: VariantPriceInput, cycleFees: readonly CycleFee[], hubId: number): ShelfPrice {
  const fees: ChargedFee[] = [];
  for (const fee of cycleFees) {
    if (!isPerItem(fee.calculator) || !appliesTo(fee, variant.producerId, hubId)) continue;
    const amountCents = itemFeeCents(fee, variant);
    if (amountCents === 0) continue;
    fees.push({
      feeId: fee.feeId,
      enterpriseId: fee.enterpriseId,
      enterpriseName: fee.enterpriseName,
      name: fee.name,
      role: fee.role,
      amountCents,
    });
  }
  const priceCents = variant.basePriceCents + sum(fees.map((f) => f.amountCents));
  return {
    basePriceCents: variant.basePriceCents,
    fees,
    priceCents,
    vatRateBp: variant.vatRateBp,
    vatCents: vatIncluded(priceCents, variant.vatRateBp),
    unitPriceCents: unitPrice(priceCents, variant.unitKind, variant.unitValue),
  };
}

export interface OrderLineInput {
  variantId: number;
  quantity: number;
  price: ShelfPrice;
}

export interface ShippingInput {
  feeCents: Cents;
  vatRateBp: number;
  /** The method's fee is 0 from this items total (domain/delivery-zones.ts); null or absent = never. */
  freeFromCents?: Cents | null;
}

export interface OrderFeeCharge extends ChargedFee {
  vatRateBp: number;
}

export interface OrderTotals {
  lines: Array<OrderLineInput & { lineTotalCents: Cents; vatCents: Cents }>;
  itemsTotalCents: Cents;
  orderFees: OrderFeeCharge[];
  orderFeesCents: Cents;
  shippingCents: Cents;
  vat: VatSummaryRow[];
  vatTotalCents: Cents;
  totalCents: Cents;
}

/** Totals of an order: items at shelf price, per-order fees and shipping as their own lines, VAT per rate. */
export function orderTotals(
  lines: readonly OrderLineInput[],
  cycleFees: readonly CycleFee[],
  hubId: number,
  shipping: ShippingInput,
): OrderTotals {
  const priced = lines.map((l) => {
    const lineTotalCents = l.price.priceCents * l.quantity;
    return { ...l, lineTotalCents, vatCents: vatIncluded(lineTotalCents, l.price.vatRateBp) };
  });
  const itemsTotalCents = sum(priced.map((l) => l.lineTotalCents));
  const orderFees: OrderFeeCharge[] = [];
  for (const fee of cycleFees) {
    if (isPerItem(fee.calculator) || (fee.hubId !== null && fee.hubId !== hubId)) continue;
    const amountCents = orderFeeCents(fee, itemsTotalCents);
    if (amountCents === 0) continue;
    orderFees.push({
      feeId: fee.feeId,
      enterpriseId: fee.enterpriseId,
      enterpriseName: fee.enterpriseName,
      name: fee.name,
      role: fee.role,
      amountCents,
      vatRateBp: fee.vatRateBp,
    });
  }
  const orderFeesCents = sum(orderFees.map((f) => f.amountCents));
  const shippingCents = shippingFee({ feeCents: shipping.feeCents, freeFromCents: shipping.freeFromCents ?? null }, itemsTotalCents);
  const vat = vatSummary([
    ...priced.map((l) => ({ rateBp: l.price.vatRateBp, ttcCents: l.lineTotalCents })),
    ...orderFees.map((f) => ({ rateBp: f.vatRateBp, ttcCents: f.amountCents })),
    { rateBp: shipping.vatRateBp, ttcCents: shippingCents },
  ]).filter((row) => row.ttcCents !== 0);
  return {
    lines: priced,
    itemsTotalCents,
    orderFees,
    orderFeesCents,
    shippingCents,
    vat,
    vatTotalCents: sum(vat.map((r) => r.vatCents)),
    totalCents: itemsTotalCents + orderFeesCents + shippingCents,
  };
}
