// The shopper's order pages, rendered on demand: the order (French /commandes/…, English
// /en/orders/…), giving up a card payment under way, and the invoice as a page and as a PDF (drawn by
// the documents worker behind the DOCUMENTS service binding).
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { findOrder, type OrderRecord } from '../../db/orders/order-records.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Locale } from '../../domain/money.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv, Env } from '../env.ts';
import { invoiceDocument, invoiceSheet, type InvoiceDocument } from '../invoices/invoice-document.ts';
import { checkoutPath, orderPath, siteUrl } from '../links.ts';
import { InvoicePage } from '../pages/invoice-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { OrderPage, orderSituation } from '../pages/order-page.tsx';
import { TEXT } from '../pages/order-text.ts';
import { UnavailablePage } from '../pages/unavailable-page.tsx';
import { RETRY_AFTER_S } from '../problem.ts';
import { orderIdSchema } from '../schemas.ts';
import { cardPaymentsFor } from '../stripe.ts';
import { cancelCardAttempt } from '../use-cases/end-card-attempts.ts';

const ROUTES: Record<Locale, { order: string; cancel: string; invoice: string; pdf: string; returned: string }> = {
  fr: {
    order: '/commandes/:orderId',
    cancel: '/commandes/:orderId/paiement/annuler',
    invoice: '/commandes/:orderId/facture',
    pdf: '/commandes/:orderId/facture.pdf',
    returned: 'paiement',
  },
  en: {
    order: '/en/orders/:orderId',
    cancel: '/en/orders/:orderId/payment/cancel',
    invoice: '/en/orders/:orderId/invoice',
    pdf: '/en/orders/:orderId/invoice.pdf',
    returned: 'payment',
  },
};

/** The order behind the link, or null for a malformed or unknown id (both answer a readable 404). */
async function orderFromLink(c: Context<AppEnv>): Promise<OrderRecord | null> {
  const parsed = v.safeParse(orderIdSchema, c.req.param('orderId'));
  // An order page is private to whoever holds its link: never cached, never sent on as a referrer.
  c.header('cache-control', 'private, no-store');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-robots-tag', 'noindex');
  return parsed.success ? findOrder(databaseFor(c.env), parsed.output) : null;
}

function renderOrder(c: Context<AppEnv>, record: OrderRecord, locale: Locale, error?: string, status: 200 | 502 = 200) {
  const returned = c.req.query(ROUTES[locale].returned) === 'ok';
  const situation = orderSituation(record.order, returned);
  // Back from Stripe before its webhook: look again in a moment (a header, so no script is needed).
  if (situation === 'confirming' || situation === 'processing') c.header('refresh', situation === 'confirming' ? '3' : '20');
  return c.html(<OrderPage record={record} locale={locale} situation={situation} now={Date.now()} error={error} />, status);
}

export const orderPages = new Hono<AppEnv>();

for (const locale of ['fr', 'en'] as const) {
  const r = ROUTES[locale];
  orderPages.get(r.order, async (c) => {
    const record = await orderFromLink(c);
    if (!record) return c.html(<NotFoundPage />, 404);
    return renderOrder(c, record, locale);
  });

  orderPages.post(r.cancel, async (c) => {
    const record = await orderFromLink(c);
    if (!record) return c.html(<NotFoundPage />, 404);
    const db = databaseFor(c.env);
    try {
      const outcome = await cancelCardAttempt({
        db,
        payments: cardPaymentsFor(c.env),
        publicId: record.order.publicId,
        siteUrl: siteUrl(c),
        now: Date.now(),
      });
      // Ended: back to the cart, reopened as it was. Paid meanwhile or already settled: the order says so.
      if (outcome === 'ended' && record.cartPublicId) return c.redirect(checkoutPath(record.hubSlug, locale, record.cartPublicId), 303);
      return c.redirect(orderPath(record.order.publicId, locale), 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return renderOrder(c, record, locale, TEXT[locale].cancelFailed, 502);
    }
  });

  orderPages.get(r.invoice, async (c) => {
    const record = await orderFromLink(c);
    const doc = record && invoiceDocument(record, locale);
    if (!record || !doc) return c.html(<NotFoundPage />, 404);
    return c.html(<InvoicePage doc={doc} orderPublicId={record.order.publicId} />);
  });

  orderPages.get(r.pdf, async (c) => {
    const record = await orderFromLink(c);
    const doc = record && invoiceDocument(record, locale);
    if (!record || !doc) return c.html(<NotFoundPage />, 404);
    const bytes = await drawnInvoice(c.env, doc);
    if (!bytes) {
      c.header('retry-after', String(RETRY_AFTER_S));
      return c.html(<UnavailablePage lang={locale} />, 503);
    }
    const name = `${locale === 'fr' ? 'facture' : 'invoice'}-${doc.number}.pdf`;
    return c.body(bytes.buffer as ArrayBuffer, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${name}"`,
    });
  });
}

/**
 * The PDF drawn by the documents worker (pdf-lib lives there, never in a shopping request), or null
 * when it is not bound, fails, or takes longer than DOCUMENTS_TIMEOUT_MS: the shopper gets a 503 at once.
 */
async function drawnInvoice(env: Env, doc: InvoiceDocument): Promise<Uint8Array | null> {
  if (!env.DOCUMENTS) return null;
  const timeoutMs = Number(env.DOCUMENTS_TIMEOUT_MS) || 5_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      env.DOCUMENTS.invoicePdf(invoiceSheet(doc)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`documents worker: no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    console.error(JSON.stringify({ documents: 'unavailable', error: String(err) }));
    return null;
  } finally {
    clearTimeout(timer);
  }
}
