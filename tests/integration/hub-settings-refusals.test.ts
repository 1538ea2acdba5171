// A hub's settings and customers forms, and a producer's « Boutiques » form, refused through the page as
// a manager posts them: the same page comes back (422) with what was typed in its fields and each
// message beside its field (aria-invalid, aria-describedby), in French and under /en/; once corrected,
// the form saves.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths as publicPaths } from '../../domain/catalog-paths.ts';
import { auditLog, enterprises, stalePages } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

const HUB = 'la-ruche-du-plateau';
const DRIVE = 'drive-fermier-de-la-vallee';
const PRODUCER = 'les-jardins-de-la-feuillade';
const SETTINGS = `/gestion/${HUB}/retrait-et-paiement`;
const CUSTOMERS = `/gestion/${HUB}/clients`;

let t: TestWorker;
let elise: Session;
let thomas: Session;
let julie: Session;
let admin: Session;

beforeAll(async () => {
  t = await startTestWorker();
  elise = await signIn(t, 'elise.bernard@example.org');
  thomas = await signIn(t, 'thomas.lefevre@example.org');
  julie = await signIn(t, 'julie.moreau@example.org');
  admin = await signIn(t, 'admin@example.org');
});
afterAll(() => t?.close());

// ---------------------------------------------------------------------------------------------
// The page as a browser reads it: its forms, their fields as rendered, and what sits beside a field.

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The one form of the page posting to `action` (and holding `holding`, when several do). */
function formIn(html: string, action: string, holding?: string): string {
  const found = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)]
    .map((m) => m[0])
    .filter((f) => new RegExp(`^<form[^>]*action="${escapeRe(action)}"`).test(f) && (!holding || f.includes(holding)));
  expect(found.length, `one form posting to ${action}`).toBe(1);
  return found[0]!;
}

