// An invoice or a credit note as a page: title, what it refers to (or what cancelled it), seller,
// customer, every row with HT and TTC, VAT per rate, totals, and the same document as PDF (drawn by
// the documents worker). On a phone each row of the items table stacks its figures under their
// column's name (data-label), so the document fits a 360 px screen.
import type { FC } from 'hono/jsx';
import { formatMoney } from '../../domain/money.ts';
import { formatVatRate } from '../../domain/vat.ts';
import { orderPath } from '../links.ts';
import { Layout } from '../pages/layout.tsx';
import type { InvoiceDocument } from './invoice-document.ts';

export const DocumentPage: FC<{ doc: InvoiceDocument; orderPublicId: string; pdfPath: string }> = ({ doc, orderPublicId, pdfPath }) => {
  const w = doc.words;
  const l = doc.locale;
  const money = (c: number) => formatMoney(c, l);
  return (
    <Layout title={`${doc.title} — ${doc.seller[0]}`} lang={l}>
      <main class="invoice" data-kind={doc.kind}>
        <p class="eyebrow">
          <a href={orderPath(orderPublicId, l)}>← {w.back}</a> ·{' '}
          <a href={pdfPath} download>
            {w.pdf}
          </a>
        </p>
        <h1>{doc.title}</h1>
        {doc.notes.length ? (
          <ul class="banner" data-testid="document-notes">
            {doc.notes.map((n) => (
              <li>{n.href ? <a href={n.href}>{n.text}</a> : n.text}</li>
            ))}
          </ul>
        ) : null}
        <dl class="facts">
          <dt>{w.issuedOn}</dt>
          <dd>{doc.issuedOn}</dd>
          <dt>{w.order}</dt>
          <dd>
            {doc.orderRef}, {w.placedOn} {doc.orderDate}
          </dd>
          <dt>{w.seller}</dt>
          <dd data-testid="seller">{doc.seller.join(' · ')}</dd>
          <dt>{w.buyer}</dt>
          <dd>{doc.buyer.join(' · ')}</dd>
          <dt>{w.payment}</dt>
          <dd>{doc.payment}</dd>
        </dl>
        <table class="lines stack">
          <caption>{doc.kind === 'credit-note' ? w.creditNote : w.invoice}</caption>
          <thead>
            <tr>
              <th scope="col">{w.item}</th>
              <th scope="col" class="num">
                {w.qty}
              </th>
              <th scope="col" class="num">
                {w.unitTtc}
              </th>
              <th scope="col" class="num">
                {w.vat}
              </th>
              <th scope="col" class="num">
                {w.totalHt}
              </th>
              <th scope="col" class="num">
                {w.totalTtc}
              </th>
            </tr>
          </thead>
          <tbody>
            {doc.rows.map((r) => (
              <tr>
                <th scope="row">
                  {r.label}
                  {r.detail ? (
                    <>
                      <br />
                      <small class="muted">{r.detail}</small>
                    </>
                  ) : null}
                </th>
                <td class="num" data-label={w.qty}>
                  {r.quantity}
                </td>
                <td class="num" data-label={w.unitTtc}>
                  {money(r.unitTtcCents)}
                </td>
                <td class="num" data-label={w.vat}>
                  {formatVatRate(r.vatRateBp, l)}
                </td>
                <td class="num" data-label={w.totalHt}>
                  {money(r.totalHtCents)}
                </td>
                <td class="num" data-label={w.totalTtc}>
                  {money(r.totalTtcCents)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table class="lines" data-testid="vat-summary">
          <caption>{w.vatSummary}</caption>
          <thead>
            <tr>
              <th scope="col">{w.vatRate}</th>
              <th scope="col" class="num">
                {w.baseHt}
              </th>
              <th scope="col" class="num">
                {w.vatAmount}
              </th>
              <th scope="col" class="num">
                {w.totalTtc}
              </th>
            </tr>
          </thead>
          <tbody>
            {doc.vat.map((r) => (
              <tr>
                <th scope="row">{formatVatRate(r.rateBp, l)}</th>
                <td class="num">{money(r.htCents)}</td>
                <td class="num">{money(r.vatCents)}</td>
                <td class="num">{money(r.ttcCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{w.totalHt}</th>
              <td class="num" colspan={3} data-testid="total-ht">
                {money(doc.totalHtCents)}
              </td>
            </tr>
            <tr>
              <th scope="row">{w.vat}</th>
              <td class="num" colspan={3} data-testid="total-vat">
                {money(doc.totalVatCents)}
              </td>
            </tr>
            <tr class="total">
              <th scope="row">{w.totalTtc}</th>
              <td class="num" colspan={3} data-testid="total-ttc">
                {money(doc.totalTtcCents)}
              </td>
            </tr>
          </tfoot>
        </table>
        <p class="muted">{w.footer}</p>
      </main>
    </Layout>
  );
};
