// The production rehearsal (issue 10, part 9): README's « Deploy it » walked end to end by a new co-op.
// A fresh, empty database behind the libSQL HTTP endpoint → `npm run db:migrate` → `npm run
// platform:init` (both the real scripts, as child processes, DATABASE_URL naming the endpoint) → the
// administrator signs in with the e-mailed link, creates a hub and a producer with their first managers,
// who accept by signing in; the producer adds a product with a variant, publishes and lets the hub sell
// it; the hub fills its profile, adds its collection and payment methods, connects Stripe (hosted
// onboarding on the fake, `account.updated` signed as Stripe signs it), opens a cycle and publishes; the
// catalog rebuild renders the stale pages from that database; a shopper orders and pays by card.
// Every step is an HTTP request to the built worker in workerd, a form read from the page it is on
// (as a browser fills and sends it), an e-mail read from the provider's side, or the rebuilder; no SQL.
// The worker and site bundles are the shared build's (they do not depend on the data); its catalog
// pages, built from the demo, are removed first, so every page shown comes from this database.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Connection } from '../../db/core/connect.ts';
import { paths as site } from '../../domain/catalog-paths.ts';
import { epochToParisLocal } from '../../domain/paris-time.ts';
import { rebuildCatalog } from '../../scripts/catalog-rebuild.ts';
import { runScheduled, startLocalWorker, type LocalWorker } from '../../scripts/local-worker.ts';
import { paths } from '../../worker/admin/shared/paths.ts';
import { followLink, sessionCookieFrom } from '../support/admin.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import type { TestWorker } from '../support/local-worker.ts';
import { startMailProvider } from '../support/mail-provider.ts';

const ADMIN = 'bureau@coop-des-monts.example';
const HUB_MANAGER = 'marche@coop-des-monts.example';
const PRODUCER_MANAGER = 'ferme@coop-des-monts.example';
const SHOPPER = { name: 'Louise Garnier', email: 'louise@example.org', phone: '06 98 76 54 32' };
const HUB = 'marche-des-monts';
const PRODUCER = 'ferme-du-col';
const p = paths('fr');

