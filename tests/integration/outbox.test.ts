// Confirmations leave through the outbox: written with the order, sent by the scheduled job through the
// e-mail provider's HTTP API (Brevo's JSON, here a local endpoint recording what it receives), in the
// shopper's language, retried with growing delays when the provider fails; and, with no provider in
// development, shown in the development mailbox.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/index.ts';
import { formatMoney } from '../../domain/money.ts';
import { runScheduled } from '../../scripts/local-worker.ts';
import { cartWith, messagesFor, orderBody, variantWithStock } from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

interface Received {
  apiKey: string | undefined;
  body: {
    sender: { name: string; email: string };
    to: Array<{ email: string }>;
    subject: string;
    htmlContent: string;
    textContent: string;
    headers: Record<string, string>;
  };
}

/** The provider's endpoint: records each request; answers 201 like Brevo, or `failWith` while it is set. */
async function startProvider() {
  const received: Received[] = [];
  const state = { failWith: 0 };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (state.failWith) {
      res.writeHead(state.failWith, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ code: 'internal_error', message: 'Service unavailable' }));
    }
    received.push({ apiKey: req.headers['api-key'] as string | undefined, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ messageId: `<${Date.now()}@smtp-relay.mailin.fr>` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/smtp/email`;
  return { url, received, state, close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())) };
}

let provider: Awaited<ReturnType<typeof startProvider>>;
let t: TestWorker;
let shop: DemoShop;

beforeAll(async () => {
  provider = await startProvider();
  t = await startTestWorker({
    bindings: { EMAIL_API_URL: provider.url, EMAIL_API_KEY: 'xkeysib-test', EMAIL_FROM: 'Comptoir <commandes@comptoir.example>' },
  });
  shop = (await openShops(t.conn.db)).find((s) => !s.options.termsText && s.options.minOrderCents === 0)!;
});
afterAll(async () => {
  await t?.close();
  await provider?.close();
});

async function placeOffline(locale: 'fr' | 'en' = 'fr') {
  const item = await variantWithStock(t.conn.db, shop, 50);
  const cartId = await cartWith(t, shop, [[item.variantId, 2]]);
  const res = await t.call('POST', '/api/orders', orderBody(shop, cartId, { locale }));
  expect(res.status).toBe(201);
  return { item, order: res.body as { id: string; totalCents: number } };
}

describe('the outbox sender', () => {
  it('sends the confirmation to the shopper and the notification to the hub through the provider', async () => {
    // Messages queued by the demo seed or earlier placements are delivered too; keep this test's own.
    await runScheduled(t.worker.miniflare);
    provider.received.length = 0;
    const { item, order } = await placeOffline('fr');
    await runScheduled(t.worker.miniflare);
    const mine = provider.received.filter((r) => r.body.textContent.includes(order.id.slice(4, 10).toUpperCase()));
    expect(mine).toHaveLength(2);
    for (const m of mine) {
      expect(m.apiKey).toBe('xkeysib-test');
      expect(m.body.sender).toEqual({ name: 'Comptoir', email: 'commandes@comptoir.example' });
    }
    const shopper = mine.find((m) => m.body.to[0]!.email === 'camille@example.org')!;
    expect(shopper.body.subject).toContain(`chez ${shop.hub.name}`);
    expect(shopper.body.textContent).toContain('Merci Camille Martin, votre commande est enregistrée');
    expect(shopper.body.textContent).toContain(item.productName);
    expect(shopper.body.textContent).toContain(formatMoney(order.totalCents));
    expect(shopper.body.textContent).toContain(`${t.url}/commandes/${order.id}`);
    expect(shopper.body.htmlContent).toContain(`href="${t.url}/commandes/${order.id}"`);
    // No image, font or tracker from elsewhere in the message.
    expect(shopper.body.htmlContent).not.toMatch(/<img|<link|<script/);
    const hub = mine.find((m) => m.body.to[0]!.email !== 'camille@example.org')!;
    expect(hub.body.subject).toMatch(/^Nouvelle commande C-/);
    expect(hub.body.textContent).toContain('06 12 34 56 78');
    expect((await messagesFor(t.conn.db, order.id)).every((m) => m.sent_at !== null)).toBe(true);
  });

  it('writes to an English-speaking shopper in English', async () => {
    const { order } = await placeOffline('en');
    await runScheduled(t.worker.miniflare);
    const shopper = provider.received.find(
      (r) => r.body.to[0]!.email === 'camille@example.org' && r.body.textContent.includes(`/en/orders/${order.id}`),
    )!;
    expect(shopper.body.subject).toMatch(/^Your order C-/);
    expect(shopper.body.textContent).toContain('Thank you Camille Martin, your order is placed');
    expect(shopper.body.textContent).toContain('to pay at collection');
  });

  it('retries with growing delays when the provider fails, keeping the error, then delivers', async () => {
    const { order } = await placeOffline();
    provider.state.failWith = 503;
    const now = Date.now();
    await runScheduled(t.worker.miniflare, now);
    let rows = await t.conn.db.select().from(outbox).where(sql`json_extract(${outbox.payload}, '$.orderPublicId') = ${order.id}`);
    for (const r of rows) {
      expect(r).toMatchObject({ sentAt: null, attempts: 1 });
      expect(r.lastError).toContain('503');
      expect(r.nextAttemptAt).toBe(now + 60_000);
    }
    // Not due yet: nothing is attempted.
    await runScheduled(t.worker.miniflare, now + 30_000);
    rows = await t.conn.db.select().from(outbox).where(eq(outbox.id, rows[0]!.id));
    expect(rows[0]!.attempts).toBe(1);
    // Second failure: five minutes.
    await runScheduled(t.worker.miniflare, now + 61_000);
    rows = await t.conn.db.select().from(outbox).where(eq(outbox.id, rows[0]!.id));
    expect(rows[0]).toMatchObject({ attempts: 2, nextAttemptAt: now + 61_000 + 5 * 60_000 });
    provider.state.failWith = 0;
    await runScheduled(t.worker.miniflare, now + 61_000 + 5 * 60_000);
    rows = await t.conn.db.select().from(outbox).where(sql`json_extract(${outbox.payload}, '$.orderPublicId') = ${order.id}`);
    for (const r of rows) expect(r.sentAt).not.toBeNull();
    expect(rows.map((r) => r.lastError)).toEqual([null, null]);
  });

  it('sends a sign-in link, then keeps no usable copy of it in the database', async () => {
    const res = await fetch(`${t.url}/gestion/connexion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: t.url },
      body: new URLSearchParams({ email: 'elise.bernard@example.org' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    provider.received.length = 0;
    await runScheduled(t.worker.miniflare);
    const sent = provider.received.find((r) => r.body.to[0]!.email === 'elise.bernard@example.org');
    expect(sent?.body.textContent).toMatch(/\/gestion\/connexion\/lien\?token=/);
    const rows = await t.conn.db.select().from(outbox).where(eq(outbox.topic, 'auth.sign-in-link'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.sentAt).not.toBeNull();
      expect(JSON.stringify(row.payload)).not.toContain('token=');
    }
  });

  it('never sends a message twice when runs overlap', async () => {
    const { order } = await placeOffline();
    const before = provider.received.length;
    await Promise.all([runScheduled(t.worker.miniflare), runScheduled(t.worker.miniflare), runScheduled(t.worker.miniflare)]);
    const sent = provider.received.slice(before).filter((r) => r.body.textContent.includes(order.id));
    expect(sent).toHaveLength(2);
  });
});

