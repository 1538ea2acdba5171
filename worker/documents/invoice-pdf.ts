// The invoice or credit note as a PDF, drawn in the documents worker with pdf-lib and its standard Helvetica (no font file to
// ship or fetch). Standard fonts only encode WinAnsi: French number formatting uses narrow and plain
// no-break spaces, which become spaces, and anything else outside the set becomes « ? ».
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatMoney } from '../../domain/money.ts';
import { formatVatRate } from '../../domain/vat.ts';
import type { InvoiceDocument } from '../invoices/invoice-document.ts';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const INK = rgb(0.12, 0.16, 0.12);
const MUTED = rgb(0.33, 0.38, 0.33);

/** Text the standard fonts can draw. */
export function winAnsi(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text.replace(/[\u00a0\u202f\u2007\u2009]/g, ' ')) out += supported.has(ch.codePointAt(0)!) ? ch : '?';
  return out;
}

export async function invoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(doc.title);
  pdf.setAuthor(doc.seller[0] ?? 'Comptoir');
  pdf.setCreator('Comptoir');
  pdf.setProducer('Comptoir (pdf-lib)');
  pdf.setLanguage(doc.locale === 'fr' ? 'fr-FR' : 'en-GB');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const money = (c: number) => formatMoney(c, doc.locale);
  const w = doc.words;

  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;

  const text = (
    s: string,
    x: number,
    opts: { size?: number; font?: PDFFont; color?: typeof INK; align?: 'left' | 'right'; maxWidth?: number } = {},
  ) => {
    const font = opts.font ?? regular;
    const size = opts.size ?? 9.5;
    let str = winAnsi(s, font);
    if (opts.maxWidth) while (str.length > 1 && font.widthOfTextAtSize(str, size) > opts.maxWidth) str = `${str.slice(0, -2)}…`;
    const dx = opts.align === 'right' ? font.widthOfTextAtSize(str, size) : 0;
    page.drawText(str, { x: x - dx, y, size, font, color: opts.color ?? INK });
  };
  const newline = (h = 13) => {
    y -= h;
    if (y < MARGIN + 40) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  /** A hairline `dy` points above the current baseline (negative: below it). */
  const rule = (dy: number) => {
    page.drawLine({ start: { x: MARGIN, y: y + dy }, end: { x: MARGIN + width, y: y + dy }, thickness: 0.5, color: MUTED });
  };

  text(doc.title, MARGIN, { size: 18, font: bold });
  newline(22);
  for (const n of doc.notes) text(n.text, MARGIN, { font: bold, maxWidth: width }), newline();
  text(`${w.issuedOn} : ${doc.issuedOn}`, MARGIN, { color: MUTED });
  newline();
  text(`${w.order} ${doc.orderRef}, ${w.placedOn} ${doc.orderDate}`, MARGIN, { color: MUTED });
  newline(24);

  // Seller and customer side by side.
  const top = y;
  text(w.seller, MARGIN, { font: bold });
  for (const line of doc.seller) newline(), text(line, MARGIN, { maxWidth: width / 2 - 10 });
  const sellerEnd = y;
  y = top;
  text(w.buyer, MARGIN + width / 2, { font: bold });
  for (const line of doc.buyer) newline(), text(line, MARGIN + width / 2, { maxWidth: width / 2 });
  y = Math.min(y, sellerEnd);
  newline(26);

  // Rows: description, qty, unit TTC, VAT, total HT, total TTC.
  const cols = {
    qty: MARGIN + width * 0.56,
    unit: MARGIN + width * 0.68,
    vat: MARGIN + width * 0.76,
    ht: MARGIN + width * 0.88,
    ttc: MARGIN + width,
  };
  const header = () => {
    text(w.item, MARGIN, { font: bold });
    text(w.qty, cols.qty, { font: bold, align: 'right' });
    text(doc.locale === 'fr' ? 'PU TTC' : 'Unit incl.', cols.unit, { font: bold, align: 'right' });
    text(w.vat, cols.vat, { font: bold, align: 'right' });
    text(doc.locale === 'fr' ? 'Total HT' : 'Excl. VAT', cols.ht, { font: bold, align: 'right' });
    text(doc.locale === 'fr' ? 'Total TTC' : 'Incl. VAT', cols.ttc, { font: bold, align: 'right' });
    rule(-5);
    newline(18);
  };
  header();
  for (const r of doc.rows) {
    text(r.label, MARGIN, { maxWidth: width * 0.5 });
    text(String(r.quantity), cols.qty, { align: 'right' });
    text(money(r.unitTtcCents), cols.unit, { align: 'right' });
    text(formatVatRate(r.vatRateBp, doc.locale), cols.vat, { align: 'right' });
    text(money(r.totalHtCents), cols.ht, { align: 'right' });
    text(money(r.totalTtcCents), cols.ttc, { align: 'right' });
    if (r.detail) newline(11), text(r.detail, MARGIN, { size: 8, color: MUTED, maxWidth: width * 0.5 });
    newline(15);
  }
  rule(9);
  newline(14);

  // VAT per rate, then the totals.
  text(w.vatSummary, MARGIN, { font: bold });
  newline();
  text(w.vatRate, MARGIN, { color: MUTED });
  text(w.baseHt, cols.vat, { color: MUTED, align: 'right' });
  text(w.vatAmount, cols.ht, { color: MUTED, align: 'right' });
  text(w.totalTtc, cols.ttc, { color: MUTED, align: 'right' });
  newline();
  for (const r of doc.vat) {
    text(formatVatRate(r.rateBp, doc.locale), MARGIN);
    text(money(r.htCents), cols.vat, { align: 'right' });
    text(money(r.vatCents), cols.ht, { align: 'right' });
    text(money(r.ttcCents), cols.ttc, { align: 'right' });
    newline();
  }
  newline(8);
  for (const [label, cents, strong] of [
    [w.totalHt, doc.totalHtCents, false],
    [w.vat, doc.totalVatCents, false],
    [w.totalTtc, doc.totalTtcCents, true],
  ] as const) {
    text(label, cols.vat, { font: strong ? bold : regular, size: strong ? 11 : 9.5, align: 'right' });
    text(money(cents), cols.ttc, { font: strong ? bold : regular, size: strong ? 11 : 9.5, align: 'right' });
    newline(strong ? 18 : 13);
  }
  newline(8);
  text(`${w.payment} : ${doc.payment}`, MARGIN);
  newline(18);
  text(w.footer, MARGIN, { size: 8, color: MUTED });

  return pdf.save({ useObjectStreams: true });
}