let dir: string;
let worker: LocalWorker;
let fake: FakeStripe;
let mail: Awaited<ReturnType<typeof startMailProvider>>;
/** The rebuilder's own connection, as the catalog CI holds one in production (DATABASE_URL). */
let rebuilder: Connection;
let dist: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-rehearsal-'));
  dist = join(dir, 'dist');
  cpSync(inject('dist'), dist, { recursive: true });
  const client = join(dist, 'client');
  for (const folder of ['boutiques', 'producteurs', 'en/shops', 'en/producers'])
    for (const entry of readdirSync(join(client, folder), { withFileTypes: true }))
      if (entry.isDirectory()) rmSync(join(client, folder, entry.name), { recursive: true });
  fake = await startFakeStripe();
  mail = await startMailProvider();
  // No file yet: the endpoint opens an empty database, as a new Turso database or sqld starts.
  worker = await startLocalWorker({ dbPath: join(dir, 'coop.db'), dist, bindings: { ...fake.bindings, ...mail.bindings } });
  fake.webhookUrl = `${worker.url}/api/webhooks/stripe`;
}, 120_000);
afterAll(async () => {
  rebuilder?.close();
  await worker?.close();
  await fake?.close();
  await mail?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starting Node and the database client takes seconds on a loaded machine. */
const NPM_RUN_MS = 120_000;

async function npmRun(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '-s', script, ...(args.length ? ['--', ...args] : [])], {
      env: { ...process.env, DATABASE_URL: worker.database.url },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// --- A browser's part: cookies, forms as the page holds them, e-mails as the recipient reads them ---

interface Person {
  email: string;
  cookie: string;
}

const decode = (s: string) =>
  s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
const attrs = (tag: string) => {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/\s([a-zA-Z_:][\w:.-]*)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = decode(m[2] ?? '');
  return out;
};

/**
 * The fields a browser sends for the first form posting to `action` (or the one whose HTML `which`
 * matches): text, hidden and chosen options as the page holds them, ticked boxes only.
 */
function formOf(html: string, action: string, which?: RegExp): [string, string][] {
  const forms = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]);
  const form = forms.find((f) => attrs(f.slice(0, f.indexOf('>') + 1)).action === action && (!which || which.test(f)));
  if (!form) throw new Error(`no form posting to ${action} on this page`);
  const fields: [string, string][] = [];
  for (const m of form.matchAll(/<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/g)) {
    const tag = m[0];
    const a = attrs(tag.slice(0, tag.indexOf('>') + 1));
    if (!a.name || 'disabled' in a) continue;
    if (tag.startsWith('<select')) {
      const options = [...tag.matchAll(/<option\b[^>]*>/g)].map((o) => attrs(o[0]));
      const chosen = options.find((o) => 'selected' in o) ?? options[0];
      if (chosen) fields.push([a.name, chosen.value ?? '']);
    } else if (tag.startsWith('<textarea')) {
      fields.push([a.name, decode(tag.slice(tag.indexOf('>') + 1, tag.lastIndexOf('</textarea>')))]);
    } else if (a.type === 'checkbox' || a.type === 'radio') {
      if ('checked' in a) fields.push([a.name, a.value ?? 'on']);
    } else if (a.type !== 'submit' && a.type !== 'button' && a.type !== 'file') fields.push([a.name, a.value ?? '']);
  }
  return fields;
}

/** The form's fields with what the person types: a string replaces the field, an array gives every value, null clears it. */
function fill(fields: [string, string][], typed: Record<string, string | string[] | null>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of fields) if (!(k in typed)) out.append(k, v);
  for (const [k, v] of Object.entries(typed)) for (const one of v === null ? [] : Array.isArray(v) ? v : [v]) out.append(k, one);
  return out;
}

