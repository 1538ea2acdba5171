// A local stand-in for Stripe's API, reached by the real SDK through its own host/port/protocol options
// (no Stripe mock is installable here). It answers the calls Comptoir makes with objects shaped like
// Stripe's documented ones (Checkout Session, Account, Account Link, Event, error envelope), keeps idempotency keys as Stripe
// does, serves a minimal hosted payment page, and sends webhook events signed the way Stripe signs them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

export const TEST_SECRET_KEY = 'sk_test_comptoir_fake_0123456789';
export const TEST_WEBHOOK_SECRET = 'whsec_comptoir_fake_0123456789abcdef';
const API_VERSION = '2026-10-28.endive';

export type FakeSession = Stripe.Checkout.Session & { _account: string | null };

export interface RecordedRequest {
  method: string;
  path: string;
  account: string | null;
  idempotencyKey: string | null;
  params: Record<string, unknown>;
}

type Failure = { status: number; type: string; message: string; code?: string };

export interface FakeStripe {
  url: string;
  port: number;
  /** Worker bindings that point the SDK here, with the keys the fake accepts. */
  bindings: Record<string, string>;
  sessions: Map<string, FakeSession>;
  requests: RecordedRequest[];
  /** Where events are delivered (the worker's webhook endpoint), for the hosted page's « pay » button. */
  webhookUrl: string | null;
  /** Delay before the hosted page's payment sends its webhook (the shopper usually arrives first). */
  webhookDelayMs: number;
  /** The next `count` session creations fail like this (e.g. 500 api_error, 400 invalid_request_error). */
  failCreate(count: number, failure: Failure): void;
  /**
   * Called once a session exists, before Stripe's answer leaves: what happens to the caller at that
   * moment (its database breaking, say) happens after Stripe has done its part. Null: nothing.
   */
  onSessionCreated: ((session: Stripe.Checkout.Session) => void | Promise<void>) | null;
  /** The session is paid (or completes unpaid, for a delayed method); returns the event Stripe would send. */
  complete(sessionId: string, paymentStatus?: 'paid' | 'unpaid'): Stripe.Event;
  /** The session reaches its end unpaid; returns checkout.session.expired. */
  expire(sessionId: string): Stripe.Event;
  /** The event for the session as it is now. */
  event(type: Stripe.Event['type'], sessionId: string): Stripe.Event;
  /** Body and Stripe-Signature header of an event, signed with `secret` at `timestamp` (seconds). */
  sign(event: Stripe.Event, opts?: { secret?: string; timestamp?: number }): Promise<{ body: string; signature: string }>;
  /** POSTs a signed event to `url` (default: webhookUrl) as Stripe does. */
  deliver(event: Stripe.Event, opts?: { url?: string; secret?: string; timestamp?: number }): Promise<{ status: number; body: any }>;
  /** Connect: the connected accounts created here (Stripe's Account objects), by id. */
  accounts: Map<string, Stripe.Account>;
  /** Connect: Stripe changes what the account may do; returns the account.updated event Stripe would send. */
  updateAccount(
    accountId: string,
    patch: Partial<Pick<Stripe.Account, 'charges_enabled' | 'payouts_enabled' | 'details_submitted'>>,
  ): Stripe.Event;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** Stripe's form encoding: a[b][0][c]=v → { a: { b: [ { c: 'v' } ] } }. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: any = root;
    path.forEach((seg, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]!);
      const k: string | number = Array.isArray(node) ? Number(seg) : seg;
      if (last) node[k] = value;
      else node = node[k] ??= nextIsIndex ? [] : {};
    });
  }
  return root;
}

