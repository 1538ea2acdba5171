// The order page, rendered on demand at an unguessable link, in the order's language: the real state
// of the order and its payment from the database (paid, awaiting payment, payment under way, not
// completed), what to do next, the lines, fees, VAT and total, collection details and the invoice.
import type { FC } from 'hono/jsx';
import type { OrderRecord } from '../../db/orders/order-records.ts';
import { formatDateTime, formatTime, formatWindow } from '../../domain/dates.ts';
import { formatInvoiceDate, formatInvoiceNumber } from '../../domain/invoices.ts';
import { OWN_CHANGE_REFUSED, type OwnChangeRefusal } from '../../domain/own-orders.ts';
import { formatMoney, type Locale } from '../../domain/money.ts';
import { vatSummary, formatVatRate } from '../../domain/vat.ts';
import { documentPath, WORDS } from '../invoices/invoice-document.ts';
import { cancelPaymentPath, checkoutPath, shopPath } from '../links.ts';
import { Layout } from './layout.tsx';
import { ORDER_STATE, TEXT, paymentStateText, shortRef } from './order-text.ts';
import { orderPath } from '../links.ts';

export { shortRef } from './order-text.ts';
export { orderPath };

/** What the shopper sees first, from the order's state and payment state (and whether they just paid). */
export type OrderSituation =
  | 'paid'
  | 'placed'
  | 'confirming'
  | 'unpaid'
  | 'processing'
  | 'cancelled'
  | 'withdrawn'
  | 'late-payment'
  | 'progress';

export function orderSituation(o: OrderRecord['order'], returnedFromPayment: boolean): OrderSituation {
  switch (o.state) {
    case 'checkout':
      if (o.reservedUntil === null) return 'processing';
      return returnedFromPayment ? 'confirming' : 'unpaid';
    case 'placed':
      return o.paymentState === 'paid' ? 'paid' : 'placed';
    case 'cancelled':
      // Cancelled by the hub or by the shopper (a placed order withdrawn), not a card attempt that ended.
      if (o.cancelledBy) return 'withdrawn';
      return o.paymentState === 'paid' ? 'late-payment' : 'cancelled';
    case 'ready':
    case 'collected':
    case 'delivered':
      return 'progress';
  }
}

/**
 * The shopper's own change, when the hub allows it and the sale is open: what can be added, a change
 * awaiting payment, or why a card order cannot be changed now (card payments unavailable).
 */
export interface OwnChangeForm {
  closesAt: number;
  choices: readonly { variantId: number; label: string; priceCents: number }[];
  pending: { checkoutUrl: string | null; amountCents: number } | null;
  refused: Extract<OwnChangeRefusal['reason'], 'card-unavailable'> | null;
  /** Quantities as typed when a change was refused, by variant id. */
  typed?: Record<string, string>;
}

/**
 * The order's invoice, supplementary invoices and credit notes, oldest first, each titled as the
 * document itself reads, with its page and PDF addresses, date and amount.
 */
export function orderDocuments(record: OrderRecord, l: Locale) {
  const w = WORDS[l];
  const id = record.order.publicId;
  const entry = (
    kind: 'invoice' | 'credit-note',
    d: { year: number; number: number; issuedAt: number; totalTtcCents: number },
    first: boolean,
    title: string,
  ) => {
    const ref = { kind, year: d.year, number: d.number, first };
    return {
      kind,
      first,
      title,
      issuedAt: d.issuedAt,
      totalTtcCents: d.totalTtcCents,
      path: documentPath(id, l, ref),
      pdfPath: documentPath(id, l, ref, 'pdf'),
    };
  };
  return [
    ...record.invoices.map((i) => {
      const n = formatInvoiceNumber(i.year, i.number);
      const first = i.supplementsInvoiceId === null;
      return entry('invoice', i, first, first ? w.number(n) : `${w.number(n)} ${TEXT[l].supplementary}`);
    }),
    ...record.creditNotes.map((c) => entry('credit-note', c, false, w.creditNumber(formatInvoiceNumber(c.year, c.number)))),
  ].sort((a, b) => a.issuedAt - b.issuedAt); // stable: issued in one batch, the invoice stays before the credit note
}

export const ownChangePath = (publicId: string, l: Locale) => `${orderPath(publicId, l)}/${l === 'fr' ? 'modifier' : 'change'}`;
export const ownCancelPath = (publicId: string, l: Locale) => `${orderPath(publicId, l)}/${l === 'fr' ? 'annuler' : 'cancel'}`;

