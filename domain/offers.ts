// A variant as a hub sells it: the hub's own price, stock and on-demand flag, where set, beat the
// producer's. The one home of that rule; db/catalog/offer-sql.ts is its SQL twin, built from OVERRIDABLE.
import type { StockSource } from './orders.ts';

/** The fields a hub may override, with their column names (the same in variants and variant_overrides). */
export const OVERRIDABLE = { priceCents: 'price_cents', onDemand: 'on_demand', onHand: 'on_hand' } as const;

export interface ProducerOffer {
  priceCents: number;
  onDemand: boolean;
  onHand: number;
}

/** A hub's override row: null where the hub keeps the producer's value. */
export type HubOverride = { [K in keyof ProducerOffer]?: ProducerOffer[K] | null };

export interface Offer extends ProducerOffer {
  /** Where an order takes this offer's stock: the hub's count, the producer's, or nowhere (on demand). */
  stockSource: StockSource;
}

export function offerOf(variant: ProducerOffer, override?: HubOverride | null): Offer {
  const onDemand = Boolean(override?.onDemand ?? variant.onDemand);
  return {
    priceCents: override?.priceCents ?? variant.priceCents,
    onDemand,
    onHand: override?.onHand ?? variant.onHand,
    stockSource: onDemand ? 'none' : override?.onHand != null ? 'override' : 'producer',
  };
}

/** Stock at or below this is shown as « plus que N » and followed live on the shop page. */
export const LOW_STOCK = 5;

export const isSoldOut = (o: Pick<ProducerOffer, 'onDemand' | 'onHand'>): boolean => !o.onDemand && o.onHand <= 0;
export const isLowStock = (o: Pick<ProducerOffer, 'onDemand' | 'onHand'>): boolean => !o.onDemand && o.onHand > 0 && o.onHand <= LOW_STOCK;
