// The shopper's order pages, rendered on demand: the order (French /commandes/…, English
// /en/orders/…), giving up a card payment under way, and the order's invoices and credit notes as
// pages and as PDFs (drawn by the documents worker behind the DOCUMENTS service binding).
import { assertSameOrigin } from '../auth/guard.ts';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { findDocument, type DocumentKind } from '../../db/orders/corrections.ts';
import { findOrder, type OrderRecord } from '../../db/orders/order-records.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatMoney, type Locale } from '../../domain/money.ts';
import { databaseFor } from '../db.ts';
import type { AppEnv, Env } from '../env.ts';
import { DocumentPage } from '../invoices/document-page.tsx';
import { documentPath, invoiceDocument, invoiceSheet, parseDocumentNumber, type InvoiceDocument } from '../invoices/invoice-document.ts';
import { checkoutPath, orderPath, siteUrl } from '../links.ts';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { ownChoices, ownOrderFacts } from '../../db/orders/order-changes.ts';
import { OWN_CHANGE_REFUSED } from '../../domain/own-orders.ts';
import { formStrings } from '../admin/shared/forms.ts';
import { OrderPage, orderSituation, type OwnChangeForm } from '../pages/order-page.tsx';
import { cancelOwnOrder, changeOwnOrder, ownOrderRefusal, type OwnChange } from '../shoppers/own-order.ts';
import { TEXT } from '../pages/order-text.ts';
import { UnavailablePage } from '../pages/unavailable-page.tsx';
import { RETRY_AFTER_S } from '../problem.ts';
import { orderIdSchema } from '../schemas.ts';
import { cardPaymentsFor, refundsFor } from '../stripe.ts';
import { cancelCardAttempt } from '../use-cases/end-card-attempts.ts';

const ROUTES: Record<
  Locale,
  {
    order: string;
    cancel: string;
    change: string;
    cancelOrder: string;
    invoice: string;
    pdf: string;
    invoices: string;
    creditNotes: string;
    returned: string;
  }
> = {
  fr: {
    order: '/commandes/:orderId',
    change: '/commandes/:orderId/modifier',
    cancelOrder: '/commandes/:orderId/annuler',
    cancel: '/commandes/:orderId/paiement/annuler',
    invoice: '/commandes/:orderId/facture',
    pdf: '/commandes/:orderId/facture.pdf',
    invoices: '/commandes/:orderId/factures/:doc',
    creditNotes: '/commandes/:orderId/avoirs/:doc',
    returned: 'paiement',
  },
  en: {
    order: '/en/orders/:orderId',
    change: '/en/orders/:orderId/change',
    cancelOrder: '/en/orders/:orderId/cancel',
    cancel: '/en/orders/:orderId/payment/cancel',
    invoice: '/en/orders/:orderId/invoice',
    pdf: '/en/orders/:orderId/invoice.pdf',
    invoices: '/en/orders/:orderId/invoices/:doc',
    creditNotes: '/en/orders/:orderId/credit-notes/:doc',
    returned: 'payment',
  },
};

/** The document the path names (« 2026-00042 » or « 2026-00042.pdf »), if it is this order's; the first invoice when none is named. */
async function documentOf(c: Context<AppEnv>, record: OrderRecord, locale: Locale, kind: DocumentKind, named: string | undefined) {
  let wanted = named === undefined ? null : parseDocumentNumber(named.replace(/\.pdf$/, ''));
  if (named === undefined && record.invoice) wanted = { year: record.invoice.year, number: record.invoice.number };
  if (!wanted) return null;
  const stored = await findDocument(databaseFor(c.env), record.order.id, kind, wanted.year, wanted.number);
  if (!stored) return null;
  const first = kind === 'invoice' && record.invoice?.year === stored.year && record.invoice.number === stored.number;
  const doc = invoiceDocument(record, locale, stored);
  return { doc, pdfPath: documentPath(record.order.publicId, locale, { kind, year: stored.year, number: stored.number, first }, 'pdf') };
}

/** The order behind the link, or null for a malformed or unknown id (both answer a readable 404). */
async function orderFromLink(c: Context<AppEnv>): Promise<OrderRecord | null> {
  const parsed = v.safeParse(orderIdSchema, c.req.param('orderId'));
  // An order page is private to whoever holds its link: never cached, never sent on as a referrer.
  c.header('cache-control', 'private, no-store');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-robots-tag', 'noindex');
  return parsed.success ? findOrder(databaseFor(c.env), parsed.output) : null;
}

const HUB_SAYS = {
  fr: {
    cancelled: (hub: string) => `${hub} a annulé votre commande.`,
    reason: (r: string) => `Motif : ${r}`,
    refunded: (amount: string) => `${amount} vous ont été remboursés sur votre carte.`,
    owed: (hub: string, amount: string) => `${hub} vous doit ${amount}, à vous rendre au retrait.`,
    repaid: (amount: string) => `${amount} vous ont été rendus.`,
  },
  en: {
    cancelled: (hub: string) => `${hub} cancelled your order.`,
    reason: (r: string) => `Reason: ${r}`,
    refunded: (amount: string) => `${amount} was refunded to your card.`,
    owed: (hub: string, amount: string) => `${hub} owes you ${amount}, to be handed back at collection.`,
    repaid: (amount: string) => `${amount} was handed back to you.`,
  },
} as const;