function stripeError(res: ServerResponse, f: Failure & { param?: string }) {
  res.writeHead(f.status, { 'content-type': 'application/json', 'request-id': id('req') });
  res.end(
    JSON.stringify({
      error: { type: f.type, message: f.message, ...(f.code ? { code: f.code } : {}), ...(f.param ? { param: f.param } : {}) },
    }),
  );
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const publicSession = ({ _account, ...s }: FakeSession) => structuredClone(s) as Stripe.Checkout.Session;

export async function startFakeStripe(): Promise<FakeStripe> {
  const sessions = new Map<string, FakeSession>();
  const requests: RecordedRequest[] = [];
  const idempotency = new Map<string, { params: string; status: number; body: unknown }>();
  const failures: Failure[] = [];
  const nodeStripe = new Stripe(TEST_SECRET_KEY);
  let base = '';

  const fake: FakeStripe = {
    url: '',
    port: 0,
    bindings: {},
    sessions,
    requests,
    webhookUrl: null,
    webhookDelayMs: 300,
    onSessionCreated: null,
    failCreate(count, failure) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    complete(sessionId, paymentStatus = 'paid') {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      s.status = 'complete';
      s.payment_status = paymentStatus;
      s.payment_intent = id('pi');
      s.customer_details = {
        address: null,
        business_name: null,
        email: s.customer_email,
        individual_name: null,
        name: 'Camille Martin',
        phone: null,
        tax_exempt: 'none',
        tax_ids: [],
      } as unknown as Stripe.Checkout.Session.CustomerDetails;
      return fake.event('checkout.session.completed', sessionId);
    },
    expire(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      s.status = 'expired';
      s.url = null;
      return fake.event('checkout.session.expired', sessionId);
    },
    event(type, sessionId) {
      const s = sessions.get(sessionId)!;
      return {
        id: id('evt'),
        object: 'event',
        account: s._account ?? undefined,
        api_version: API_VERSION,
        context: undefined,
        created: Math.floor(Date.now() / 1000),
        data: { object: publicSession(s) },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      } as unknown as Stripe.Event;
    },
    async sign(event, opts = {}) {
      const body = JSON.stringify(event, null, 2);
      const signature = await nodeStripe.webhooks.generateTestHeaderStringAsync({
        payload: body,
        secret: opts.secret ?? TEST_WEBHOOK_SECRET,
        timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
      });
      return { body, signature };
    },
    async deliver(event, opts = {}) {
      const url = opts.url ?? fake.webhookUrl;
      if (!url) throw new Error('no webhook URL');
      const { body, signature } = await fake.sign(event, opts);
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: res.status, body: parsed };
    },
    accounts: new Map(),
    updateAccount(accountId, patch) {
      const a = fake.accounts.get(accountId);
      if (!a) throw new Error(`no account ${accountId}`);
      Object.assign(a, patch);
      a.requirements = {
        ...a.requirements!,
        currently_due: a.details_submitted ? [] : a.requirements!.currently_due,
        disabled_reason: a.charges_enabled ? null : a.requirements!.disabled_reason,
      } as Stripe.Account.Requirements;
      return {
        id: id('evt'),
        object: 'event',
        account: accountId,
        api_version: API_VERSION,
        created: Math.floor(Date.now() / 1000),
        data: { object: structuredClone(a), previous_attributes: {} },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: 'account.updated',
      } as unknown as Stripe.Event;
    },
    close: async () => {},
  };

  // --- Connect: connected accounts, onboarding links and the hosted onboarding page (golive-pay) ---
  const accountsByKey = new Map<string, { params: string; body: Stripe.Account }>();
  const onboarding = new Map<string, { account: string; returnUrl: string; refreshUrl: string; expiresAt: number }>();
  const connectRoute = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    raw: string,
    account: string | null,
    key: string | null,
  ) => {
    if (req.method === 'POST' && url.pathname === '/v1/accounts') {
      if (account)
        return (
          stripeError(res, { status: 400, type: 'invalid_request_error', message: 'Connected accounts cannot create accounts.' }), true
        );
      const seen = key ? accountsByKey.get(key) : undefined;
      if (seen) {
        if (seen.params !== raw)
          return (
            stripeError(res, {
              status: 400,
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with.`,
            }),
            true
          );
        res.setHeader('idempotent-replayed', 'true');
        return (json(res, 200, fake.accounts.get(seen.body.id)), true);
      }
      const p = parseStripeForm(raw) as any;
      if (p.type && p.controller)
        return (
          stripeError(res, {
            status: 400,
            type: 'invalid_request_error',
            param: 'type',
            message: 'You cannot pass `type` together with `controller`.',
          }),
          true
        );
      const acct = {
        id: `acct_${randomBytes(8).toString('hex')}`,
        object: 'account',
        business_profile: { mcc: null, name: null, url: null },
        business_type: null,
        capabilities: {},
        charges_enabled: false,
        controller: p.controller
          ? {
              fees: { payer: p.controller.fees?.payer ?? 'account' },
              is_controller: true,
              losses: { payments: p.controller.losses?.payments ?? 'stripe' },
              requirement_collection: p.controller.requirement_collection ?? 'stripe',
              stripe_dashboard: { type: p.controller.stripe_dashboard?.type ?? 'full' },
              type: 'application',
            }
          : { type: 'account' },
        country: p.country ?? 'FR',
        created: Math.floor(Date.now() / 1000),
        default_currency: 'eur',
        details_submitted: false,
        email: p.email ?? null,
        metadata: p.metadata ?? {},
        payouts_enabled: false,
        requirements: {
          alternatives: [],
          current_deadline: null,
          currently_due: ['business_type', 'external_account', 'tos_acceptance.date'],
          disabled_reason: 'requirements.past_due',
          errors: [],
          eventually_due: [],
          past_due: [],
          pending_verification: [],
        },
        settings: {},
        type: p.type ?? 'standard',
      } as unknown as Stripe.Account;
      fake.accounts.set(acct.id, acct);
      if (key) accountsByKey.set(key, { params: raw, body: acct });
      return (json(res, 200, acct), true);
    }
    const one = /^\/v1\/accounts\/(acct_[0-9a-zA-Z_]+)$/.exec(url.pathname);
    if (one && req.method === 'GET') {
      const a = fake.accounts.get(one[1]!);
      if (!a)
        return (
          stripeError(res, {
            status: 404,
            type: 'invalid_request_error',
            code: 'resource_missing',
            param: 'account',
            message: `No such account: '${one[1]}'`,
          }),
          true
        );
      return (json(res, 200, a), true);
    }
    if (req.method === 'POST' && url.pathname === '/v1/account_links') {
      const p = parseStripeForm(raw) as any;
      if (!fake.accounts.has(p.account))
        return (
          stripeError(res, { status: 400, type: 'invalid_request_error', param: 'account', message: `No such account: '${p.account}'` }),
          true
        );
      for (const param of ['return_url', 'refresh_url', 'type'])
        if (!p[param])
          return (
            stripeError(res, { status: 400, type: 'invalid_request_error', param, message: `Missing required param: ${param}.` }), true
          );
      const token = randomBytes(12).toString('hex');
      const created = Math.floor(Date.now() / 1000);
      onboarding.set(token, { account: p.account, returnUrl: p.return_url, refreshUrl: p.refresh_url, expiresAt: created + 300 });
      return (json(res, 200, { object: 'account_link', created, expires_at: created + 300, url: `${base}/setup/s/${token}` }), true);
    }
    return false;
  };
  /** Stripe's hosted onboarding: GET shows it, POST finishes it (charges and payouts enabled), sends account.updated and goes back. */
  const onboardingPage = (req: IncomingMessage, res: ServerResponse, token: string) => {
    const link = onboarding.get(token);
    if (!link || link.expiresAt < Date.now() / 1000) {
      res.writeHead(303, { location: link?.refreshUrl ?? base });
      return res.end();
    }
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Inscription — fake Stripe</title></head><body>
<h1>Inscription Stripe</h1><form method="post"><button type="submit">Terminer</button></form></body></html>`);
    }
    onboarding.delete(token);
    const event = fake.updateAccount(link.account, { details_submitted: true, charges_enabled: true, payouts_enabled: true });
    setTimeout(
      () => void fake.deliver(event).catch((err) => console.error('fake stripe: webhook delivery failed', err)),
      fake.webhookDelayMs,
    );
    res.writeHead(303, { location: link.returnUrl });
    return res.end();
  };

  const createSession = async (res: ServerResponse, raw: string, account: string | null, key: string | null) => {
    if (key) {
      const seen = idempotency.get(key);
      if (seen) {
        // Stripe replays the first answer for the same key, and refuses the key with other parameters.
        if (seen.params !== raw)
          return stripeError(res, {
            status: 400,
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          });
        res.setHeader('idempotent-replayed', 'true');
        return json(res, seen.status, seen.body);
      }
    }
    const failure = failures.shift();
    if (failure) return stripeError(res, failure);
    const p = parseStripeForm(raw) as any;
    const now = Math.floor(Date.now() / 1000);
    const lines = (p.line_items ?? []) as Array<{
      quantity: string;
      price_data: { currency: string; unit_amount: string; product_data: { name: string } };
    }>;
    if (p.mode !== 'payment')
      return stripeError(res, { status: 400, type: 'invalid_request_error', param: 'mode', message: 'Missing required param: mode.' });
    if (!lines.length)
      return stripeError(res, {
        status: 400,
        type: 'invalid_request_error',
        param: 'line_items',
        message: 'line_items is required in payment mode.',
      });
    for (const [i, l] of lines.entries()) {
      if (
        !/^\d+$/.test(l.price_data?.unit_amount ?? '') ||
        l.price_data.currency !== 'eur' ||
        !/^[1-9]\d*$/.test(l.quantity ?? '') ||
        !l.price_data.product_data?.name
      ) {
        return stripeError(res, { status: 400, type: 'invalid_request_error', param: `line_items[${i}]`, message: 'Invalid line item.' });
      }
    }
    const expiresAt = Number(p.expires_at ?? now + 86_400);
    if (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 3600) {
      return stripeError(res, {
        status: 400,
        type: 'invalid_request_error',
        param: 'expires_at',
        message: 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
      });
    }
    if (!p.success_url)
      return stripeError(res, {
        status: 400,
        type: 'invalid_request_error',
        param: 'success_url',
        message: 'You must provide a success_url.',
      });
    const total = lines.reduce((s, l) => s + Number(l.price_data.unit_amount) * Number(l.quantity), 0);
    const sid = `cs_test_${randomBytes(24).toString('hex')}`;
    const session = {
      id: sid,
      object: 'checkout.session',
      _account: account,
      after_expiration: null,
      allow_promotion_codes: null,
      amount_subtotal: total,
      amount_total: total,
      cancel_url: p.cancel_url ?? null,
      client_reference_id: p.client_reference_id ?? null,
      created: now,
      currency: 'eur',
      customer: null,
      customer_details: null,
      customer_email: p.customer_email ?? null,
      expires_at: expiresAt,
      livemode: false,
      locale: p.locale ?? null,
      metadata: p.metadata ?? {},
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: p.success_url,
      ui_mode: 'hosted',
      url: `${base}/c/pay/${sid}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
    } as unknown as FakeSession;
    sessions.set(sid, session);
    const body = publicSession(session);
    if (key) idempotency.set(key, { params: raw, status: 200, body });
    await fake.onSessionCreated?.(structuredClone(body));
    return json(res, 200, body);
  };

  const hostedPage = (s: FakeSession) => {
    const amount = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format((s.amount_total ?? 0) / 100);
    return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Paiement — fake Stripe</title></head><body>
<h1>Payer ${amount}</h1><p>Session ${s.id} (${s.status})</p>
${s.status === 'open' ? `<form method="post" action="/c/pay/${s.id}"><label>Numéro de carte <input name="card" value="4242 4242 4242 4242"></label><button type="submit">Payer ${amount}</button></form>` : '<p>Cette session n’est plus ouverte.</p>'}
<p><a href="${s.cancel_url}">Retour</a></p></body></html>`;
  };

  const refundsByKey = new Map<string, Record<string, unknown>>();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', base);
      const raw = await readBody(req);
      const pay = /^\/c\/pay\/(cs_test_[0-9a-f]+)$/.exec(url.pathname);
      if (pay) {
        const s = sessions.get(pay[1]!);
        if (!s) return (res.writeHead(404), res.end('no such session'));
        if (req.method === 'GET') return (res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }), res.end(hostedPage(s)));
        if (s.status !== 'open') return (res.writeHead(409, { 'content-type': 'text/html; charset=utf-8' }), res.end(hostedPage(s)));
        const event = fake.complete(s.id);
        // Like Stripe: the shopper is redirected, and the webhook follows on its own.
        setTimeout(
          () => void fake.deliver(event).catch((err) => console.error('fake stripe: webhook delivery failed', err)),
          fake.webhookDelayMs,
        );
        res.writeHead(303, { location: s.success_url! });
        return res.end();
      }
      const setup = /^\/setup\/s\/([0-9a-f]+)$/.exec(url.pathname);
      if (setup) return onboardingPage(req, res, setup[1]!);
      if (req.headers.authorization !== `Bearer ${TEST_SECRET_KEY}`) {
        return stripeError(res, { status: 401, type: 'invalid_request_error', message: 'Invalid API Key provided.' });
      }
      const account = (req.headers['stripe-account'] as string | undefined) ?? null;
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        account,
        idempotencyKey: key,
        params: req.method === 'GET' ? Object.fromEntries(url.searchParams) : parseStripeForm(raw),
      });
      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') return await createSession(res, raw, account, key);
      if (await connectRoute(req, res, url, raw, account, key)) return;
      const one = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(url.pathname);
      if (one) {
        const s = sessions.get(one[1]!);
        // Objects of a connected account are invisible from another account.
        if (!s || s._account !== account)
          return stripeError(res, {
            status: 404,
            type: 'invalid_request_error',
            code: 'resource_missing',
            param: 'session',
            message: `No such checkout.session: '${one[1]}'`,
          });
        if (req.method === 'GET' && !one[2]) return json(res, 200, publicSession(s));
        if (req.method === 'POST' && one[2]) {
          if (s.status !== 'open')
            return stripeError(res, {
              status: 400,
              type: 'invalid_request_error',
              message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
            });
          s.status = 'expired';
          s.url = null;
          return json(res, 200, publicSession(s));
        }
      }
      if (req.method === 'POST' && url.pathname === '/v1/refunds') {
        // Back office: refunding a paid order in full or in part (same idempotency key, same refund, as Stripe does).
        const params = parseStripeForm(raw);
        const paid = [...sessions.values()].find(
          (x) => x.payment_intent === params.payment_intent && x._account === account && x.payment_status === 'paid',
        );
        if (!paid)
          return stripeError(res, {
            status: 400,
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such payment_intent: '${String(params.payment_intent)}'`,
          });
        const previous = key ? refundsByKey.get(key) : undefined;
        if (previous) return json(res, 200, previous);
        // A partial refund names its amount; without one Stripe refunds what is left of the payment.
        const done = [...refundsByKey.values()]
          .filter((r) => r.payment_intent === paid.payment_intent)
          .reduce((n, r) => n + Number(r.amount), 0);
        const left = (paid.amount_total ?? 0) - done;
        const amount = params.amount === undefined ? left : Number(params.amount);
        if (!(amount > 0) || amount > left)
          return stripeError(res, {
            status: 400,
            type: 'invalid_request_error',
            code: 'amount_too_large',
            message: `Refund amount (€${amount / 100}) is greater than unrefunded amount on charge (€${left / 100})`,
          });
        const refund = {
          id: id('re'),
          object: 'refund',
          amount,
          currency: 'eur',
          payment_intent: paid.payment_intent,
          status: 'succeeded',
          created: Math.floor(Date.now() / 1000),
        };
        if (key) refundsByKey.set(key, refund);
        return json(res, 200, refund);
      }
      return stripeError(res, {
        status: 404,
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${req.method}: ${url.pathname}).`,
      });
    } catch (err) {
      stripeError(res, { status: 500, type: 'api_error', message: String(err) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  fake.url = base;
  fake.port = port;
  fake.bindings = {
    STRIPE_SECRET_KEY: TEST_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_HOST: '127.0.0.1',
    STRIPE_API_PORT: String(port),
    STRIPE_API_PROTOCOL: 'http',
  };
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}
