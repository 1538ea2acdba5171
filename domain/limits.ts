// The sane range of every number the platform accepts from a client: times, money, counts and rates.
// Out of these, a value is a typing slip or an attack, and past some of them the code cannot even read
// it back (JavaScript numbers lose integers past 2^53, dates end in year 275760).
export { MAX_PRICE_CENTS, MAX_STOCK } from './catalog-edit.ts';

/** Times are epoch milliseconds between 1 January 2000 and 1 January 2100 (UTC). */
export const MIN_EPOCH_MS = Date.UTC(2000, 0, 1);
export const MAX_EPOCH_MS = Date.UTC(2100, 0, 1);

export function isEpochInRange(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isInteger(ms) && ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS;
}

/** A shipping charge, a minimum order, a flat or per-kg fee: at most 10 000 €. */
export const MAX_CHARGE_CENTS = 1_000_000;
/** A percentage in basis points: at most 100 %. */
export const MAX_PERCENT_BP = 10_000;
/** Items of a variant in one cart line or order (and a per-order maximum). */
export const MAX_QUANTITY = 9999;
/** Grams, millilitres or pieces in one variant's unit (10 t, 10 000 l). */
export const MAX_UNIT_VALUE = 10_000_000;