/**
 * What the hub did to the order after it was placed, in the shopper's words: cancelled (with its
 * reason) and the money going back. Null when it did nothing of the kind.
 */
export function hubNotice(record: OrderRecord, l: Locale): string | null {
  const w = HUB_SAYS[l];
  const o = record.order;
  const parts: string[] = [];
  if (o.state === 'cancelled' && o.cancelledBy === 'hub') {
    parts.push(w.cancelled(record.hubName));
    if (o.cancelReason) parts.push(w.reason(o.cancelReason));
  }
  const total = (state: string) => record.moneyBack.filter((m) => m.state === state).reduce((n, m) => n + m.amountCents, 0);
  const money = (c: number) => formatMoney(c, l);
  if (total('refunded')) parts.push(w.refunded(money(total('refunded'))));
  if (total('owed')) parts.push(w.owed(record.hubName, money(total('owed'))));
  if (total('repaid')) parts.push(w.repaid(money(total('repaid'))));
  return parts.length ? parts.join(' ') : null;
}

/**
 * The change form when the rule lets the shopper change the order now; the change awaiting its
 * payment instead while one is under way (the rule's own window); the reason alone for a card order
 * while card money cannot move. Null otherwise: no section.
 */
async function ownChangeForm(c: Context<AppEnv>, record: OrderRecord, typed?: Record<string, string>): Promise<OwnChangeForm | null> {
  // Only a placed order can ever be changed: the page's polling of a paid or prepared order reads nothing more.
  if (record.order.state !== 'placed') return null;
  const db = databaseFor(c.env);
  const o = await ownOrderFacts(db, record.order.publicId);
  if (!o) return null;
  const refusal = ownOrderRefusal(o, cardPaymentsFor(c.env), Date.now());
  const base = { closesAt: o.closesAt, choices: [], pending: null, refused: null };
  switch (refusal?.reason) {
    case undefined:
      return { ...base, choices: await ownChoices(db, o), ...(typed ? { typed } : {}) };
    case 'payment-under-way':
      return { ...base, pending: o.pending };
    case 'card-unavailable':
      return { ...base, refused: refusal.reason };
    default:
      return null;
  }
}

async function renderOrder(
  c: Context<AppEnv>,
  record: OrderRecord,
  locale: Locale,
  error?: string,
  status: 200 | 409 | 403 | 422 | 502 | 503 = 200,
  more: { notice?: string; typed?: Record<string, string> } = {},
) {
  const returned = c.req.query(ROUTES[locale].returned) === 'ok';
  // A cancellation by the hub or the shopper is not a failed card payment: the page says who cancelled (« withdrawn »).
  const situation = orderSituation(record.order, returned);
  let notice = more.notice ?? hubNotice(record, locale) ?? undefined;
  const own = await ownChangeForm(c, record, more.typed);
  if (c.req.query(locale === 'fr' ? 'modification' : 'change') === 'ok' && own?.pending) {
    notice = TEXT[locale].ownPaidChange;
    c.header('refresh', '3');
  }
  if (status === 503) c.header('retry-after', String(RETRY_AFTER_S));
  // Back from Stripe before its webhook: look again in a moment (a header, so no script is needed).
  if (situation === 'confirming' || situation === 'processing') c.header('refresh', situation === 'confirming' ? '3' : '20');
  return c.html(
    <OrderPage record={record} locale={locale} situation={situation} now={Date.now()} error={error} notice={notice} own={own} />,
    status,
  );
}

/** The quantities the form posts (`q.<variant>`, and one product to add), as the shopper's change. */
function ownChangeOf(form: Record<string, string>): OwnChange[] {
  const asked: OwnChange[] = [];
  const quantity = (raw: string, field: string, min: number) => {
    const n = Number(raw.trim());
    if (!/^\d{1,4}$/.test(raw.trim()) || n < min)
      throw new DomainError('VALIDATION', 'A quantity is a whole number.', {
        fields: [{ field, message: 'Une quantité est un nombre entier, 0 pour retirer le produit.' }],
      });
    return n;
  };
  for (const [key, raw] of Object.entries(form)) {
    const m = /^q\.(\d{1,9})$/.exec(key);
    if (m) asked.push({ variantId: Number(m[1]), quantity: quantity(raw, key, 0) });
  }
  const add = form['add.variant']?.trim();
  if (add) {
    if (!/^\d{1,9}$/.test(add))
      throw new DomainError('VALIDATION', 'Unknown product.', { fields: [{ field: 'add.variant', message: 'Produit inconnu.' }] });
    const n = quantity(form['add.quantity'] ?? '1', 'add.quantity', 1);
    const same = asked.find((a) => a.variantId === Number(add));
    if (same) same.quantity += n;
    else asked.push({ variantId: Number(add), quantity: n });
  }
  return asked;
}

