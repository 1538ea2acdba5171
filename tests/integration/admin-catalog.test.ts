// A producer's catalog through the back office: products and variants, bulk prices and stock in one
// request, CSV export that a French spreadsheet opens, and an import that writes all or nothing.
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseBySlug } from '../../db/enterprises/enterprises.ts';
import { catalogVariants } from '../../db/catalog/products.ts';
import { auditLog, products, stalePages, variants } from '../../db/schema/index.ts';
import { as, signIn, type Session } from '../support/admin.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
let julie: Session;
const PRODUCER = 'les-jardins-de-la-feuillade';
let producerId: number;

beforeAll(async () => {
  t = await startTestWorker();
  julie = await signIn(t, 'julie.moreau@example.org');
  producerId = (await enterpriseBySlug(t.conn.db, PRODUCER))!.id;
});
afterAll(() => t?.close());

const snapshot = async () =>
  t.conn.db.all(sql`SELECT id, product_id, name, price_cents, on_hand, on_demand, archived_at FROM variants ORDER BY id`);

describe('products and variants', () => {
  it('creates a product with two variants from the form, and marks the producer’s pages stale', async () => {
    const res = await as(
      t,
      julie,
      'POST',
      `/gestion/${PRODUCER}/produits/nouveau`,
      {
        name: 'Radis roses',
        categoryId: '1',
        description: 'Croquants, à croquer avec du beurre.',
        labelIds: '1',
        v0_name: 'botte',
        v0_unitKind: 'items',
        v0_unitValue: '1',
        v0_price: '1,80',
        v0_vat: '550',
        v0_onHand: '30',
        v1_name: '2 bottes',
        v1_unitKind: 'items',
        v1_unitValue: '2',
        v1_price: '3.40',
        v1_vat: '550',
        v1_onHand: '',
        v1_onDemand: 'on',
      },
      { form: true },
    );
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/gestion/${PRODUCER}/produits/\\d+\\?saved=1$`));
    const [product] = await t.conn.db.select().from(products).where(eq(products.name, 'Radis roses'));
    expect(product).toMatchObject({ producerId, slug: 'radis-roses' });
    const vs = await t.conn.db.select().from(variants).where(eq(variants.productId, product!.id));
    expect(vs.map((v) => [v.name, v.priceCents, v.onHand, v.onDemand])).toEqual([
      ['botte', 180, 30, false],
      ['2 bottes', 340, 0, true],
    ]);
    const stale = await t.conn.db.select().from(stalePages);
    // The producer's page lists the new product (its own page is rendered on demand, never stale).
    expect(stale.map((s) => s.path)).toContain(`/producteurs/${PRODUCER}/`);
    expect(stale.map((s) => s.path).filter((p) => p.includes('radis-roses'))).toEqual([]);
    const page = await as(t, julie, 'GET', location);
    expect(page.text).toContain('Produit enregistré');
    expect(page.text).toContain('data-testid="public-status"');
  });

  it('refuses a product with an unreadable price, says which field, and writes nothing', async () => {
    const before = await snapshot();
    const res = await as(
      t,
      julie,
      'POST',
      `/gestion/${PRODUCER}/produits/nouveau`,
      {
        name: 'Navets',
        categoryId: '1',
        v0_name: '1 kg',
        v0_unitKind: 'weight',
        v0_unitValue: '1000',
        v0_price: 'deux euros',
        v0_vat: '550',
        v0_onHand: '5',
      },
      { form: true },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Prix illisible « deux euros »');
    expect(res.text).toContain('value="Navets"');
    expect(await snapshot()).toEqual(before);
  });

  it('archives a variant and a product through the API; another producer’s product is out of reach', async () => {
    const created = await as(t, julie, 'POST', `/api/manage/producers/${PRODUCER}/products`, {
      name: 'Céleri-rave',
      categoryId: 1,
      variants: [
        { name: 'pièce', unitKind: 'items', unitValue: 1, priceCents: 250, vatRateBp: 550, onHand: 12 },
        { name: '2 pièces', unitKind: 'items', unitValue: 2, priceCents: 480, vatRateBp: 550, onHand: 4 },
      ],
    });
    expect(created.status).toBe(201);
    const detail = await as(t, julie, 'GET', `/api/manage/producers/${PRODUCER}/products/${created.body.id}`);
    const [first, second] = detail.body.variants;
    expect(
      (await as(t, julie, 'DELETE', `/api/manage/producers/${PRODUCER}/products/${created.body.id}/variants/${second.variantId}`)).status,
    ).toBe(204);
    expect(
      (await as(t, julie, 'POST', `/api/manage/producers/${PRODUCER}/products/${created.body.id}/archive`, { archived: true })).status,
    ).toBe(204);
    const [p] = await t.conn.db.select().from(products).where(eq(products.id, created.body.id));
    expect(p!.archivedAt).not.toBeNull();
    const [v2] = await t.conn.db.select().from(variants).where(eq(variants.id, second.variantId));
    expect(v2!.archivedAt).not.toBeNull();
    // A variant id of another producer cannot be slipped into an update of this product.
    const [gaecVariant] = await t.conn.db.all<{ id: number }>(
      sql`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id JOIN enterprises e ON e.id = p.producer_id WHERE e.slug = 'gaec-du-puy-chabrol' LIMIT 1`,
    );
    const hijack = await as(t, julie, 'PUT', `/api/manage/producers/${PRODUCER}/products/${created.body.id}`, {
      name: 'Céleri-rave',
      categoryId: 1,
      variants: [{ id: gaecVariant!.id, name: 'x', unitKind: 'items', unitValue: 1, priceCents: 1, vatRateBp: 550, onHand: 1 }],
    });
    expect(hijack.status).toBe(422);
    expect(hijack.body.errors).toEqual([{ field: 'variants.0.id', message: 'Cette variante n’appartient pas à ce produit.' }]);
    expect(first.variantId).toBeGreaterThan(0);
  });
});

describe('bulk edit', () => {
  it('saves prices and stock of many variants in one form post, counting orders placed meanwhile', async () => {
    const list = await catalogVariants(t.conn.db, producerId);
    const counted = list.filter((v) => !v.onDemand);
    const [a, b] = counted;
    const form: Record<string, string> = {};
    for (const v of list) {
      form[`price_${v.variantId}`] = (v.priceCents / 100).toFixed(2).replace('.', ',');
      form[`stock_${v.variantId}`] = String(v.onHand);
      form[`was_${v.variantId}`] = String(v.onHand);
      if (v.onDemand) form[`demand_${v.variantId}`] = 'on';
    }
    form[`price_${a!.variantId}`] = '9,99';
    form[`stock_${b!.variantId}`] = String(b!.onHand + 10);
    // An order takes 3 of b between the page load and the save.
    await t.conn.db
      .update(variants)
      .set({ onHand: b!.onHand - 3 })
      .where(eq(variants.id, b!.variantId));
    const res = await as(t, julie, 'POST', `/gestion/${PRODUCER}/prix-et-stocks`, form, { form: true });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/gestion/${PRODUCER}/prix-et-stocks?saved=2`);
    const after = new Map((await catalogVariants(t.conn.db, producerId)).map((v) => [v.variantId, v]));
    expect(after.get(a!.variantId)!.priceCents).toBe(999);
    expect(after.get(b!.variantId)!.onHand).toBe(b!.onHand + 10 - 3);
    const page = await as(t, julie, 'GET', res.headers.get('location')!);
    expect(page.text).toContain('2 variante(s) mise(s) à jour.');
    const audit = await t.conn.db.select().from(auditLog).where(eq(auditLog.action, 'variants.bulk-update'));
    expect(audit.at(-1)).toMatchObject({ enterpriseId: producerId, userId: expect.any(Number) });
  });

  it('refuses the whole form when one row is unreadable, and keeps what was typed', async () => {
    const list = await catalogVariants(t.conn.db, producerId);
    const before = await snapshot();
    const [a, b] = list;
    const res = await as(
      t,
      julie,
      'POST',
      `/gestion/${PRODUCER}/prix-et-stocks`,
      {
        [`price_${a!.variantId}`]: '4,20',
        [`stock_${a!.variantId}`]: '3',
        [`price_${b!.variantId}`]: 'abc',
        [`stock_${b!.variantId}`]: '2',
      },
      { form: true },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Prix illisible « abc »');
    expect(res.text).toContain('value="4,20"');
    expect(await snapshot()).toEqual(before);
  });

  it('updates hundreds of variants in one API request, and refuses variants of another producer', async () => {
    const gaec = (await enterpriseBySlug(t.conn.db, 'gaec-du-puy-chabrol'))!;
    const anne = await signIn(t, 'anne.delmas@example.org');
    const theirs = await catalogVariants(t.conn.db, gaec.id);
    const mine = await catalogVariants(t.conn.db, producerId);
    const res = await as(t, anne, 'PATCH', `/api/manage/producers/${gaec.slug}/variants`, {
      variants: [
        ...theirs.map((v) => ({ id: v.variantId, priceCents: v.priceCents + 1, onHand: v.onHand, onDemand: v.onDemand })),
        { id: mine[0]!.variantId, priceCents: 1, onHand: 0, onDemand: false },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { field: `variants.${theirs.length}.id`, message: `La variante ${mine[0]!.variantId} n’est pas dans votre catalogue.` },
    ]);
    const ok = await as(t, anne, 'PATCH', `/api/manage/producers/${gaec.slug}/variants`, {
      variants: theirs.map((v) => ({ id: v.variantId, priceCents: v.priceCents + 1, onHand: v.onHand, onDemand: v.onDemand })),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ updated: theirs.length });
    expect((await catalogVariants(t.conn.db, gaec.id)).map((v) => v.priceCents)).toEqual(theirs.map((v) => v.priceCents + 1));
  });
});

describe('CSV', () => {
  it('exports with BOM, semicolons and decimal commas', async () => {
    const res = await fetch(`${t.url}/gestion/${PRODUCER}/catalogue.csv`, { headers: { cookie: julie.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const [header, first] = text.split('\r\n');
    expect(header).toBe(
      'variante_id;produit;variante;categorie;unite;quantite;prix_ttc;tva;stock;a_la_demande;max_par_commande;description',
    );
    expect(first).toMatch(/^\d+;[^;]+;[^;]+;[a-z-]+;(g|ml|piece);\d+;\d+,\d\d;\d+(,\d+)?;\d*;(oui|non);/);
  });

  it('previews an import with per-row errors and writes nothing, however many rows are fine', async () => {
    const before = await snapshot();
    const productCount = (await t.conn.db.select().from(products)).length;
    const exported = await (
      await fetch(`${t.url}/api/manage/producers/${PRODUCER}/catalog.csv`, { headers: { cookie: julie.cookie } })
    ).text();
    const lines = exported
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const cells = lines[1]!.split(';');
    cells[6] = '7,77';
    const good = cells.join(';');
    const badPrice = lines[2]!
      .split(';')
      .map((c, i) => (i === 6 ? 'gratuit' : c))
      .join(';');
    const unknownId = ['999999', 'Fantôme', '1 kg', 'legumes', 'g', '1000', '2,00', '5,5', '3', 'non', '', ''].join(';');
    const badCategory = ['', 'Panais', '1 kg', 'inconnue', 'g', '1000', '3,20', '5,5', '10', 'non', '', ''].join(';');
    const csv = [
      lines[0],
      good,
      badPrice,
      unknownId,
      badCategory,
      ['', 'Panais', '500 g', 'legumes', 'kg', '500', '1,70', '5,5', '10', 'non', '', ''].join(';'),
    ].join('\r\n');
    const res = await as(t, julie, 'POST', `/api/manage/producers/${PRODUCER}/catalog/import?apply=true`, undefined, {
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].message).toContain('Colonnes manquantes');
    const imported = await fetch(`${t.url}/api/manage/producers/${PRODUCER}/catalog/import?apply=true`, {
      method: 'POST',
      headers: { cookie: julie.cookie, origin: t.url, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(422);
    const body = (await imported.json()) as { rows: { line: number; column: string; message: string }[] };
    expect(body.rows).toEqual([
      { line: 3, column: 'prix_ttc', message: 'Prix illisible « gratuit » : écrivez par exemple 3,50.' },
      { line: 4, column: 'variante_id', message: 'La variante 999999 n’existe pas dans votre catalogue.' },
      { line: 5, column: 'categorie', message: 'Catégorie inconnue « inconnue ».' },
      { line: 6, column: 'unite', message: 'Unité inconnue « kg » : g, ml ou piece.' },
    ]);
    expect(await snapshot()).toEqual(before);
    expect((await t.conn.db.select().from(products)).length).toBe(productCount);

    // The page shows the same, line by line, and offers no confirmation.
    const form = new FormData();
    form.set('_csrf', julie.csrf);
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'catalogue.csv');
    const page = await fetch(`${t.url}/gestion/${PRODUCER}/import`, {
      method: 'POST',
      headers: { cookie: julie.cookie, origin: t.url },
      body: form,
    });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('4 erreur(s) : rien n’a été enregistré');
    expect(html).toContain('Ligne 3 (prix_ttc) : Prix illisible « gratuit »');
    expect(html).not.toContain('Confirmer l’import');
  });

  it('previews then applies a valid import: a price change and a new product, in one batch', async () => {
    const exported = await (await fetch(`${t.url}/gestion/${PRODUCER}/catalogue.csv`, { headers: { cookie: julie.cookie } })).text();
    const lines = exported
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const cells = lines[1]!.split(';');
    const id = Number(cells[0]);
    cells[6] = '6,66';
    const csv = [
      lines[0],
      cells.join(';'),
      ['', 'Panais', '500 g', 'legumes', 'g', '500', '1,70', '5,5', '10', 'non', '', 'Doux et sucré.'].join(';'),
    ].join('\r\n');
    const preview = await fetch(`${t.url}/api/manage/producers/${PRODUCER}/catalog/import`, {
      method: 'POST',
      headers: { cookie: julie.cookie, origin: t.url },
      body: csv,
    });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ applied: false, counts: { create: 1, update: 1 } });
    expect((await t.conn.db.select().from(variants).where(eq(variants.id, id)))[0]!.priceCents).not.toBe(666);

    const form = new URLSearchParams({ _csrf: julie.csrf, apply: '1', csv });
    const res = await fetch(`${t.url}/gestion/${PRODUCER}/import`, {
      method: 'POST',
      headers: { cookie: julie.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Import enregistré : 1 ajout(s), 1 modification(s).');
    expect((await t.conn.db.select().from(variants).where(eq(variants.id, id)))[0]!.priceCents).toBe(666);
    const [panais] = await t.conn.db
      .select()
      .from(products)
      .where(and(eq(products.producerId, producerId), eq(products.name, 'Panais')));
    expect(panais).toMatchObject({ slug: 'panais', description: 'Doux et sucré.' });
  });
});

/** A solid-colour PNG of the given size, written by hand (zlib is all it needs). */
function png(width: number, height: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

describe('product image', () => {
  it('resizes an uploaded photo to 800 px wide WebP in the bucket, serves it, and shows it on the product page', async () => {
    const [product] = await t.conn.db
      .select()
      .from(products)
      .where(and(eq(products.producerId, producerId), sql`archived_at IS NULL`))
      .limit(1);
    const form = new FormData();
    form.set('_csrf', julie.csrf);
    form.set('image', new Blob([Buffer.from(png(1600, 1200))], { type: 'image/png' }), 'photo.png');
    const res = await fetch(`${t.url}/gestion/${PRODUCER}/produits/${product!.id}/image`, {
      method: 'POST',
      headers: { cookie: julie.cookie, origin: t.url },
      body: form,
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const [after] = await t.conn.db.select().from(products).where(eq(products.id, product!.id));
    expect(after!.imageKey).toMatch(new RegExp(`^products/${product!.id}/[0-9a-f]{12}-800x600\\.webp$`));
    const image = await fetch(`${t.url}/images/${after!.imageKey}`);
    expect(image.status, await image.clone().text()).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(image.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('RIFF');
    expect(new TextDecoder().decode(bytes.slice(8, 12))).toBe('WEBP');
    const page = await as(t, julie, 'GET', `/gestion/${PRODUCER}/produits/${product!.id}`);
    expect(page.text).toContain(`src="/images/${after!.imageKey}"`);
    expect(page.text).toContain('width="800" height="600"');
  });

  it('refuses a file that is not an image, and keeps the product as it was', async () => {
    const [product] = await t.conn.db.select().from(products).where(eq(products.producerId, producerId)).limit(1);
    const res = await fetch(`${t.url}/api/manage/producers/${PRODUCER}/products/${product!.id}/image`, {
      method: 'PUT',
      headers: { cookie: julie.cookie, origin: t.url, 'content-type': 'image/png' },
      body: 'not an image',
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('pas une image lisible');
    const [after] = await t.conn.db.select().from(products).where(eq(products.id, product!.id));
    expect(after!.imageKey).toBe(product!.imageKey);
  });

  const putImage = (url: string, productId: number, body: Uint8Array, type: string) =>
    fetch(`${url}/api/manage/producers/${PRODUCER}/products/${productId}/image`, {
      method: 'PUT',
      headers: { cookie: julie.cookie, origin: url, 'content-type': type },
      body: Buffer.from(body),
    });

  it('keeps a narrow JPEG at its own size and stores it without its EXIF (who took it, with what)', async () => {
    const [product] = await t.conn.db.select().from(products).where(eq(products.producerId, producerId)).limit(1);
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a5' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Julie Moreau', Make: 'FermeCam', Model: 'FC-1' } })
      .toBuffer();
    expect(jpeg.includes('FermeCam')).toBe(true);
    const res = await putImage(t.url, product!.id, jpeg, 'image/jpeg');
    expect(res.status, await res.clone().text()).toBe(200);
    const { key } = (await res.json()) as { key: string };
    expect(key).toMatch(/-640x480\.webp$/);
    const bytes = Buffer.from(await (await fetch(`${t.url}/images/${key}`)).arrayBuffer());
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
    for (const mark of ['EXIF', 'Exif', 'FermeCam', 'Julie Moreau']) expect(bytes.includes(mark)).toBe(false);
  });

  it('refuses an SVG, which the image service could read but the catalog does not take', async () => {
    const [product] = await t.conn.db.select().from(products).where(eq(products.producerId, producerId)).limit(1);
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="600"><rect width="900" height="600"/></svg>',
    );
    const res = await putImage(t.url, product!.id, svg, 'image/svg+xml');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { field: string; message: string }[] }).errors[0]).toMatchObject({ field: 'image' });
    const [after] = await t.conn.db.select().from(products).where(eq(products.id, product!.id));
    expect(after!.imageKey).toBe(product!.imageKey);
  });

  describe('without the image service', () => {
    // The same database served by a worker deployed without the PHOTOS binding.
    let alone: LocalWorker;
    beforeAll(async () => {
      alone = await startLocalWorker({ dbPath: t.dbUrl.replace(/^file:/, ''), dist: t.dist, omit: ['PHOTOS'] });
    });
    afterAll(() => alone?.close());

    it('answers 503 at once, and keeps the product as it was', async () => {
      const [product] = await t.conn.db.select().from(products).where(eq(products.producerId, producerId)).limit(1);
      const started = Date.now();
      const res = await putImage(alone.url, product!.id, png(1200, 900), 'image/png');
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const [after] = await t.conn.db.select().from(products).where(eq(products.id, product!.id));
      expect(after!.imageKey).toBe(product!.imageKey);
    });
  });
});
