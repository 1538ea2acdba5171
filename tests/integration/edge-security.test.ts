// What an attacker meets at the edge of the built worker and its static site, in workerd behind the
// local stand-in for Cloudflare's edge: links built on the configured address whatever the Host header
// says, the same security headers on static pages as on worker pages, per-client rate limits that a
// forged CF-Connecting-IP does not reset, bounded and dated webhook bodies, a rebuild log that keeps
// back-office reasons to managers, and the bare back-office paths.
import { sql } from 'drizzle-orm';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimRebuild, failRebuild } from '../../db/publishing/rebuilds.ts';
import { orders, outbox, rateLimits } from '../../db/schema/index.ts';
import { markStaleStatements, pagesAffectedBy } from '../../db/publishing/stale-pages.ts';
import { paths } from '../../domain/catalog-paths.ts';
import { requestSignInLink } from '../../worker/auth/sign-in.ts';
import { SECURITY_HEADERS } from '../../worker/security-headers.ts';
import { lastSignInLink, signIn } from '../support/admin.ts';
import {
  cardPaymentBody,
  cardShop,
  cartWith,
  messagesFor,
  orderBody,
  orderRow,
  startPayingWorker,
  variantWithStock,
} from '../support/checkout.ts';
import { openShops, type DemoShop } from '../support/demo-data.ts';
import type { FakeStripe } from '../support/fake-stripe.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

const PRODUCER = 'julie.moreau@example.org';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * A request as a client shapes it, byte for byte: any Host header, any source address on the loopback
 * (127.0.0.2 is another machine as far as the server can tell), a body sent chunked when it is an array.
 * With `hold`, the body is left unfinished, as by a client that keeps sending until it is answered.
 */
function raw(
  base: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer | Buffer[]; from?: string; hold?: boolean } = {},
): Promise<Raw> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers: opts.headers ?? {}, ...(opts.from ? { localAddress: opts.from } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
          if (opts.hold) req.destroy();
        });
      },
    );
    req.on('error', reject);
    const parts = opts.body === undefined ? [] : Array.isArray(opts.body) ? opts.body : [opts.body];
    for (const part of parts) req.write(part);
    if (opts.hold) req.flushHeaders();
    else req.end();
  });
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

let t: TestWorker;
beforeAll(async () => {
  t = await startTestWorker();
});
afterAll(() => t?.close());

