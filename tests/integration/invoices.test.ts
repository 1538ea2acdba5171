// Invoices: gapless numbers per selling enterprise and year under concurrent placements (refused
// placements leave no hole), and the invoice as a page and as a PDF drawn by the documents worker
// behind the shop worker's DOCUMENTS service binding (pdf-lib never in the shopper-facing bundle).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFPage } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises, invoiceCounters, invoices, orders } from '../../db/schema/index.ts';
import { formatInvoiceNumber, invoiceYear } from '../../domain/invoices.ts';
import { formatMoney } from '../../domain/money.ts';
import { cartWith, orderBody, variantWithStock } from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let shop: DemoShop;

beforeAll(async () => {
  t = await startTestWorker();
  shop = (await openShops(t.conn.db)).find(
    (s) => !s.options.termsText && s.options.minOrderCents === 0 && s.options.payment.some((p) => p.kind === 'offline'),
  )!;
});
afterAll(() => t?.close());

async function numbersOf(publicIds: string[]) {
  const rows = await t.conn.db
    .select({ number: invoices.number, year: invoices.year, enterpriseId: invoices.enterpriseId })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(inArray(orders.publicId, publicIds));
  return rows;
}

describe('invoice numbers', () => {
  it('are consecutive, without duplicates or gaps, under 40 concurrent placements of which some are refused', async () => {
    const year = invoiceYear(Date.now());
    const before =
      (
        await t.conn.db
          .select()
          .from(invoiceCounters)
          .where(and(eq(invoiceCounters.enterpriseId, shop.hub.id), eq(invoiceCounters.year, year)))
      )[0]?.lastNumber ?? 0;
    // 25 items for 40 shoppers: 15 placements roll back after the counter statement would have run.
    const item = await variantWithStock(t.conn.db, shop, 25);
    const carts: string[] = [];
    for (let i = 0; i < 40; i += 10)
      carts.push(...(await Promise.all(Array.from({ length: 10 }, () => cartWith(t, shop, [[item.variantId, 1]])))));
    const results = await Promise.all(carts.map((c) => t.call('POST', '/api/orders', orderBody(shop, c))));
    const placed = results.filter((r) => r.status === 201).map((r) => r.body.id as string);
    expect(placed).toHaveLength(25);
    expect(results.filter((r) => r.status === 409)).toHaveLength(15);

    const rows = await numbersOf(placed);
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r) => r.enterpriseId))).toEqual(new Set([shop.hub.id]));
    expect(new Set(rows.map((r) => r.year))).toEqual(new Set([year]));
    const numbers = rows.map((r) => r.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => before + 1 + i));
    const counter = (
      await t.conn.db
        .select()
        .from(invoiceCounters)
        .where(and(eq(invoiceCounters.enterpriseId, shop.hub.id), eq(invoiceCounters.year, year)))
    )[0]!;
    expect(counter.lastNumber).toBe(before + 25);
  });

  it('are kept per selling enterprise: another hub has its own sequence', async () => {
    const other = (await openShops(t.conn.db)).find(
      (s) => s.hub.id !== shop.hub.id && s.options.payment.some((p) => p.kind === 'offline'),
    )!;
    const item = await variantWithStock(t.conn.db, other, 20);
    const cartId = await cartWith(t, other, [[item.variantId, 5]]);
    const res = await t.call('POST', '/api/orders', orderBody(other, cartId, { acceptTerms: true }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [row] = await numbersOf([res.body.id]);
    expect(row).toMatchObject({ enterpriseId: other.hub.id });
    const mine = await t.conn.db.select({ n: invoices.number }).from(invoices).where(eq(invoices.enterpriseId, other.hub.id));
    expect(mine.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: mine.length }, (_, i) => i + 1));
  });
});

const winAnsi = new TextDecoder('windows-1252');

/** The text a pdf-lib page draws with its standard fonts: hex strings of WinAnsi codes before Tj. */
function pageText(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => page.doc.context.lookup(r)) : [contents];
  let text = '';
  for (const s of streams) {
    if (!(s instanceof PDFRawStream)) continue;
    const ops = new TextDecoder('latin1').decode(decodePDFRawStream(s).decode());
    for (const m of ops.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) text += `${winAnsi.decode(Buffer.from(m[1]!, 'hex'))}\n`;
  }
  return text;
}

