// An order's invoice or credit note as one document model (seller, buyer, rows as issued, VAT per
// rate, totals, in the order's language), rendered both as the HTML page and as the PDF (drawn by the
// documents worker, worker/documents), so the two can never disagree. The rows come from what was
// copied when the document was issued, never from the order as it is now.
import type { StoredDocument } from '../../db/orders/corrections.ts';
import type { OrderRecord } from '../../db/orders/order-records.ts';
import { formatDateTime } from '../../domain/dates.ts';
import { formatInvoiceDate, formatInvoiceNumber, invoiceBody, type InvoiceBody } from '../../domain/invoices.ts';
import type { Locale } from '../../domain/money.ts';
import { PAYMENT_STATE, shortRef } from '../pages/order-text.ts';

export interface InvoiceDocument extends InvoiceBody {
  locale: Locale;
  kind: 'invoice' | 'credit-note';
  /** « Facture n° 2026-00042 », « Avoir n° 2026-00057 ». */
  title: string;
  number: string;
  /** What the document refers to or what became of it (a credit note's invoice, a cancellation), with links. */
  notes: Array<{ text: string; href?: string }>;
  issuedOn: string;
  seller: string[];
  buyer: string[];
  orderRef: string;
  orderDate: string;
  payment: string;
  words: (typeof WORDS)[Locale];
}

/** What the documents worker receives to draw the PDF: the document without its words (functions do not cross RPC). */
export type InvoiceSheet = Omit<InvoiceDocument, 'words'>;

export const WORDS = {
  fr: {
    invoice: 'Facture',
    number: (n: string) => `Facture n° ${n}`,
    issuedOn: 'Date d’émission',
    seller: 'Vendeur',
    vatNumber: 'N° TVA intracommunautaire',
    buyer: 'Client',
    order: 'Commande',
    placedOn: 'passée le',
    item: 'Désignation',
    qty: 'Qté',
    unitTtc: 'PU TTC',
    vat: 'TVA',
    totalHt: 'Total HT',
    totalTtc: 'Total TTC',
    vatRate: 'Taux',
    baseHt: 'Base HT',
    vatAmount: 'Montant TVA',
    vatSummary: 'TVA par taux',
    payment: 'Paiement',
    pdf: 'Télécharger en PDF',
    back: 'Retour à la commande',
    footer: 'Prix en euros. Facture établie par Comptoir pour le vendeur ci-dessus.',
    creditNote: 'Facture d’avoir',
    creditNumber: (n: string) => `Avoir n° ${n}`,
    refersTo: (n: string) => `Avoir se rapportant à la facture n° ${n}`,
    supplements: (n: string) => `Facture complémentaire à la facture n° ${n}`,
    cancelledBy: (n: string) => `Commande annulée : cette facture est annulée par l’avoir n° ${n}`,
    reason: (r: string) => `Motif : ${r}`,
    cancelledCause: 'Annulation de la commande',
    correctedCause: 'Correction de la commande',
  },
  en: {
    invoice: 'Invoice',
    number: (n: string) => `Invoice no. ${n}`,
    issuedOn: 'Issued on',
    seller: 'Seller',
    vatNumber: 'EU VAT number',
    buyer: 'Customer',
    order: 'Order',
    placedOn: 'placed on',
    item: 'Description',
    qty: 'Qty',
    unitTtc: 'Unit price incl. VAT',
    vat: 'VAT',
    totalHt: 'Total excl. VAT',
    totalTtc: 'Total incl. VAT',
    vatRate: 'Rate',
    baseHt: 'Net amount',
    vatAmount: 'VAT amount',
    vatSummary: 'VAT by rate',
    payment: 'Payment',
    pdf: 'Download as PDF',
    back: 'Back to the order',
    footer: 'Prices in euros. Invoice drawn up by Comptoir on behalf of the seller above.',
    creditNote: 'Credit note',
    creditNumber: (n: string) => `Credit note no. ${n}`,
    refersTo: (n: string) => `Credit note for invoice no. ${n}`,
    supplements: (n: string) => `Supplementary invoice to invoice no. ${n}`,
    cancelledBy: (n: string) => `Order cancelled: this invoice is cancelled by credit note no. ${n}`,
    reason: (r: string) => `Reason: ${r}`,
    cancelledCause: 'Order cancelled',
    correctedCause: 'Order corrected',
  },
} as const;