export const OrderPage: FC<{
  record: OrderRecord;
  locale: Locale;
  situation: OrderSituation;
  now: number;
  error?: string | undefined;
  notice?: string | undefined;
  own?: OwnChangeForm | null | undefined;
}> = ({ record, locale: l, situation, now, error, notice, own }) => {
  const { order: o, lines, orderFees } = record;
  const t = TEXT[l];
  const money = (c: number) => formatMoney(c, l);
  const docs = orderDocuments(record, l);
  const vat = vatSummary([
    ...lines.map((x) => ({ rateBp: x.vatRateBp, ttcCents: x.lineTotalCents })),
    ...orderFees.map((f) => ({ rateBp: f.vatRateBp, ttcCents: f.amountCents })),
    { rateBp: o.shippingVatRateBp, ttcCents: o.shippingCents },
  ]).filter((r) => r.ttcCents !== 0);
  const title = {
    paid: t.titlePaid,
    placed: t.titlePlaced,
    confirming: t.titleConfirming,
    unpaid: t.titleUnpaid,
    processing: t.titleUnpaid,
    cancelled: t.titleCancelled,
    withdrawn: t.titleCancelled,
    'late-payment': t.titleLatePayment,
    progress: `${t.order} ${ORDER_STATE[l][o.state].toLowerCase()}`,
  }[situation];
  // Past the reservation Stripe's session has ended too (same end): only changing the cart remains.
  const over = o.reservedUntil !== null && o.reservedUntil <= now;
  const resumeUrl = record.payment?.kind === 'card' && !over ? record.payment.checkoutUrl : null;
  return (
    <Layout title={`${t.order} ${shortRef(o.publicId)} — ${record.hubName}`} lang={l}>
      <main class="order" data-situation={situation}>
        <p class="eyebrow">
          <a href={shopPath(record.hubSlug, l)}>{record.hubName}</a> · {record.cycleName}
        </p>
        <h1>{title}</h1>
        {error ? (
          <p class="banner error" role="alert">
            {error}
          </p>
        ) : null}
        {notice ? (
          <p class="banner" role="status" data-testid="order-notice">
            {notice}
          </p>
        ) : null}
        {situation === 'withdrawn' && o.cancelledBy === 'shopper' ? <p class="banner closed">{t.cancelledByShopper}</p> : null}
        {situation === 'confirming' ? (
          <p class="banner" role="status">
            {t.confirming}
          </p>
        ) : null}
        {situation === 'unpaid' || situation === 'processing' ? (
          <div class="banner" data-testid="payment-actions">
            <p>{situation === 'processing' ? t.processing : over ? t.reservationOver : t.reservedUntil(formatTime(o.reservedUntil!, l))}</p>
            {situation === 'unpaid' && resumeUrl ? (
              <p>
                <a href={resumeUrl} rel="noreferrer">
                  <strong>{t.payNow}</strong>
                </a>
              </p>
            ) : null}
            {situation === 'unpaid' ? (
              <form method="post" action={cancelPaymentPath(o.publicId, l)}>
                <button type="submit" class="link">
                  {t.changeCart}
                </button>
              </form>
            ) : null}
          </div>
        ) : null}
        {situation === 'cancelled' ? (
          <div class="banner closed">
            <p>{t.cancelledUnpaid}</p>
            {record.cartPublicId ? (
              <p>
                {t.cartWaits} <a href={checkoutPath(record.hubSlug, l, record.cartPublicId)}>{t.backToCart}</a>
              </p>
            ) : null}
          </div>
        ) : null}
        {situation === 'late-payment' ? <p class="banner closed">{t.latePayment(record.hubName)}</p> : null}
        <p>
          {(o.placedAt ? t.placedBy : t.startedBy)(shortRef(o.publicId), formatDateTime(o.placedAt ?? o.createdAt, l), o.name)} {t.keepLink}
        </p>
        <dl class="facts">
          <dt>{t.state}</dt>
          <dd data-testid="order-state">{ORDER_STATE[l][o.state]}</dd>
          <dt>{t.payment}</dt>
          <dd data-testid="payment-state">
            {o.paymentName} — {paymentStateText(o, record.moneyBack, l)}
          </dd>
          <dt>{o.shippingKind === 'delivery' ? t.delivery : t.pickup}</dt>
          <dd>
            {o.shippingName}
            {o.shippingKind === 'delivery' && o.addressLine ? `, ${o.addressLine}, ${o.postalCode} ${o.city}` : ''}
            {record.collectionStartsAt && record.collectionEndsAt ? (
              <> — {formatWindow(record.collectionStartsAt, record.collectionEndsAt, l)}</>
            ) : null}
            {record.collectionPlace ? <>, {record.collectionPlace}</> : null}
            {record.instructions ? <p class="muted">{record.instructions}</p> : null}
          </dd>
          {docs.length ? (
            <>
              <dt>{docs.length === 1 ? t.invoice : t.documents}</dt>
              <dd>
                <ul class="documents" data-testid="documents">
                  {docs.map((d) => (
                    <li data-testid={d.first ? 'invoice' : undefined}>
                      <a href={d.path}>{d.title}</a> ·{' '}
                      <a href={d.pdfPath} download>
                        PDF
                      </a>{' '}
                      — {formatInvoiceDate(d.issuedAt, l)} —{' '}
                      {d.kind === 'credit-note' ? `−${money(d.totalTtcCents)}` : money(d.totalTtcCents)}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
        <table class="lines">
          <caption>{t.details}</caption>
          <thead>
            <tr>
              <th scope="col">{t.product}</th>
              <th scope="col" class="num">
                {t.quantity}
              </th>
              <th scope="col" class="num">
                {t.unitPrice}
              </th>
              <th scope="col" class="num">
                {t.total}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((x) => (
              <tr>
                <th scope="row">
                  {x.productName} <span class="muted">— {x.variantName}</span>
                  <br />
                  <small class="muted">{x.producerName}</small>
                </th>
                <td class="num">{x.quantity}</td>
                <td class="num">{money(x.unitPriceCents)}</td>
                <td class="num">{money(x.lineTotalCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={3}>
                {t.products}
              </th>
              <td class="num">{money(o.itemsTotalCents)}</td>
            </tr>
            {orderFees.map((f) => (
              <tr>
                <th scope="row" colspan={3}>
                  {f.name} <small class="muted">({f.enterpriseName})</small>
                </th>
                <td class="num">{money(f.amountCents)}</td>
              </tr>
            ))}
            {o.shippingCents ? (
              <tr>
                <th scope="row" colspan={3}>
                  {o.shippingName}
                </th>
                <td class="num">{money(o.shippingCents)}</td>
              </tr>
            ) : null}
            {vat.map((r) => (
              <tr class="muted">
                <th scope="row" colspan={3}>
                  {t.vatIncl(formatVatRate(r.rateBp, l))}
                </th>
                <td class="num">{money(r.vatCents)}</td>
              </tr>
            ))}
            <tr class="total">
              <th scope="row" colspan={3}>
                {t.totalTtc}
              </th>
              <td class="num" data-testid="order-total">
                {money(o.totalCents)}
              </td>
            </tr>
          </tfoot>
        </table>
        {own ? <OwnChange record={record} l={l} own={own} /> : null}
      </main>
    </Layout>
  );
};

/** « Modifier ou annuler ma commande »: new quantities (0 removes), a product to add, and a confirmed cancellation. */
const OwnChange: FC<{ record: OrderRecord; l: Locale; own: OwnChangeForm }> = ({ record, l, own }) => {
  const t = TEXT[l];
  const o = record.order;
  const money = (c: number) => formatMoney(c, l);
  const inOrder = new Set(record.lines.map((x) => x.variantId));
  const typedAdd = own.typed?.['add.variant'] ?? '';
  return (
    <section class="own-change" id="own-change" aria-labelledby="own-change-title" data-testid="own-change">
      <h2 id="own-change-title">{t.ownTitle}</h2>
      {own.refused ? (
        <p class="banner closed" data-testid="own-refused">
          {OWN_CHANGE_REFUSED[l][own.refused]}
        </p>
      ) : (
        <p>{t.ownUntil(formatDateTime(own.closesAt, l))}</p>
      )}
      {own.refused ? null : own.pending ? (
        <p class="banner" data-testid="own-pending">
          {t.ownPending(money(own.pending.amountCents))}{' '}
          {own.pending.checkoutUrl ? (
            <a href={own.pending.checkoutUrl} rel="noreferrer">
              <strong>{t.ownPayNow}</strong>
            </a>
          ) : null}
        </p>
      ) : (
        <>
          <form method="post" action={ownChangePath(o.publicId, l)}>
            <p class="muted">
              {t.ownPriced} {o.paymentKind === 'card' ? t.ownCard : ''}
            </p>
            <table class="lines">
              <tbody>
                {record.lines.map((x) => (
                  <tr>
                    <th scope="row">
                      <label for={`q-${x.variantId}`}>
                        {x.productName} <span class="muted">— {x.variantName}</span>
                      </label>
                    </th>
                    <td class="num">
                      <input
                        id={`q-${x.variantId}`}
                        name={`q.${x.variantId}`}
                        type="number"
                        inputmode="numeric"
                        min={0}
                        max={9999}
                        value={own.typed?.[`q.${x.variantId}`] ?? String(x.quantity)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {own.choices.length ? (
              <p class="field">
                <label for="own-add">{t.ownAdd}</label>{' '}
                <select id="own-add" name="add.variant">
                  <option value="">{t.ownNone}</option>
                  {own.choices
                    .filter((ch) => !inOrder.has(ch.variantId))
                    .map((ch) => (
                      <option value={String(ch.variantId)} selected={typedAdd === String(ch.variantId)}>
                        {ch.label} — {money(ch.priceCents)}
                      </option>
                    ))}
                </select>{' '}
                <input
                  name="add.quantity"
                  type="number"
                  inputmode="numeric"
                  min={1}
                  max={9999}
                  value={own.typed?.['add.quantity'] ?? '1'}
                  aria-label={t.quantity}
                />
              </p>
            ) : null}
            <button type="submit">{t.ownSave}</button>
          </form>
          <details class="danger-zone">
            <summary>{t.ownCancel}</summary>
            <form method="post" action={ownCancelPath(o.publicId, l)} id="own-cancel">
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> {t.ownCancelConfirm}
              </label>{' '}
              <button type="submit" class="danger">
                {t.ownCancelButton}
              </button>
            </form>
          </details>
        </>
      )}
    </section>
  );
};