describe('the invoice', () => {
  it('is reachable from the order page, as a page with HT, VAT per rate and TTC and the seller, and as a PDF', async () => {
    const item = await variantWithStock(t.conn.db, shop, 20);
    const cartId = await cartWith(t, shop, [[item.variantId, 2]]);
    const placed = (await t.call('POST', '/api/orders', orderBody(shop, cartId))).body;
    const order = (await t.call('GET', `/api/orders/${placed.id}`)).body;
    const [row] = await numbersOf([placed.id]);
    const number = formatInvoiceNumber(row!.year, row!.number);
    expect(order.invoice).toEqual({ number, url: `/commandes/${placed.id}/facture`, pdfUrl: `/commandes/${placed.id}/facture.pdf` });

    const orderPage = await (await fetch(`${t.url}/commandes/${placed.id}`)).text();
    expect(orderPage).toContain(`Facture n° ${number}`);
    expect(orderPage).toContain(`href="/commandes/${placed.id}/facture.pdf"`);

    const res = await fetch(`${t.url}/commandes/${placed.id}/facture`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = await res.text();
    expect(html).toContain(`Facture n° ${number}`);
    expect(html).toContain(shop.hub.name);
    // The seller's legal identity, as French law requires on an invoice.
    const [seller] = await t.conn.db
      .select({ legalName: enterprises.legalName, siret: enterprises.siret, vatNumber: enterprises.vatNumber })
      .from(enterprises)
      .where(eq(enterprises.id, shop.hub.id));
    expect(html).toContain(seller!.legalName!);
    expect(html).toContain(`SIRET ${seller!.siret}`);
    expect(html).toContain(`N° TVA intracommunautaire ${seller!.vatNumber}`);
    expect(html).toContain('Total HT');
    expect(html).toContain('TVA par taux');
    expect(html).toContain(formatMoney(placed.totalCents));
    const ttc = /data-testid="total-ttc">([^<]+)</.exec(html)![1];
    const ht = /data-testid="total-ht">([^<]+)</.exec(html)![1];
    const vat = /data-testid="total-vat">([^<]+)</.exec(html)![1];
    const cents = (s: string) => Math.round(Number(s.replace(/[^\d,]/g, '').replace(',', '.')) * 100);
    expect(cents(ttc!)).toBe(placed.totalCents);
    expect(cents(ht!) + cents(vat!)).toBe(placed.totalCents);

    const pdfRes = await fetch(`${t.url}/commandes/${placed.id}/facture.pdf`);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdfRes.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toBe(`Facture n° ${number}`);
    const text = pdf.getPages().map(pageText).join('');
    expect(text).toContain(`Facture n° ${number}`);
    expect(text).toContain(shop.hub.name);
    expect(text).toContain(`SIRET ${seller!.siret}`);
    expect(text).toContain(item.productName);
    // Money is drawn with plain spaces where French formatting puts no-break ones.
    expect(text).toContain(formatMoney(placed.totalCents).replace(/[\u00a0\u202f]/g, ' '));

    const en = await (await fetch(`${t.url}/en/orders/${placed.id}/invoice`)).text();
    expect(en).toContain(`Invoice no. ${number}`);
    expect(en).toContain('Total excl. VAT');
  });

  it('answers unknown or malformed order links with a readable 404', async () => {
    expect((await fetch(`${t.url}/commandes/ord_${'Z'.repeat(22)}/facture`)).status).toBe(404);
    expect((await fetch(`${t.url}/commandes/ord_${'Z'.repeat(22)}/facture.pdf`)).status).toBe(404);
    expect((await fetch(`${t.url}/commandes/not-an-order/facture`)).status).toBe(404);
  });

  describe('without the documents worker', () => {
    // The same database served by a worker deployed without the DOCUMENTS binding.
    let alone: LocalWorker;
    beforeAll(async () => {
      alone = await startLocalWorker({ dbPath: t.dbUrl.replace(/^file:/, ''), dist: t.dist, omit: ['DOCUMENTS'] });
    });
    afterAll(() => alone?.close());

    it('answers the PDF with a readable 503 at once, and the invoice page still works', async () => {
      const item = await variantWithStock(t.conn.db, shop, 20);
      const cartId = await cartWith(t, shop, [[item.variantId, 1]]);
      const placed = (await t.call('POST', '/api/orders', orderBody(shop, cartId))).body;
      const started = Date.now();
      const res = await fetch(`${alone.url}/commandes/${placed.id}/facture.pdf`);
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(res.headers.get('retry-after')).toBeTruthy();
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('Service momentanément indisponible');
      expect((await fetch(`${alone.url}/commandes/${placed.id}/facture`)).status).toBe(200);
    });
  });

  it('is drawn outside the shopper-facing worker: its bundle carries no PDF library', () => {
    const shopWorker = readFileSync(join(t.dist, 'worker', 'index.js'), 'utf8');
    const documents = readFileSync(join(t.dist, 'documents', 'index.js'), 'utf8');
    // pdf-lib's standard font names and the header it writes, present in the documents worker only.
    for (const mark of ['Helvetica-Bold', '%PDF-']) {
      expect(documents).toContain(mark);
      expect(shopWorker).not.toContain(mark);
    }
  });
});