describe('the development mailbox', () => {
  it('lists what would have been sent, rendered, when no provider is configured', async () => {
    const dev = await startTestWorker({ bindings: { DEV_MAILBOX: '1' } });
    try {
      const s = (await openShops(dev.conn.db)).find((x) => x.hub.id === shop.hub.id)!;
      const item = await variantWithStock(dev.conn.db, s, 30);
      const cartId = await cartWith(dev, s, [[item.variantId, 1]]);
      const placed = (await dev.call('POST', '/api/orders', orderBody(s, cartId))).body;
      const page = await fetch(`${dev.url}/dev/mailbox`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Boîte de développement');
      expect(html).toContain(`Votre commande C-${placed.id.slice(4, 10).toUpperCase()} chez ${s.hub.name}`);
      expect(html).toContain('camille@example.org');
      expect(html).toContain(`${dev.url}/commandes/${placed.id}`);
      // The sender « delivers » them to the mailbox.
      await runScheduled(dev.worker.miniflare);
      expect((await messagesFor(dev.conn.db, placed.id)).every((m) => m.sent_at !== null)).toBe(true);
    } finally {
      await dev.close();
    }
  });

  it('does not exist without DEV_MAILBOX', async () => {
    const res = await fetch(`${t.url}/dev/mailbox`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page introuvable');
  });
});
