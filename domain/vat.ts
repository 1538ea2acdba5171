// VAT on prices that include it (TTC): the shelf shows TTC, invoices show HT, VAT per rate and TTC.
import type { Cents } from './money.ts';

/** Basis points: 550 = 5.5 % (most food), 1000 = 10 %, 2000 = 20 % (alcohol, services). */
export const VAT_RATES_BP = [0, 210, 550, 1000, 2000] as const;

/** The VAT contained in a VAT-inclusive amount, rounded to the cent. */
export function vatIncluded(ttcCents: Cents, rateBp: number): Cents {
  const ht = Math.round((ttcCents * 10_000) / (10_000 + rateBp));
  return ttcCents - ht;
}

export interface VatLine {
  rateBp: number;
  ttcCents: Cents;
}

export interface VatSummaryRow {
  rateBp: number;
  htCents: Cents;
  vatCents: Cents;
  ttcCents: Cents;
}

/**
 * VAT per rate over amounts that include it. VAT is computed on each rate's total, not summed
 * per line, so the rows are what an invoice shows and HT + VAT = TTC holds on every row.
 */
export function vatSummary(lines: readonly VatLine[]): VatSummaryRow[] {
  const byRate = new Map<number, Cents>();
  for (const l of lines) byRate.set(l.rateBp, (byRate.get(l.rateBp) ?? 0) + l.ttcCents);
  return [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBp, ttcCents]) => {
      const vatCents = vatIncluded(ttcCents, rateBp);
      return { rateBp, htCents: ttcCents - vatCents, vatCents, ttcCents };
    });
}

// Created once: an Intl formatter costs ~0.1 ms and native memory to make.
const PERCENT_FORMAT = {
  fr: new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 2 }),
};

export function formatVatRate(rateBp: number, locale: 'fr' | 'en' = 'fr'): string {
  return PERCENT_FORMAT[locale].format(rateBp / 10_000);
}