/** The fields a browser would send from this form: every input as rendered, boxes as ticked, the chosen options. */
function fieldsOf(form: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const [, attrs] of form.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(attrs!)?.[1];
    if (!name) continue;
    const type = /type="([^"]*)"/.exec(attrs!)?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/\schecked(=""|\s|$)/.test(attrs!)) continue;
    fields.push([name, decode(/value="([^"]*)"/.exec(attrs!)?.[1] ?? (type === 'checkbox' ? 'on' : ''))]);
  }
  for (const [, name, options] of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)" selected/.exec(options!) ?? /<option value="([^"]*)"/.exec(options!);
    if (chosen) fields.push([name!, decode(chosen[1]!)]);
  }
  for (const [, name, text] of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields.push([name!, decode(text!)]);
  return fields;
}

/** The fields with some of them typed over (the others as the page gave them). */
const typing = (fields: Array<[string, string]>, typed: Record<string, string>): Array<[string, string]> =>
  fields.map(([k, v]) => [k, k in typed ? typed[k]! : v]);

async function post(who: Session, path: string, fields: Array<[string, string]>) {
  const body = new URLSearchParams(fields.filter(([k]) => k !== '_csrf'));
  body.set('_csrf', who.csrf);
  const res = await fetch(t.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: who.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

async function page(who: Session, path: string) {
  const res = await fetch(t.url + path, { headers: { cookie: who.cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The control (input, select or textarea) with this id, as rendered. */
function control(html: string, id: string): string {
  const m = new RegExp(`<(input|select|textarea)\\b[^>]*\\sid="${escapeRe(id)}"[^>]*>`).exec(html);
  expect(m, `a field #${id}`).not.toBeNull();
  return m![0];
}

/** What the field #id shows: an input's value, a textarea's text, a select's chosen option. */
function shown(html: string, id: string): string {
  const tag = control(html, id);
  const at = html.indexOf(tag) + tag.length;
  if (tag.startsWith('<textarea')) return decode(html.slice(at, html.indexOf('</textarea>', at)));
  if (tag.startsWith('<select')) {
    const options = html.slice(at, html.indexOf('</select>', at));
    return decode(/<option value="([^"]*)" selected/.exec(options)?.[1] ?? '');
  }
  return decode(/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '');
}

/** The message beside the field #id: the field says it is invalid and names it, and it follows the field in the same block. */
function messageBeside(html: string, id: string): string {
  const tag = control(html, id);
  expect(tag, `#${id} marked invalid`).toMatch(/aria-invalid="true"/);
  const described = /aria-describedby="([^"]*)"/.exec(tag)?.[1];
  expect(described, `#${id} names its message`).toBeTruthy();
  const at = html.indexOf(tag);
  const m = new RegExp(`<p id="${escapeRe(described!)}"[^>]*>([\\s\\S]*?)</p>`).exec(html.slice(at));
  expect(m, `the message of #${id} follows it`).not.toBeNull();
  // Beside it: no other field starts between the field and its message.
  expect(html.slice(at + tag.length, at + m!.index)).not.toMatch(/<div class="field">/);
  return decode(m![1]!).replace(/\s+/g, ' ').trim();
}

const idsOn = (html: string, attr: string) => [...html.matchAll(new RegExp(`${attr}="(\\d+)"`, 'g'))].map((m) => Number(m[1]));

// ---------------------------------------------------------------------------------------------

describe('the hub’s « Retrait et paiement » page, refused', () => {
  it('terms and minimum order: the typed terms and the unreadable minimum come back beside its message, then the corrected form saves', async () => {
    const form = fieldsOf(formIn(await page(elise, SETTINGS), `${SETTINGS}/conditions`));
    const terms = 'Retrait le samedi de 10 h à 12 h. Paniers non retirés : donnés à l’épicerie solidaire.';
    const refused = await post(elise, `${SETTINGS}/conditions`, typing(form, { termsText: terms, minOrder: 'douze' }));
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('<h1>Retrait et paiement</h1>');
    expect(refused.html).not.toContain('Saisie incorrecte');
    expect(shown(refused.html, 'termsText')).toBe(terms);
    expect(shown(refused.html, 'minOrder')).toBe('douze');
    expect(messageBeside(refused.html, 'minOrder')).toBe('Montant illisible « douze » : écrivez par exemple 4,90.');
    const [before] = await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, HUB));
    expect(before!.termsText).not.toBe(terms);

    // The manager corrects the amount on the page shown again; what was typed before is saved with it.
    const again = fieldsOf(formIn(refused.html, `${SETTINGS}/conditions`));
    const saved = await post(elise, `${SETTINGS}/conditions`, typing(again, { minOrder: '12,50' }));
    expect(saved.status).toBe(303);
    const [after] = await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, HUB));
    expect(after).toMatchObject({ termsText: terms, minOrderCents: 1250 });
    expect(shown(await page(elise, SETTINGS), 'minOrder')).toBe('12,50');
  });

  it('a new collection method: an unreadable zone comes back with the name and the zone as typed', async () => {
    const form = fieldsOf(formIn(await page(elise, SETTINGS), `${SETTINGS}/shipping`));
    const refused = await post(
      elise,
      `${SETTINGS}/shipping`,
      typing(form, { name: 'Tournée du jeudi', kind: 'delivery', fee: '3,50', zone: '23500, 235, #Felletin' }),
    );
    expect(refused.status).toBe(422);
    expect(shown(refused.html, 'sname')).toBe('Tournée du jeudi');
    expect(shown(refused.html, 'skind')).toBe('delivery');
    expect(shown(refused.html, 'sfee')).toBe('3,50');
    expect(shown(refused.html, 'szone')).toBe('23500, 235, #Felletin');
    expect(messageBeside(refused.html, 'szone')).toContain('Entrée illisible : 235, #Felletin.');
    expect(refused.html).not.toContain('Tournée du jeudi —');
  });

  it('a method changed: a fee above the bound comes back in its opened form, the other methods as stored', async () => {
    const html = await page(elise, SETTINGS);
    const [id, other] = idsOn(html, 'data-shipping-method');
    expect(id).toBeDefined();
    const form = fieldsOf(formIn(html, `${SETTINGS}/shipping/${id}`));
    const refused = await post(elise, `${SETTINGS}/shipping/${id}`, typing(form, { fee: '20000', description: 'Sous la halle' }));
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(new RegExp(`<details class="method" data-shipping-method="${id}" open`));
    expect(shown(refused.html, `s${id}fee`)).toBe('20000');
    expect(shown(refused.html, `s${id}desc`)).toBe('Sous la halle');
    expect(messageBeside(refused.html, `s${id}fee`)).toBe('Montant trop élevé (10 000,00 € au maximum).');
    if (other !== undefined) expect(control(refused.html, `s${other}fee`)).not.toMatch(/aria-invalid/);
  });

  it('payment: card without a connected Stripe account, refused beside the kind, the name kept (new and changed)', async () => {
    const settings = `/gestion/${DRIVE}/retrait-et-paiement`;
    const html = await page(thomas, settings);
    const added = await post(
      thomas,
      `${settings}/payment`,
      typing(fieldsOf(formIn(html, `${settings}/payment`)), { name: 'Carte bancaire', kind: 'card', description: 'Au retrait' }),
    );
    expect(added.status).toBe(422);
    expect(shown(added.html, 'pname')).toBe('Carte bancaire');
    expect(shown(added.html, 'pkind')).toBe('card');
    expect(shown(added.html, 'pdesc')).toBe('Au retrait');
    expect(messageBeside(added.html, 'pkind')).toContain('Le paiement par carte demande un compte Stripe connecté');

    const [id] = idsOn(html, 'data-payment-method');
    expect(id).toBeDefined();
    const changed = await post(
      thomas,
      `${settings}/payment/${id}`,
      typing(fieldsOf(formIn(html, `${settings}/payment/${id}`)), { name: 'Espèces ou carte', kind: 'card' }),
    );
    expect(changed.status).toBe(422);
    expect(shown(changed.html, `p${id}name`)).toBe('Espèces ou carte');
    expect(shown(changed.html, `p${id}kind`)).toBe('card');
    expect(messageBeside(changed.html, `p${id}kind`)).toContain('compte Stripe connecté');
  });

  it('fees: a percentage above 100 % on a new fee, an unreadable amount on a fee changed', async () => {
    const html = await page(elise, SETTINGS);
    const added = await post(
      elise,
      `${SETTINGS}/fees`,
      typing(fieldsOf(formIn(html, `${SETTINGS}/fees`)), {
        name: 'Solidarité',
        feeType: 'fundraising',
        calculator: 'percent_per_item',
        amount: '150',
      }),
    );
    expect(added.status).toBe(422);
    expect(shown(added.html, 'fname')).toBe('Solidarité');
    expect(shown(added.html, 'ftype')).toBe('fundraising');
    expect(shown(added.html, 'fcalc')).toBe('percent_per_item');
    expect(shown(added.html, 'famount')).toBe('150');
    expect(messageBeside(added.html, 'famount')).toBe('Un pourcentage ne peut pas dépasser 100 %.');

    // A fee to change: the one just corrected and added, if the hub had none.
    const saved = await post(elise, `${SETTINGS}/fees`, typing(fieldsOf(formIn(added.html, `${SETTINGS}/fees`)), { amount: '5' }));
    expect(saved.status).toBe(303);
    const [id] = idsOn(await page(elise, SETTINGS), 'data-fee');
    const refreshed = await page(elise, SETTINGS);
    const changed = await post(
      elise,
      `${SETTINGS}/fees/${id}`,
      typing(fieldsOf(formIn(refreshed, `${SETTINGS}/fees/${id}`)), { name: 'Préparation des paniers', amount: 'deux euros' }),
    );
    expect(changed.status).toBe(422);
    expect(changed.html).toMatch(new RegExp(`<details class="method" data-fee="${id}" open`));
    expect(shown(changed.html, `f${id}name`)).toBe('Préparation des paniers');
    expect(shown(changed.html, `f${id}amount`)).toBe('deux euros');
    expect(messageBeside(changed.html, `f${id}amount`)).toBe('Montant illisible « deux euros » : écrivez par exemple 4,90.');
  });

  it('« Modifications par les clients » is written as every setting: audited, and the shop’s pages marked to rebuild', async () => {
    const form = fieldsOf(formIn(await page(elise, SETTINGS), `${SETTINGS}/modifications-clients`));
    const ticked: Array<[string, string]> = [...form.filter(([k]) => k !== 'shoppersChangeOrders'), ['shoppersChangeOrders', 'yes']];
    const res = await post(elise, `${SETTINGS}/modifications-clients`, ticked);
    expect(res.status).toBe(303);
    const [hub] = await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, HUB));
    expect(hub!.shoppersChangeOrders).toBe(true);
    const [stale] = await t.conn.db
      .select()
      .from(stalePages)
      .where(eq(stalePages.path, publicPaths.shop('fr', HUB)));
    expect(stale?.reason).toBe('hub.shopper-changes');
    const audit = await t.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'hub.shopper-changes'), eq(auditLog.subject, `enterprise:${hub!.id}`)));
    expect(audit.at(-1)).toMatchObject({ userId: expect.any(Number), details: { allowed: true } });
  });
});

