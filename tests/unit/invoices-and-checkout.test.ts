// Pure rules of invoicing and checkout: the invoice year in Paris, how numbers read, HT + VAT = TTC on
// every rate, the situation an order page shows, e-mail retry delays and sender parsing.
import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, invoiceBody, invoiceYear } from '../../domain/invoices.ts';
import { retryDelayMs } from '../../worker/email/deliver.ts';
import { parseAddress } from '../../worker/email/send.ts';
import { paymentReturnPath, checkoutPath, invoicePath } from '../../worker/links.ts';
import { orderSituation } from '../../worker/pages/order-page.tsx';

describe('invoiceYear', () => {
  it('follows the calendar in Europe/Paris, not UTC', () => {
    // 31 December 2025 at 23:30 UTC is already 1 January 2026 in Paris.
    expect(invoiceYear(Date.UTC(2025, 11, 31, 23, 30))).toBe(2026);
    expect(invoiceYear(Date.UTC(2025, 11, 31, 22, 59))).toBe(2025);
    // Summer time: UTC+2.
    expect(invoiceYear(Date.UTC(2026, 5, 30, 21, 59))).toBe(2026);
  });
});

describe('formatInvoiceNumber', () => {
  it('reads year then sequence, zero-padded', () => {
    expect(formatInvoiceNumber(2026, 42)).toBe('2026-00042');
    expect(formatInvoiceNumber(2026, 123456)).toBe('2026-123456');
  });
});

describe('invoiceBody', () => {
  const rows = [
    { label: 'Miel', quantity: 3, unitTtcCents: 333, totalTtcCents: 999, vatRateBp: 550 },
    { label: 'Confiture', quantity: 1, unitTtcCents: 451, totalTtcCents: 451, vatRateBp: 550 },
    { label: 'Cidre', quantity: 2, unitTtcCents: 415, totalTtcCents: 830, vatRateBp: 2000 },
    { label: 'Livraison', quantity: 1, unitTtcCents: 0, totalTtcCents: 0, vatRateBp: 2000 },
  ];

  it('computes VAT on each rate’s total so HT + VAT = TTC on every rate and in total', () => {
    const body = invoiceBody(rows);
    for (const r of body.vat) expect(r.htCents + r.vatCents).toBe(r.ttcCents);
    expect(body.totalTtcCents).toBe(999 + 451 + 830);
    expect(body.totalHtCents + body.totalVatCents).toBe(body.totalTtcCents);
    expect(body.vat.map((r) => r.rateBp)).toEqual([550, 2000]);
    expect(body.vat[1]).toEqual({ rateBp: 2000, htCents: 692, vatCents: 138, ttcCents: 830 });
  });

  it('leaves out rows that charge nothing (free delivery)', () => {
    expect(invoiceBody(rows).rows.map((r) => r.label)).toEqual(['Miel', 'Confiture', 'Cidre']);
  });

  it('is all zeros for an invoice with no rows', () => {
    expect(invoiceBody([])).toMatchObject({ rows: [], vat: [], totalHtCents: 0, totalVatCents: 0, totalTtcCents: 0 });
  });
});

describe('orderSituation', () => {
  const base = { state: 'placed', paymentState: 'pending', reservedUntil: null } as const;
  it('tells each state apart as the shopper should read it', () => {
    expect(orderSituation({ ...base } as never, false)).toBe('placed');
    expect(orderSituation({ ...base, paymentState: 'paid' } as never, false)).toBe('paid');
    expect(orderSituation({ ...base, state: 'checkout', reservedUntil: 1 } as never, false)).toBe('unpaid');
    expect(orderSituation({ ...base, state: 'checkout', reservedUntil: 1 } as never, true)).toBe('confirming');
    expect(orderSituation({ ...base, state: 'checkout', reservedUntil: null } as never, true)).toBe('processing');
    expect(orderSituation({ ...base, state: 'cancelled', paymentState: 'failed' } as never, false)).toBe('cancelled');
    expect(orderSituation({ ...base, state: 'cancelled', paymentState: 'paid' } as never, false)).toBe('late-payment');
    expect(orderSituation({ ...base, state: 'ready' } as never, false)).toBe('progress');
  });
});

describe('links', () => {
  it('speak the order’s language', () => {
    expect(paymentReturnPath('ord_x', 'fr', 'ok')).toBe('/commandes/ord_x?paiement=ok');
    expect(paymentReturnPath('ord_x', 'fr', 'cancelled')).toBe('/commandes/ord_x?paiement=annule');
    expect(paymentReturnPath('ord_x', 'en', 'cancelled')).toBe('/en/orders/ord_x?payment=cancelled');
    expect(checkoutPath('la-ruche', 'fr', 'cart_1')).toBe('/boutiques/la-ruche/commande/?panier=cart_1');
    expect(checkoutPath('la-ruche', 'en')).toBe('/en/shops/la-ruche/checkout/');
    expect(invoicePath('ord_x', 'en', 'pdf')).toBe('/en/orders/ord_x/invoice.pdf');
  });
});

describe('e-mail delivery', () => {
  it('waits longer after each failure, daily at most', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 5, 15, 60, 180, 720, 1440, 1440]);
  });

  it('reads the sender with or without a name', () => {
    expect(parseAddress('Comptoir <commandes@example.coop>')).toEqual({ name: 'Comptoir', email: 'commandes@example.coop' });
    expect(parseAddress('"La Ruche" <ruche@example.coop>')).toEqual({ name: 'La Ruche', email: 'ruche@example.coop' });
    expect(parseAddress('commandes@example.coop')).toEqual({ name: 'Comptoir', email: 'commandes@example.coop' });
  });
});