describe('links handed out by the worker', () => {
  let unconfigured: TestWorker;
  beforeAll(async () => {
    unconfigured = await startTestWorker({ bindings: { PUBLIC_URL: '' } });
  });
  afterAll(() => unconfigured?.close());
  beforeEach(async () => {
    await Promise.all([t.conn.db.delete(rateLimits), unconfigured.conn.db.delete(rateLimits)]);
  });

  it('e-mails sign-in links to the configured address, whatever Host the request names', async () => {
    const api = await raw(t.url, 'POST', '/api/manage/sign-in-links', json({ email: PRODUCER }, { host: 'evil.example' }));
    expect(api.status).toBe(202);
    const fromApi = await lastSignInLink(t, PRODUCER);
    expect(fromApi!.startsWith(`${t.url}/gestion/connexion/lien?`)).toBe(true);

    const form = await raw(t.url, 'POST', '/en/manage/sign-in', {
      headers: { host: 'evil.example', origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: PRODUCER }).toString(),
    });
    expect(form.status).toBe(200);
    const fromForm = await lastSignInLink(t, PRODUCER);
    expect(fromForm).not.toBe(fromApi);
    expect(fromForm!.startsWith(`${t.url}/en/manage/sign-in/link?`)).toBe(true);
  });

  it('builds order e-mails on the configured address, whatever Host the request names', async () => {
    const shop = (await openShops(t.conn.db)).find((s) => !s.options.termsText && s.options.minOrderCents === 0)!;
    const item = await variantWithStock(t.conn.db, shop, 50);
    const cartId = await cartWith(t, shop, [[item.variantId, 1]]);
    const res = await raw(t.url, 'POST', '/api/orders', json(orderBody(shop, cartId), { host: 'evil.example' }));
    expect(res.status, res.text).toBe(201);
    const messages = await messagesFor(t.conn.db, JSON.parse(res.text).id);
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(JSON.parse(m.payload).siteUrl).toBe(t.url);
  });

  it('refuses to send a sign-in link when no public address is configured, and writes nothing', async () => {
    const api = await unconfigured.call('POST', '/api/manage/sign-in-links', { email: PRODUCER }, { origin: unconfigured.url });
    expect(api.status).toBe(503);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(api.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', title: expect.stringContaining('PUBLIC_URL') });

    const page = await fetch(`${unconfigured.url}/gestion/connexion`, {
      method: 'POST',
      headers: { origin: unconfigured.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: PRODUCER }),
    });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('n’est pas configuré pour envoyer des liens');

    expect(await unconfigured.conn.db.select().from(outbox)).toEqual([]);
    expect(await unconfigured.conn.db.select().from(rateLimits)).toEqual([]);
  });

  it('refuses an order whose e-mails would carry no trustworthy link, and keeps the cart', async () => {
    const shop = (await openShops(unconfigured.conn.db)).find((s) => !s.options.termsText && s.options.minOrderCents === 0)!;
    const item = await variantWithStock(unconfigured.conn.db, shop, 50);
    const cartId = await cartWith(unconfigured, shop, [[item.variantId, 1]]);
    const res = await unconfigured.call('POST', '/api/orders', orderBody(shop, cartId));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await unconfigured.conn.db.select().from(orders)).toEqual([]);
    expect(await unconfigured.conn.db.select().from(outbox)).toEqual([]);
    expect((await unconfigured.call('GET', `/api/carts/${cartId}`)).status).toBe(200);
  });
});