describe('the hub’s customers page, refused', () => {
  it('a customer with an invalid address comes back with the name and the tags as typed', async () => {
    const form = fieldsOf(formIn(await page(elise, CUSTOMERS), CUSTOMERS));
    const refused = await post(
      elise,
      CUSTOMERS,
      typing(form, { email: 'camille.arnaud@exemple', name: 'Camille Arnaud', tags: 'adhérent, panier solidaire' }),
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('<h1>Clients et étiquettes</h1>');
    expect(shown(refused.html, 'cemail')).toBe('camille.arnaud@exemple');
    expect(shown(refused.html, 'cname')).toBe('Camille Arnaud');
    expect(shown(refused.html, 'ctags')).toBe('adhérent, panier solidaire');
    expect(messageBeside(refused.html, 'cemail')).toBe('Cette adresse e-mail n’est pas valide.');
  });

  it('a reserved product at an unreadable price comes back with the tag and the product chosen', async () => {
    const html = await page(elise, CUSTOMERS);
    const form = fieldsOf(formIn(html, `${CUSTOMERS}/rules`));
    const options = [...formIn(html, `${CUSTOMERS}/rules`).matchAll(/<option value="(\d+)"/g)].map((m) => m[1]!);
    expect(options.length).toBeGreaterThan(1);
    const variant = options.at(-1)!;
    const refused = await post(elise, `${CUSTOMERS}/rules`, typing(form, { tag: 'adhérent', variantId: variant, price: 'gratuit' }));
    expect(refused.status).toBe(422);
    expect(shown(refused.html, 'rtag')).toBe('adhérent');
    expect(shown(refused.html, 'rvariant')).toBe(variant);
    expect(shown(refused.html, 'rprice')).toBe('gratuit');
    expect(messageBeside(refused.html, 'rprice')).toBe('Montant illisible « gratuit » : écrivez par exemple 4,90.');
  });

  it('a method rule without a tag comes back with the method and the rule chosen', async () => {
    const html = await page(elise, CUSTOMERS);
    const action = `${CUSTOMERS}/method-rules`;
    const methods = [...formIn(html, action).matchAll(/<option value="((?:shipping|payment):\d+)"/g)].map((m) => m[1]!);
    const method = methods.at(-1)!;
    const refused = await post(elise, action, typing(fieldsOf(formIn(html, action)), { method, visibility: 'hidden', tag: '   ' }));
    expect(refused.status).toBe(422);
    expect(shown(refused.html, 'mrmethod')).toBe(method);
    expect(shown(refused.html, 'mrvisibility')).toBe('hidden');
    expect(messageBeside(refused.html, 'mrtag')).toBe('Indiquez une étiquette.');
  });
});

describe('in English', () => {
  it('a new method refused under /en/ comes back on the English page, its message in English beside the fee', async () => {
    const settings = `/en/manage/${HUB}/checkout`;
    const form = fieldsOf(formIn(await page(elise, settings), `${settings}/shipping`));
    const refused = await post(elise, `${settings}/shipping`, typing(form, { name: 'Thursday round', fee: 'five', zone: '23500, 235' }));
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('<html lang="en">');
    expect(refused.html).toContain('<h1>Collection and payment</h1>');
    expect(shown(refused.html, 'sname')).toBe('Thursday round');
    expect(shown(refused.html, 'sfee')).toBe('five');
    expect(messageBeside(refused.html, 'sfee')).toBe('Unreadable amount "five": write e.g. 4.90.');
    expect(messageBeside(refused.html, 'szone')).toMatch(/^Unreadable entry: 235\. Write postcodes/);
    expect(refused.html).toContain('This form was not saved:');

    const saved = await post(
      elise,
      `${settings}/shipping`,
      typing(fieldsOf(formIn(refused.html, `${settings}/shipping`)), { fee: '5', zone: '23500' }),
    );
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${settings}?saved=1`);
    expect(await page(elise, settings)).toContain('Thursday round');
  });
});

describe('a producer’s « Marges » page, refused', () => {
  it('a new fee above 100 % comes back as typed beside its message, then saves once corrected', async () => {
    const fees = `/gestion/${PRODUCER}/marges`;
    const typed = { name: 'Emballage consigné', feeType: 'packing', calculator: 'percent_per_item', amount: '120' };
    const refused = await post(julie, fees, typing(fieldsOf(formIn(await page(julie, fees), fees)), typed));
    expect(refused.status).toBe(422);
    expect(shown(refused.html, 'fname')).toBe('Emballage consigné');
    expect(shown(refused.html, 'fcalc')).toBe('percent_per_item');
    expect(shown(refused.html, 'famount')).toBe('120');
    expect(messageBeside(refused.html, 'famount')).toBe('Un pourcentage ne peut pas dépasser 100 %.');
    const saved = await post(julie, fees, typing(fieldsOf(formIn(refused.html, fees)), { amount: '3' }));
    expect(saved.status).toBe(303);
    expect(await page(julie, fees)).toContain('Emballage consigné');
  });
});

describe('a producer’s « Boutiques » page, refused', () => {
  it('a hub that stopped selling meanwhile: the row comes back with its boxes as ticked and the message beside it', async () => {
    const hubs = `/gestion/${PRODUCER}/boutiques`;
    const html = await page(julie, hubs);
    const slug = /<input type="hidden" name="hub" value="([^"]+)"/.exec(html)?.[1];
    expect(slug).toBeDefined();
    const form = fieldsOf(formIn(html, hubs, `value="${slug}"`));
    // Every box ticked, as the producer ticks them, and « Enregistrer » pressed.
    const ticked: Array<[string, string]> = [
      ...form.filter(([k]) => !k.startsWith('can')),
      ['canAddToCycles', 'on'],
      ['canOverridePrice', 'on'],
      ['canOverrideStock', 'on'],
      ['action', 'set'],
    ];
    await t.conn.db.update(enterprises).set({ isHub: false }).where(eq(enterprises.slug, slug!));
    try {
      const refused = await post(julie, hubs, ticked);
      expect(refused.status).toBe(422);
      expect(refused.html).not.toContain('Saisie incorrecte');
      const row = formIn(refused.html, hubs, `value="${slug}"`);
      for (const box of ['canAddToCycles', 'canOverridePrice', 'canOverrideStock'])
        expect(row).toMatch(new RegExp(`<input type="checkbox" name="${box}" checked`));
      const described = /aria-describedby="([^"]+)"/.exec(row)?.[1];
      expect(row).toContain(`<p id="${described}" class="error-text">`);
      expect(row).toContain('Cette boutique n’existe pas ou ne vend plus');
    } finally {
      await t.conn.db.update(enterprises).set({ isHub: true }).where(eq(enterprises.slug, slug!));
    }
    // Selling again, the same form saves.
    expect((await post(julie, hubs, ticked)).status).toBe(303);
  });

  it('in English, a hub chosen in the add form that stopped selling meanwhile: the boxes as ticked, the message beside the choice', async () => {
    const created = await as(t, admin, 'POST', '/api/manage/enterprises', {
      slug: 'epicerie-de-gentioux',
      name: 'Épicerie de Gentioux',
      isProducer: false,
      isHub: true,
      managerEmail: 'gentioux@example.org',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hubs = `/en/manage/${PRODUCER}/hubs`;
    const html = await page(julie, hubs);
    const add = formIn(html, hubs, 'id="add-hub"');
    expect(add).toContain('<option value="epicerie-de-gentioux">');
    const chosen: Array<[string, string]> = [
      ...fieldsOf(add).filter(([k]) => k !== 'hub' && !k.startsWith('can')),
      ['hub', 'epicerie-de-gentioux'],
      ['canOverridePrice', 'on'],
      ['action', 'set'],
    ];
    await t.conn.db.update(enterprises).set({ isHub: false }).where(eq(enterprises.slug, 'epicerie-de-gentioux'));
    const refused = await post(julie, hubs, chosen);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('<html lang="en">');
    const again = formIn(refused.html, hubs, 'id="add-hub"');
    expect(again).toMatch(/<input type="checkbox" name="canOverridePrice" checked/);
    expect(again).not.toMatch(/<input type="checkbox" name="canAddToCycles" checked/);
    expect(messageBeside(refused.html, 'add-hub')).toBe(
      'This hub does not exist or no longer sells: choose one from the list (reload the page if it changed).',
    );
  });
});
