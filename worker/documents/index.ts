// The documents worker (comptoir-documents): draws invoice PDFs for the shopper-facing worker, which
// reaches it through its DOCUMENTS service binding (RPC), so no shopping request loads pdf-lib.
// It has no public route; the main worker builds the document from the order and this only draws it.
import { WorkerEntrypoint } from 'cloudflare:workers';
import { type InvoiceSheet, WORDS } from '../invoices/invoice-document.ts';
import { invoicePdf } from './invoice-pdf.ts';

export default class Documents extends WorkerEntrypoint {
  /** The invoice as PDF bytes, in the sheet's language. */
  async invoicePdf(sheet: InvoiceSheet): Promise<Uint8Array> {
    const locale = sheet.locale === 'en' ? 'en' : 'fr';
    return invoicePdf({ ...sheet, locale, words: WORDS[locale] });
  }

  override async fetch(): Promise<Response> {
    return new Response('Not found', { status: 404 });
  }
}