describe('security headers', () => {
  let shop: DemoShop;
  beforeAll(async () => {
    shop = (await openShops(t.conn.db))[0]!;
  });

  const expectPolicy = (res: Response, what: string) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), `${name} on ${what}`).toBe(value);
  };

  it('gives every kind of static page and file the worker’s own policy, framing refused', async () => {
    const item = shop.items[0]!;
    const pages: Array<[string, number]> = [
      [paths.home('fr'), 200],
      [paths.home('en'), 200],
      [paths.shop('fr', shop.hub.slug), 200],
      [paths.checkout('fr', shop.hub.slug), 200],
      [paths.checkout('en', shop.hub.slug), 200],
      [paths.product('fr', item.producerSlug, item.productSlug), 200],
      ['/pas-une-page/', 404],
      ['/en/not-a-page/', 404],
      ['/comptoir.css', 200],
    ];
    for (const [path, status] of pages) {
      const res = await fetch(t.url + path);
      expect(res.status, path).toBe(status);
      expectPolicy(res, path);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it('sends the same headers on the worker’s pages and API', async () => {
    for (const path of ['/gestion/connexion', '/api/health', '/api/nothing-here', '/commandes/ord_unknown'])
      expectPolicy(await fetch(t.url + path), path);
  });

  it('does not serve the _headers file itself', async () => {
    expect((await fetch(`${t.url}/_headers`)).status).toBe(404);
  });
});

describe('sign-in rate limit per client', () => {
  beforeEach(async () => {
    await t.conn.db.delete(rateLimits);
  });

  const ask = (from: string, email: string, headers: Record<string, string> = {}) =>
    raw(t.url, 'POST', '/api/manage/sign-in-links', { ...json({ email }, headers), from });

  it('locks out a client that floods the form, and only that client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await ask('127.0.0.2', `flood${i}@example.org`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
    const before = await lastSignInLink(t, PRODUCER);
    expect((await ask('127.0.0.3', PRODUCER)).status).toBe(202);
    expect(await lastSignInLink(t, PRODUCER)).not.toBe(before);
  });

  it('keeps no shared bucket when nothing tells the client’s address: the per-address limit still holds', async () => {
    const ask = (email: string) => requestSignInLink({ db: t.conn.db, email, ip: null, locale: 'fr', origin: t.url, now: Date.now() });
    for (let i = 0; i < 25; i++) await ask(`anyone${i}@example.org`);
    await expect(ask(PRODUCER)).resolves.toBeUndefined();
    for (let i = 0; i < 4; i++) await ask(PRODUCER);
    await expect(ask(PRODUCER)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('keeps counting a client that sends a CF-Connecting-IP of its own choosing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await ask('127.0.0.4', `spoof${i}@example.org`, { 'cf-connecting-ip': `198.51.100.${i + 1}` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe('the Stripe webhook', () => {
  let paying: TestWorker;
  let fake: FakeStripe;
  let close: () => Promise<void>;
  const used: number[] = [];
  beforeAll(async () => {
    ({ t: paying, fake, close } = await startPayingWorker());
  });
  afterAll(() => close?.());

  async function openCardPayment() {
    const shop = await cardShop(paying.conn.db);
    const item = await variantWithStock(paying.conn.db, shop, 20, used);
    used.push(item.variantId);
    const cartId = await cartWith(paying, shop, [[item.variantId, 1]]);
    const res = await paying.call('POST', '/api/orders', cardPaymentBody(shop, cartId));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const order = res.body as { id: string };
    const sessionId = [...fake.sessions.values()].find((s) => s.metadata?.order_id === order.id)!.id;
    return { order, sessionId };
  }

  const webhook = (opts: Parameters<typeof raw>[3]) => raw(paying.url, 'POST', '/api/webhooks/stripe', opts);

  it('refuses a body above 1 MiB with 413, reading no more of it, whether it declares its length or not', async () => {
    const { order, sessionId } = await openCardPayment();
    const { body, signature } = await fake.sign(fake.complete(sessionId));
    const headers = { 'stripe-signature': signature, 'content-type': 'application/json' };
    // Refused on its Content-Length alone: not one byte of it was sent.
    const declared = await webhook({ headers: { ...headers, 'content-length': String(100 * 1024 * 1024) }, hold: true });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // Chunked, it declares nothing: refused once 1 MiB has come, while the client would go on sending.
    const chunks = [Buffer.from(body.slice(0, -1)), ...Array.from({ length: 17 }, () => Buffer.alloc(64 * 1024, 0x20))];
    const chunked = await webhook({ headers, body: chunks, hold: true });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.text)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await orderRow(paying.conn.db, order.id)).toMatchObject({ state: 'checkout', paymentState: 'pending' });
    // The real event, chunked or not, still goes through.
    const genuine = await webhook({ headers, body: [Buffer.from(body.slice(0, 10)), Buffer.from(body.slice(10))] });
    expect(genuine.status, genuine.text).toBe(200);
    expect(await orderRow(paying.conn.db, order.id)).toMatchObject({ paymentState: 'paid' });
  });

  it('refuses a signature dated in the future as it refuses a stale one, and changes nothing', async () => {
    const { order, sessionId } = await openCardPayment();
    const event = fake.complete(sessionId);
    const ahead = await fake.deliver(event, { timestamp: Math.floor(Date.now() / 1000) + 3600 });
    expect(ahead.status).toBe(400);
    expect(ahead.body).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(await orderRow(paying.conn.db, order.id)).toMatchObject({ state: 'checkout', paymentState: 'pending' });
    // A clock a minute ahead of ours is not refused.
    expect((await fake.deliver(event, { timestamp: Math.floor(Date.now() / 1000) + 60 })).body.outcome).toBe('paid');
  });
});

describe('the public rebuild log', () => {
  const reason = 'cycle « Paniers de Noël » ouvre le 2026-12-01 ; relation Ferme X → Ruche';
  const error = 'the page build failed (exit 1): ENOSPC /srv/comptoir/dist/client/boutiques';
  beforeAll(async () => {
    await t.conn.db.batch([t.conn.db.run(sql`DELETE FROM stale_pages`), t.conn.db.run(sql`DELETE FROM catalog_rebuilds`)]);
    const [v] = await t.conn.db.all<{ id: number }>(sql`SELECT id FROM variants LIMIT 1`);
    await t.conn.db.batch(markStaleStatements(t.conn.db, { kind: 'variant', variantId: v!.id }, reason) as never);
    await failRebuild(t.conn.db, (await claimRebuild(t.conn.db))!, error);
    await t.conn.db.batch(markStaleStatements(t.conn.db, { kind: 'variant', variantId: v!.id }, reason) as never);
  });

  it('shows anyone states and times only', async () => {
    const latest = await t.call('GET', '/api/rebuilds/latest');
    expect(latest.status).toBe(200);
    expect(latest.body).toEqual({
      rebuild: { state: 'queued', requestedAt: expect.any(Number), startedAt: null, finishedAt: null },
      stalePages: expect.any(Number),
    });
    const list = await t.call('GET', '/api/rebuilds');
    expect(list.body.rebuilds).toEqual([
      { state: 'queued', requestedAt: expect.any(Number), startedAt: null, finishedAt: null },
      { state: 'failed', requestedAt: expect.any(Number), startedAt: expect.any(Number), finishedAt: expect.any(Number) },
    ]);
    expect(JSON.stringify([latest.body, list.body])).not.toMatch(/Noël|ENOSPC|reason|error/);
  });

  it('shows a signed-in manager the reasons and errors', async () => {
    const s = await signIn(t, PRODUCER);
    const list = await fetch(`${t.url}/api/rebuilds`, { headers: { cookie: s.cookie } });
    expect(list.headers.get('cache-control')).toContain('no-store');
    expect(((await list.json()) as { rebuilds: unknown[] }).rebuilds).toEqual([
      expect.objectContaining({ state: 'queued', reason, error: null }),
      expect.objectContaining({ state: 'failed', reason, error }),
    ]);
    const latest = await fetch(`${t.url}/api/rebuilds/latest`, { headers: { cookie: s.cookie } });
    expect(((await latest.json()) as { rebuild: unknown }).rebuild).toMatchObject({ state: 'queued', reason });
  });
});

describe('the public status of a page', () => {
  it('says a page failed to publish, and only a signed-in manager reads why', async () => {
    const error = 'the page build failed (exit 1): ENOSPC /srv/comptoir/dist/client/boutiques';
    await t.conn.db.batch([t.conn.db.run(sql`DELETE FROM stale_pages`), t.conn.db.run(sql`DELETE FROM catalog_rebuilds`)]);
    const [v] = await t.conn.db.all<{ id: number }>(sql`SELECT id FROM variants LIMIT 1`);
    const change = { kind: 'variant', variantId: v!.id } as const;
    await t.conn.db.batch(markStaleStatements(t.conn.db, change, 'prix') as never);
    await failRebuild(t.conn.db, (await claimRebuild(t.conn.db))!, error);
    const [path] = await pagesAffectedBy(t.conn.db, change);
    const status = `/api/pages/status?path=${encodeURIComponent(path!)}`;
    const anonymous = await t.call('GET', status);
    expect(anonymous.body).toMatchObject({ state: 'failed', error: null });
    expect(JSON.stringify(anonymous.body)).not.toMatch(/ENOSPC/);
    const s = await signIn(t, PRODUCER);
    const manager = await fetch(t.url + status, { headers: { cookie: s.cookie } });
    expect(await manager.json()).toMatchObject({ state: 'failed', error });
  });
});

describe('the bare back-office paths', () => {
  it('redirect /gestion and /en/manage to the back office', async () => {
    for (const [bare, home] of [
      ['/gestion', '/gestion/'],
      ['/en/manage', '/en/manage/'],
    ]) {
      const res = await fetch(t.url + bare, { redirect: 'manual' });
      expect(res.status, bare).toBe(301);
      expect(res.headers.get('location'), bare).toBe(home);
    }
    const followed = await fetch(`${t.url}/gestion`);
    expect(followed.url).toBe(`${t.url}/gestion/connexion`);
    expect(followed.status).toBe(200);
  });
});
