// Money is integer euro cents everywhere; these helpers format it at the edge of display only.

export type Cents = number;
export type Locale = 'fr' | 'en';

// Made on first use, not at import: building one costs a phone tens of milliseconds (locale data), and
// the shop page's script imports this module but formats money only once a cart holds something.
const formatters: Partial<Record<Locale, Intl.NumberFormat>> = {};

/** « 12,50 € » in French (no-break space before €, narrow one between thousands), « €12.50 » in English. */
export function formatMoney(cents: Cents, locale: Locale = 'fr'): string {
  const f = (formatters[locale] ??= new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' }));
  return f.format(cents / 100);
}

/** Rounds half away from zero, the rule for amounts on French invoices. */
export function roundCents(value: number): Cents {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** Part of an amount in basis points (1 % = 100 bp), rounded to the cent. */
export function percentOf(cents: Cents, basisPoints: number): Cents {
  return roundCents((cents * basisPoints) / 10_000);
}

export function sum(values: readonly Cents[]): Cents {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