async function get(who: Person | null, path: string): Promise<{ status: number; html: string; location: string | null }> {
  const res = await fetch(worker.url + path, { headers: who ? { cookie: who.cookie } : {}, redirect: 'manual' });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

/** Opens `page`, fills the form posting to `action` and sends it, as the person's browser would. */
async function submit(
  who: Person | null,
  page: string,
  action: string,
  typed: Record<string, string | string[] | null> = {},
  which?: RegExp,
): Promise<{ status: number; html: string; location: string | null }> {
  const shown = await get(who, page);
  expect(shown.status, `${page}: ${said(shown.html)}`).toBe(200);
  const res = await fetch(worker.url + action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: worker.url, ...(who ? { cookie: who.cookie } : {}) },
    body: fill(formOf(shown.html, action, which), typed),
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

/** The newest e-mail to this address whose subject matches, once the outbox has sent it (the cron's run). */
async function mailTo(email: string, subject: RegExp) {
  await runScheduled(worker.miniflare);
  const found = mail.to(email).filter((m) => subject.test(m.subject));
  expect(found.length, `no e-mail « ${subject} » to ${email}; got: ${mail.to(email).map((m) => m.subject)}`).toBeGreaterThan(0);
  return found.at(-1)!;
}
/** The first link to this site in an e-mail's text. */
const linkIn = (text: string) => {
  const url = text.match(/https?:\/\/[^\s<>"]+/g)?.find((u) => u.startsWith(worker.url));
  expect(url, text).toBeTruthy();
  return url!;
};

/** Asks for a link on the sign-in page, opens it from the e-mail and confirms: the person is signed in. */
async function signInByMail(email: string, from = p.signIn): Promise<Person> {
  const asked = await submit(null, from, p.signIn, { email });
  expect(asked.status).toBe(200);
  const link = linkIn((await mailTo(email, /lien de connexion/)).text);
  const res = await followLink({ url: worker.url } as TestWorker, link);
  expect(res.status).toBe(303);
  const cookie = sessionCookieFrom(res);
  expect(cookie).toBeTruthy();
  return { email, cookie: cookie! };
}

async function until<T>(what: string, read: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const v = await read();
    if (v !== undefined && v !== false) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

const paris = (ms: number) => epochToParisLocal(ms);
/** What a page says, without its markup: the message of a failed expectation. */
const said = (html: string) =>
  (/<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 600);

let admin: Person;
let hubManager: Person;
let producerManager: Person;
let variantId: number;

describe('going live on an empty database, as README’s « Deploy it » says', () => {
  it(
    'migrates the empty database and sets the platform up with npm run platform:init',
    async () => {
      const migrated = await npmRun('db:migrate');
      expect(migrated.stderr).toBe('');
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toContain('is up to date');
      const init = await npmRun('platform:init', '--admin', ADMIN, '--name', 'Coopérative des Monts');
      expect(init.stderr).toBe('');
      expect(init.code).toBe(0);
      expect(init.stdout).toContain(`administrator ${ADMIN}: created`);
    },
    2 * NPM_RUN_MS,
  );

  it('lets the administrator sign in and create a hub and a producer, inviting their first managers', async () => {
    admin = await signInByMail(ADMIN);
    const home = await get(admin, p.platform);
    expect(home.status).toBe(200);
    expect(home.html).toContain('Coopérative des Monts');
    for (const [name, slug, kind, manager] of [
      ['Marché des Monts', HUB, 'isHub', HUB_MANAGER],
      ['Ferme du Col', PRODUCER, 'isProducer', PRODUCER_MANAGER],
    ] as const) {
      const created = await submit(admin, p.platform, `${p.platform}/structures#new-enterprise`, {
        name,
        slug,
        [kind]: 'on',
        managerEmail: manager,
      });
      expect(created.status, said(created.html)).toBe(303);
      const invitation = await mailTo(manager, new RegExp(`Invitation à gérer ${name}`));
      // The invitation lands on the sign-in page, the address filled in: the manager asks for a link there.
      const landing = new URL(linkIn(invitation.text));
      const page = await get(null, landing.pathname + landing.search);
      expect(page.html).toContain(`Vous êtes invité·e à gérer ${name}`);
      const person = await signInByMail(manager, landing.pathname + landing.search);
      const theirs = await get(person, p.home);
      expect(theirs.html).toContain(name);
      expect(theirs.html).toContain('Masquée');
      if (kind === 'isHub') hubManager = person;
      else producerManager = person;
    }
    expect((await get(admin, p.platform)).html).toContain(HUB_MANAGER);
  });

  it('lets the producer fill its profile, add a product with a variant, publish, and let the hub sell it', async () => {
    const profile = await submit(producerManager, p.profile(PRODUCER), p.profile(PRODUCER), {
      description: 'Fromages de brebis affinés au col, lait cru.',
      addressLine: 'Lieu-dit le Col',
      postalCode: '19170',
      commune: 'Bonnefond',
    });
    expect(profile.status, said(profile.html)).toBe(303);

    const form = await get(producerManager, p.newProduct(PRODUCER));
    // The categories come from platform:init: a product can be filed in one.
    const cheese = /<option value="(\d+)"[^>]*>Fromages<\/option>/.exec(form.html);
    expect(cheese, 'the default categories are offered').toBeTruthy();
    const created = await submit(producerManager, p.newProduct(PRODUCER), p.newProduct(PRODUCER), {
      name: 'Tomme de brebis',
      categoryId: cheese![1]!,
      description: 'Affinée trois mois en cave.',
      v0_name: 'pièce de 500 g',
      v0_unitKind: 'weight',
      v0_unitValue: '500',
      v0_price: '12,50',
      v0_vat: '550',
      v0_onHand: '20',
    });
    expect(created.status, said(created.html)).toBe(303);
    const product = await get(producerManager, created.location!);
    expect(product.html).toContain('Produit enregistré');
    variantId = Number(/name="v0_id" value="(\d+)"/.exec(product.html)![1]);

    const published = await submit(producerManager, p.home, p.publish(PRODUCER));
    expect(published.status, said(published.html)).toBe(303);
    expect((await get(producerManager, p.home)).html).toContain('Publiée');

    const granted = await submit(producerManager, p.producerHubs(PRODUCER), p.producerHubs(PRODUCER), {
      hub: HUB,
      canAddToCycles: 'on',
      action: 'set',
    });
    expect(granted.status, said(granted.html)).toBe(303);
    expect((await get(producerManager, p.producerHubs(PRODUCER))).html).toContain('Marché des Monts');
  });

  it('lets the hub fill its profile, connect Stripe (charges enabled through account.updated) and add its methods', async () => {
    const profile = await submit(hubManager, p.profile(HUB), p.profile(HUB), {
      description: 'Le marché des producteurs des Monts, chaque vendredi.',
      addressLine: '1 place du Marché',
      postalCode: '19170',
      commune: 'Bonnefond',
      email: 'contact@marche-des-monts.example',
      phone: '05 55 00 11 22',
    });
    expect(profile.status, said(profile.html)).toBe(303);
    const settings = p.settings(HUB);
    const stateOf = async () => /data-testid="stripe-state" data-state="([a-z]+)"/.exec((await get(hubManager, settings)).html)?.[1];
    expect(await stateOf()).toBe('none');
    const connect = await submit(hubManager, settings, `${settings}/stripe/connect`);
    expect(connect.status).toBe(303);
    const onboarding = connect.location!;
    expect(onboarding.startsWith(fake.url)).toBe(true);
    expect(await stateOf()).toBe('onboarding');
    // On Stripe's hosted page the manager finishes; Stripe sends account.updated, signed, on its own.
    expect((await fetch(onboarding)).status).toBe(200);
    const done = await fetch(onboarding, { method: 'POST', redirect: 'manual' });
    expect(done.status).toBe(303);
    // Before the manager's browser comes back, the webhook alone turns card payments on.
    await until('account.updated to enable charges', async () => (await stateOf()) === 'active');
    const back = new URL(done.headers.get('location')!);
    expect(back.pathname).toBe(`${settings}/stripe/return`);
    expect((await get(hubManager, back.pathname + back.search)).status).toBe(303);
    expect((await get(hubManager, settings)).html).toContain('Paiements par carte actifs');
    // With charges enabled, card can be offered (before, the form says to connect Stripe first).
    const pickup = await submit(hubManager, settings, `${settings}/shipping`, {
      name: 'Retrait au marché',
      kind: 'pickup',
      fee: '0',
    });
    expect(pickup.status, said(pickup.html)).toBe(303);
    const card = await submit(hubManager, settings, `${settings}/payment`, { name: 'Carte bancaire', kind: 'card' });
    expect(card.status, said(card.html)).toBe(303);
  });

  it('lets the hub open a cycle with the producer’s variant and publish the shop', async () => {
    const now = Date.now();
    const created = await submit(hubManager, p.newCycle(HUB), p.newCycle(HUB), {
      name: 'Marché de la semaine',
      opensAt: paris(now - 3_600_000),
      closesAt: paris(now + 6 * 86_400_000),
      collectionPlace: 'Place du Marché, sous la halle',
      variant: String(variantId),
    });
    expect(created.status, said(created.html)).toBe(303);
    const cycle = (await get(hubManager, created.location!)).html;
    expect(cycle, said(cycle)).not.toContain('data-testid="sales-not-open"');

    const published = await submit(hubManager, p.home, p.publish(HUB));
    expect(published.status, said(published.html)).toBe(303);
    expect((await get(hubManager, p.home)).html).toContain('Publiée');
    // Open in the live state the public page reads.
    expect(((await (await fetch(`${worker.url}/api/shops/${HUB}/live`)).json()) as { open: boolean }).open).toBe(true);
  });

  it(
    'builds the catalog pages the publications made stale, from this database, and serves them',
    async () => {
      rebuilder = await connect(worker.database.url);
      const result = await rebuildCatalog({
        db: rebuilder.db,
        databaseUrl: worker.database.url,
        dist,
        serve: () => worker.reloadAssets(),
      });
      expect(result, JSON.stringify(result)).toMatchObject({ state: 'published' });
      expect(result!.paths).toEqual(expect.arrayContaining([site.shop('fr', HUB), site.producer('fr', PRODUCER), site.home('fr')]));
      const home = await (await fetch(worker.url + site.home('fr'))).text();
      expect(home).toContain('Marché des Monts');
      // Nothing of the demo on the co-op's site.
      expect(home).not.toContain('La Ruche du Plateau');
      const shop = await (await fetch(worker.url + site.shop('fr', HUB))).text();
      expect(shop).toContain('Tomme de brebis');
      expect(shop).toContain(`data-variant-id="${variantId}"`);
      expect(shop).toContain('contact@marche-des-monts.example');
      const en = await fetch(worker.url + site.shop('en', HUB));
      expect(en.status).toBe(200);
      const producer = await (await fetch(worker.url + site.producer('fr', PRODUCER))).text();
      expect(producer).toContain('Tomme de brebis');
    },
    NPM_RUN_MS,
  );

  it('lets a shopper order and pay by card on Stripe Checkout; checkout.session.completed confirms the order', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(worker.url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
      // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read as the shop's page script reads it
      return { status: res.status, body: (await res.json()) as any };
    };
    const cart = await call('POST', '/api/carts', { hub: HUB });
    expect(cart.status, JSON.stringify(cart.body)).toBe(201);
    const line = await call('POST', `/api/carts/${cart.body.id}/lines`, { variantId, quantity: 2 });
    expect(line.status, JSON.stringify(line.body)).toBe(200);
    const quote = await call('POST', `/api/carts/${cart.body.id}/quote`, {});
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    const pickup = quote.body.shippingMethods.find((m: { kind: string }) => m.kind === 'pickup');
    const card = quote.body.paymentMethods.find((m: { kind: string }) => m.kind === 'card');
    expect(card).toMatchObject({ available: true });

    const placed = await call('POST', '/api/orders', {
      cartId: cart.body.id,
      contact: SHOPPER,
      shippingMethodId: pickup.id,
      paymentMethodId: card.id,
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.totalCents).toBe(2500);
    const checkout = placed.body.redirectUrl as string;
    expect(checkout.startsWith(fake.url)).toBe(true);
    // The session is on the hub's own connected account.
    const session = [...fake.sessions.values()].find((s) => s.metadata?.order_id === placed.body.id)!;
    expect(session._account).toMatch(/^acct_/);

    // Stripe's page: the shopper pays; Stripe sends them back and its signed webhook follows.
    expect((await fetch(checkout)).status).toBe(200);
    const paid = await fetch(`${fake.url}/c/pay/${session.id}`, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get('location')!);
    expect(back.origin).toBe(worker.url);
    const confirmed = await until('checkout.session.completed to confirm the order', async () => {
      const html = await (await fetch(back.href)).text();
      return html.includes('Merci, votre commande est confirmée et payée') && html;
    });
    expect(confirmed).toContain('Carte bancaire — Payée');
    expect(confirmed).toContain('Tomme de brebis');

    // The shopper gets the confirmation, the hub's managers the order.
    expect((await mailTo(SHOPPER.email, /commande/i)).text).toContain('Tomme de brebis');
    // The hub's new-order e-mail goes to the address it gave in its profile.
    expect((await mailTo('contact@marche-des-monts.example', /Nouvelle commande|New order/)).subject).toContain(SHOPPER.name);
    // And the hub finds it in its back office.
    const orders = await get(hubManager, p.order(HUB, placed.body.id));
    expect(orders.status).toBe(200);
    expect(orders.html).toContain(SHOPPER.name);
  });
});