/** The sheet the documents worker draws: the same document, its words looked up there by locale. */
export function invoiceSheet(doc: InvoiceDocument): InvoiceSheet {
  const { words: _words, ...sheet } = doc;
  return sheet;
}

const DOC_SEGMENT: Record<Locale, Record<InvoiceDocument['kind'], string>> = {
  fr: { invoice: 'factures', 'credit-note': 'avoirs' },
  en: { invoice: 'invoices', 'credit-note': 'credit-notes' },
};

/** Where a shopper reads one document of the order: the first invoice keeps its address (…/facture), the others go by number. */
export function documentPath(
  publicId: string,
  l: Locale,
  d: { kind: InvoiceDocument['kind']; year: number; number: number; first?: boolean },
  format: 'html' | 'pdf' = 'html',
): string {
  const order = l === 'en' ? `/en/orders/${publicId}` : `/commandes/${publicId}`;
  const base = d.first
    ? `${order}/${l === 'en' ? 'invoice' : 'facture'}`
    : `${order}/${DOC_SEGMENT[l][d.kind]}/${formatInvoiceNumber(d.year, d.number)}`;
  return format === 'pdf' ? `${base}.pdf` : base;
}

/** « 2026-00042 » back to its year and number; null when it does not read so. */
export function parseDocumentNumber(text: string): { year: number; number: number } | null {
  const m = /^(\d{4})-(\d{5,})$/.exec(text);
  return m ? { year: Number(m[1]), number: Number(m[2]) } : null;
}

/** An issued document of the order (its rows as issued), as the page and the PDF show it. */
export function invoiceDocument(r: OrderRecord, l: Locale, d: StoredDocument): InvoiceDocument {
  const o = r.order;
  const w = WORDS[l];
  const body = invoiceBody(d.rows);
  const number = formatInvoiceNumber(d.year, d.number);
  const notes: InvoiceDocument['notes'] = [];
  if (d.kind === 'credit-note') {
    notes.push({ text: w.creditNote });
    if (d.refersTo)
      notes.push({
        text: w.refersTo(formatInvoiceNumber(d.refersTo.year, d.refersTo.number)),
        href: documentPath(o.publicId, l, { kind: 'invoice', ...d.refersTo, first: true }),
      });
    notes.push({ text: d.cause === 'cancelled' ? w.cancelledCause : w.correctedCause });
    if (d.reason) notes.push({ text: w.reason(d.reason) });
  } else if (d.refersTo) {
    notes.push({
      text: w.supplements(formatInvoiceNumber(d.refersTo.year, d.refersTo.number)),
      href: documentPath(o.publicId, l, { kind: 'invoice', ...d.refersTo, first: true }),
    });
  }
  // A cancelled order's invoices say so and point to the credit note that cancels them.
  const cancelling = d.kind === 'invoice' ? r.creditNotes.find((n) => n.cause === 'cancelled') : undefined;
  if (cancelling)
    notes.push({
      text: w.cancelledBy(formatInvoiceNumber(cancelling.year, cancelling.number)),
      href: documentPath(o.publicId, l, { kind: 'credit-note', year: cancelling.year, number: cancelling.number }),
    });
  const h = r.hub;
  return {
    ...body,
    locale: l,
    kind: d.kind,
    title: d.kind === 'credit-note' ? w.creditNumber(number) : w.number(number),
    number,
    notes,
    issuedOn: formatInvoiceDate(d.issuedAt, l),
    seller: [
      h.legalName ?? h.name,
      h.legalName && h.legalName !== h.name ? h.name : '',
      h.addressLine,
      `${h.postalCode} ${h.commune}`.trim(),
      h.country === 'FR' ? 'France' : h.country,
      h.siret ? `SIRET ${h.siret}` : '',
      h.vatNumber ? `${WORDS[l].vatNumber} ${h.vatNumber}` : '',
      h.email ?? '',
      h.phone ?? '',
    ].filter(Boolean),
    buyer: [
      o.name,
      ...(o.shippingKind === 'delivery' && o.addressLine ? [o.addressLine, `${o.postalCode} ${o.city}`] : []),
      o.email,
      o.phone,
    ].filter(Boolean),
    orderRef: shortRef(o.publicId),
    orderDate: formatDateTime(o.placedAt ?? o.createdAt, l),
    // A credit note is issued when money goes back: the payment's state then is the order's now, so it names the method only.
    payment: d.kind === 'credit-note' ? o.paymentName : `${o.paymentName} — ${PAYMENT_STATE[l][o.paymentState]}`,
    words: WORDS[l],
  };
}
