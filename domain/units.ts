// Units of sale and the unit price French law requires on food shelves (€/kg, €/L, €/pièce).
import { formatMoney, roundCents, type Cents, type Locale } from './money.ts';

export const UNIT_KINDS = ['weight', 'volume', 'items'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Unit price in cents per kg (weight, value in grams), per litre (volume, value in ml), or per piece. */
export function unitPrice(priceCents: Cents, kind: UnitKind, unitValue: number): Cents {
  if (!(unitValue > 0)) throw new RangeError(`unit value must be positive, got ${unitValue}`);
  switch (kind) {
    case 'weight':
    case 'volume':
      return roundCents((priceCents * 1000) / unitValue);
    case 'items':
      return roundCents(priceCents / unitValue);
    default:
      return unreachable(kind);
  }
}

const UNIT_SUFFIX: Record<Locale, Record<UnitKind, string>> = {
  fr: { weight: 'kg', volume: 'L', items: 'pièce' },
  en: { weight: 'kg', volume: 'L', items: 'item' },
};

/** « 4,00 €/kg » */
export function formatUnitPrice(priceCents: Cents, kind: UnitKind, unitValue: number, locale: Locale = 'fr'): string {
  return `${formatMoney(unitPrice(priceCents, kind, unitValue), locale)}/${UNIT_SUFFIX[locale][kind]}`;
}

// Created once: an Intl formatter costs ~0.1 ms and native memory to make.
const QUANTITY_FORMAT: Record<Locale, Intl.NumberFormat> = {
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 }),
};

/** « 500 g », « 1,5 kg », « 75 cl », « 6 pièces » — the quantity a variant holds. */
export function formatQuantity(kind: UnitKind, unitValue: number, locale: Locale = 'fr'): string {
  const n = (v: number) => QUANTITY_FORMAT[locale].format(v);
  switch (kind) {
    case 'weight':
      return unitValue >= 1000 ? `${n(unitValue / 1000)} kg` : `${n(unitValue)} g`;
    case 'volume':
      if (unitValue >= 1000) return `${n(unitValue / 1000)} L`;
      return unitValue % 10 === 0 ? `${n(unitValue / 10)} cl` : `${n(unitValue)} ml`;
    case 'items': {
      const word = locale === 'fr' ? (unitValue > 1 ? 'pièces' : 'pièce') : unitValue > 1 ? 'items' : 'item';
      return `${n(unitValue)} ${word}`;
    }
    default:
      return unreachable(kind);
  }
}

/** Weight in kilograms for per-kg fees; volume and pieces carry none. */
export function weightKg(kind: UnitKind, unitValue: number): number {
  return kind === 'weight' ? unitValue / 1000 : 0;
}

export function unreachable(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
