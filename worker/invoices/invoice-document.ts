// An order's invoice as one document model (seller, buyer, rows, VAT per rate, totals, in the order's
// language), rendered both as the HTML page and as the PDF (drawn by the documents worker,
// worker/documents), so the two can never disagree.
import type { OrderRecord } from '../../db/orders/order-records.ts';
import { formatDateTime } from '../../domain/dates.ts';
import { formatInvoiceDate, formatInvoiceNumber, invoiceBody, type InvoiceBody } from '../../domain/invoices.ts';
import type { Locale } from '../../domain/money.ts';
import { PAYMENT_STATE, shortRef } from '../pages/order-text.ts';

export interface InvoiceDocument extends InvoiceBody {
  locale: Locale;
  number: string;
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
  },
} as const;

/** The sheet the documents worker draws: the same document, its words looked up there by locale. */
export function invoiceSheet(doc: InvoiceDocument): InvoiceSheet {
  const { words: _words, ...sheet } = doc;
  return sheet;
}

/** The invoice of an order that has one (placed orders); null otherwise. */
export function invoiceDocument(r: OrderRecord, l: Locale): InvoiceDocument | null {
  if (!r.invoice) return null;
  const o = r.order;
  const body = invoiceBody([
    ...r.lines.map((x) => ({
      label: `${x.productName} — ${x.variantName}`,
      detail: x.producerName,
      quantity: x.quantity,
      unitTtcCents: x.unitPriceCents,
      totalTtcCents: x.lineTotalCents,
      vatRateBp: x.vatRateBp,
    })),
    ...r.orderFees.map((f) => ({
      label: f.name,
      detail: f.enterpriseName,
      quantity: 1,
      unitTtcCents: f.amountCents,
      totalTtcCents: f.amountCents,
      vatRateBp: f.vatRateBp,
    })),
    { label: o.shippingName, quantity: 1, unitTtcCents: o.shippingCents, totalTtcCents: o.shippingCents, vatRateBp: o.shippingVatRateBp },
  ]);
  const h = r.hub;
  return {
    ...body,
    locale: l,
    number: formatInvoiceNumber(r.invoice.year, r.invoice.number),
    issuedOn: formatInvoiceDate(r.invoice.issuedAt, l),
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
    payment: `${o.paymentName} — ${PAYMENT_STATE[l][o.paymentState]}`,
    words: WORDS[l],
  };
}