/** A refused change in the shopper's words (the rule's, else the field message the use case gave). */
function refusalText(err: DomainError, l: Locale): string {
  const reason = err.details.reason as keyof (typeof OWN_CHANGE_REFUSED)['fr'] | undefined;
  if (reason && OWN_CHANGE_REFUSED[l][reason]) return OWN_CHANGE_REFUSED[l][reason];
  if (l === 'fr') return err.fields[0]?.message ?? err.message;
  return err.message;
}

const STATUS_OF: Partial<Record<string, 403 | 409 | 422 | 502 | 503>> = {
  FORBIDDEN: 403,
  CYCLE_CLOSED: 409,
  STATE_CONFLICT: 409,
  PAYMENT_IN_PROGRESS: 409,
  OUT_OF_STOCK: 409,
  PAYMENT_PROVIDER: 502,
  SERVICE_UNAVAILABLE: 503,
};

export const orderPages = new Hono<AppEnv>();

for (const locale of ['fr', 'en'] as const) {
  const r = ROUTES[locale];
  orderPages.get(r.order, async (c) => {
    const record = await orderFromLink(c);
    if (!record) return c.html(<NotFoundPage />, 404);
    const t = TEXT[locale];
    const notice =
      c.req.query(locale === 'fr' ? 'modifiee' : 'changed') === '1'
        ? t.ownChanged
        : c.req.query(locale === 'fr' ? 'annulee' : 'cancelled') === '1'
          ? t.ownCancelled
          : undefined;
    return renderOrder(
      c,
      record,
      locale,
      undefined,
      200,
      notice ? { notice: [notice, hubNotice(record, locale)].filter(Boolean).join(' ') } : {},
    );
  });

  orderPages.post(r.change, async (c) => {
    const record = await orderFromLink(c);
    if (!record) return c.html(<NotFoundPage />, 404);
    assertSameOrigin(c, false);
    const form = await formStrings(c);
    try {
      const done = await changeOwnOrder({
        db: databaseFor(c.env),
        payments: cardPaymentsFor(c.env),
        refunds: refundsFor(c.env),
        publicId: record.order.publicId,
        asked: ownChangeOf(form),
        now: Date.now(),
        siteUrl: siteUrl(c),
      });
      if (done.outcome === 'payment-required') return c.redirect(done.paymentUrl, 303);
      return c.redirect(`${orderPath(record.order.publicId, locale)}?${locale === 'fr' ? 'modifiee' : 'changed'}=1`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'CSRF') throw err;
      return renderOrder(c, record, locale, refusalText(err, locale), STATUS_OF[err.code] ?? 422, { typed: form });
    }
  });

  orderPages.post(r.cancelOrder, async (c) => {
    const record = await orderFromLink(c);
    if (!record) return c.html(<NotFoundPage />, 404);
    assertSameOrigin(c, false);
    const form = await formStrings(c);
    if (form.confirm !== 'yes') return c.redirect(orderPath(record.order.publicId, locale), 303);
    try {
      await cancelOwnOrder({
        db: databaseFor(c.env),
        payments: cardPaymentsFor(c.env),
        publicId: record.order.publicId,
        now: Date.now(),
        siteUrl: siteUrl(c),
      });
      return c.redirect(`${orderPath(record.order.publicId, locale)}?${locale === 'fr' ? 'annulee' : 'cancelled'}=1`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'CSRF') throw err;
      return renderOrder(c, record, locale, refusalText(err, locale), STATUS_OF[err.code] ?? 422);
    }
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

  /** A document as a page or a PDF; a numbered one is a PDF when its name ends in « .pdf ». */
  const page = (kind: DocumentKind, route: string, asPdf?: boolean) =>
    orderPages.get(route, async (c) => {
      const record = await orderFromLink(c);
      const named = c.req.param('doc');
      const pdf = asPdf ?? Boolean(named?.endsWith('.pdf'));
      const found = record && (await documentOf(c, record, locale, kind, named));
      if (!record || !found) return c.html(<NotFoundPage />, 404);
      if (!pdf) return c.html(<DocumentPage doc={found.doc} orderPublicId={record.order.publicId} pdfPath={found.pdfPath} />);
      const bytes = await drawnInvoice(c.env, found.doc);
      if (!bytes) {
        c.header('retry-after', String(RETRY_AFTER_S));
        return c.html(<UnavailablePage lang={locale} />, 503);
      }
      const word = kind === 'credit-note' ? (locale === 'fr' ? 'avoir' : 'credit-note') : locale === 'fr' ? 'facture' : 'invoice';
      return c.body(bytes.buffer as ArrayBuffer, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${word}-${found.doc.number}.pdf"`,
      });
    });
  page('invoice', r.invoice, false);
  page('invoice', r.pdf, true);
  page('invoice', r.invoices);
  page('credit-note', r.creditNotes);
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
