// Invoices: the year a number belongs to (in Paris, where the sale happens), how a number reads, and
// the rows an invoice shows (HT, VAT per rate, TTC) from what the order charged, VAT included.
import { sum, type Cents } from './money.ts';
import { vatIncluded, vatSummary, type VatSummaryRow } from './vat.ts';

// Built once: an Intl formatter costs far more to create than to use.
const parisYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric' });
const invoiceDate = {
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }),
};

/** Invoice numbers restart each calendar year in Europe/Paris, whatever the server's zone. */
export function invoiceYear(ms: number): number {
  return Number(parisYear.format(ms));
}

/** « 2026-00042 »: the year, then the enterprise's sequence for that year. */
export function formatInvoiceNumber(year: number, number: number): string {
  return `${year}-${String(number).padStart(5, '0')}`;
}

export interface ChargedAmount {
  label: string;
  /** Extra line under the label (producer, who receives a fee). */
  detail?: string;
  quantity: number;
  /** Unit price VAT included; for fees and shipping the amount itself. */
  unitTtcCents: Cents;
  totalTtcCents: Cents;
  vatRateBp: number;
}

export interface InvoiceRow extends ChargedAmount {
  totalHtCents: Cents;
}

export interface InvoiceBody {
  rows: InvoiceRow[];
  vat: VatSummaryRow[];
  totalHtCents: Cents;
  totalVatCents: Cents;
  totalTtcCents: Cents;
}

/**
 * HT per row for reading, and the VAT per rate computed on each rate's total (the legal figure), so
 * HT + VAT = TTC holds on every rate and on the whole invoice even where rows round differently.
 */
export function invoiceBody(amounts: readonly ChargedAmount[]): InvoiceBody {
  const charged = amounts.filter((a) => a.totalTtcCents !== 0);
  const rows = charged.map((a) => ({ ...a, totalHtCents: a.totalTtcCents - vatIncluded(a.totalTtcCents, a.vatRateBp) }));
  const vat = vatSummary(charged.map((a) => ({ rateBp: a.vatRateBp, ttcCents: a.totalTtcCents })));
  return {
    rows,
    vat,
    totalHtCents: sum(vat.map((r) => r.htCents)),
    totalVatCents: sum(vat.map((r) => r.vatCents)),
    totalTtcCents: sum(vat.map((r) => r.ttcCents)),
  };
}

/** « 12 mars 2026 » / « 12 March 2026 », the date printed on an invoice, in Europe/Paris. */
export function formatInvoiceDate(ms: number, locale: 'fr' | 'en' = 'fr'): string {
  return invoiceDate[locale].format(ms);
}
