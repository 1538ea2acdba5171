// Photos as a shopper meets them: thumbnails on the shelves, the large photo on a product's page, the
// producer's photo on its page, all served from the bucket under /images/ with immutable caching; and
// what an upload stores (both sizes), what an image uploaded before thumbnails existed still shows.
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../domain/catalog-paths.ts';
import { enterprises, products, stalePages } from '../../db/schema/index.ts';
import { thumbKey } from '../../site/lib/photos.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { signIn, type Session } from '../support/admin.ts';
import { startTestWorker, type TestWorker } from '../support/local-worker.ts';

let t: TestWorker;
const HUB = 'la-ruche-du-plateau';
const PRODUCER = 'les-jardins-de-la-feuillade';

beforeAll(async () => {
  t = await startTestWorker();
});
afterAll(() => t?.close());

const imgs = (html: string) => [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const productBySlug = async (slug: string) => (await t.conn.db.select().from(products).where(eq(products.slug, slug)))[0]!;
const bucket = () => t.worker.miniflare.getR2Bucket('IMAGES');

async function fetchWebp(url: string) {
  const res = await fetch(url);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, meta: res.ok ? await sharp(bytes).metadata() : null };
}

describe('photos on the public pages', () => {
  it('shows a thumbnail on each shelf row, with its size, eager on the first rows and lazy below', async () => {
    const html = await (await fetch(t.url + paths.shop('fr', HUB))).text();
    const thumbs = imgs(html).filter((i) => attr(i, 'class') === 'thumb');
    const rows = html.match(/<li class="product/g)!.length;
    expect(thumbs.length).toBe(rows);
    expect(attr(thumbs[0]!, 'fetchpriority')).toBe('high');
    expect(attr(thumbs[0]!, 'loading')).toBeUndefined();
    expect(attr(thumbs.at(-1)!, 'loading')).toBe('lazy');
    for (const tag of thumbs) {
      expect(attr(tag, 'src')).toMatch(/^\/images\/(products|enterprises)\/\d+\/[0-9a-f]{12}-240x180\.webp$/);
      expect([attr(tag, 'width'), attr(tag, 'height'), attr(tag, 'alt')]).toEqual(['240', '180', '']);
    }
    const { res, meta } = await fetchWebp(t.url + attr(thumbs[0]!, 'src'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect([meta!.format, meta!.width, meta!.height]).toEqual(['webp', 240, 180]);
  });

  it('shows the producer’s photo beside a product that has none', async () => {
    const html = await (await fetch(t.url + paths.shop('fr', HUB))).text();
    const producer = (await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, 'gaec-du-puy-chabrol')))[0]!;
    const row = /<li class="product[^"]*"[^>]*>(?:(?!<\/li>).)*Saucisses de bœuf/s.exec(html)?.[0];
    expect(row, 'the sausages are on sale at the hive').toBeDefined();
    expect(row).toContain(`src="/images/${thumbKey(producer.logoKey!)}"`);
  });

  it('shows the large photo on the product page, with the thumbnail offered to small screens, and the producer’s logo', async () => {
    const carrots = await productBySlug('carottes');
    const html = await (await fetch(t.url + paths.product('en', PRODUCER, 'carottes'))).text();
    const photo = imgs(html).find((i) => attr(i, 'class') === 'photo')!;
    expect(attr(photo, 'src')).toBe(`/images/${carrots.imageKey}`);
    expect([attr(photo, 'width'), attr(photo, 'height'), attr(photo, 'alt')]).toEqual(['800', '600', 'Photo: Carottes']);
    expect(attr(photo, 'srcset')).toBe(`/images/${thumbKey(carrots.imageKey!)} 240w, /images/${carrots.imageKey} 800w`);
    expect(attr(photo, 'sizes')).toBeTruthy();
    expect(imgs(html).some((i) => attr(i, 'class') === 'logo')).toBe(true);
    const { res, meta } = await fetchWebp(`${t.url}/images/${carrots.imageKey}`);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect([meta!.width, meta!.height]).toEqual([800, 600]);
  });

  it('shows the producer’s photo on its page and a thumbnail beside each of its products', async () => {
    const producer = (await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, PRODUCER)))[0]!;
    const html = await (await fetch(t.url + paths.producer('fr', PRODUCER))).text();
    const photo = imgs(html).find((i) => attr(i, 'class') === 'photo')!;
    expect(attr(photo, 'src')).toBe(`/images/${producer.logoKey}`);
    expect(attr(photo, 'alt')).toBe('Photo\u202f: Les Jardins de la Feuillade');
    expect(imgs(html).filter((i) => attr(i, 'class') === 'thumb').length).toBeGreaterThan(3);
    const list = await (await fetch(t.url + paths.producers('fr'))).text();
    expect(list).toContain(`src="/images/${thumbKey(producer.logoKey!)}"`);
  });

  it('answers 404 for a key outside the rule, and for a thumbnail of no image', async () => {
    for (const key of ['products/1/nothex-800x600.webp', 'other/1/0123456789ab-240x180.webp', 'products/1/0123456789ab-240x180.webp'])
      expect((await fetch(`${t.url}/images/${key}`)).status, key).toBe(404);
  });
});

describe('uploads and older images', () => {
  let julie: Session;
  beforeAll(async () => {
    julie = await signIn(t, 'julie.moreau@example.org');
  });

  const put = async (productId: number, width: number, height: number) => {
    const png = await sharp({ create: { width, height, channels: 3, background: '#c63' } })
      .png()
      .toBuffer();
    return fetch(`${t.url}/api/manage/producers/${PRODUCER}/products/${productId}/image`, {
      method: 'PUT',
      headers: { cookie: julie.cookie, origin: t.url, 'content-type': 'image/png' },
      body: png,
    });
  };

  it('stores both sizes on upload, and deletes both of the photo it replaces', async () => {
    const leeks = await productBySlug('poireaux');
    const res = await put(leeks.id, 1600, 1000);
    expect(res.status, await res.clone().text()).toBe(200);
    const { key } = (await res.json()) as { key: string };
    expect(key).toMatch(/-800x500\.webp$/);
    expect(thumbKey(key)).toMatch(/-240x150\.webp$/);
    const stored = await bucket();
    expect(await stored.head(thumbKey(key)), 'the thumbnail is made at upload').not.toBeNull();
    expect(await stored.head(leeks.imageKey!)).toBeNull();
    expect(await stored.head(thumbKey(leeks.imageKey!))).toBeNull();
    const { meta } = await fetchWebp(`${t.url}/images/${thumbKey(key)}`);
    expect([meta!.width, meta!.height]).toEqual([240, 150]);
  });

  it('makes the thumbnail of an image uploaded before thumbnails existed on first request, and keeps it', async () => {
    const onions = await productBySlug('oignons-jaunes');
    const stored = await bucket();
    await stored.delete(thumbKey(onions.imageKey!));
    const { res, meta } = await fetchWebp(`${t.url}/images/${thumbKey(onions.imageKey!)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect([meta!.width, meta!.height]).toEqual([240, 180]);
    expect(await stored.head(thumbKey(onions.imageKey!))).not.toBeNull();
  });

  it('does not make any other size on request', async () => {
    const garlic = await productBySlug('ail-rose');
    const other = garlic.imageKey!.replace('-800x600.webp', '-400x300.webp');
    expect((await fetch(`${t.url}/images/${other}`)).status).toBe(404);
    expect(await (await bucket()).head(other)).toBeNull();
  });

  it('takes a producer’s photo from the profile page, both sizes, and marks its page stale', async () => {
    const form = new FormData();
    form.set('_csrf', julie.csrf);
    const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3a6' } })
      .png()
      .toBuffer();
    form.set('image', new Blob([png], { type: 'image/png' }), 'ferme.png');
    const res = await fetch(`${t.url}/gestion/${PRODUCER}/profil/photo`, {
      method: 'POST',
      headers: { cookie: julie.cookie, origin: t.url },
      body: form,
      redirect: 'manual',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const [row] = await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, PRODUCER));
    expect(row!.logoKey).toMatch(new RegExp(`^enterprises/${row!.id}/[0-9a-f]{12}-800x600\\.webp$`));
    expect(await (await bucket()).head(thumbKey(row!.logoKey!))).not.toBeNull();
    const { meta } = await fetchWebp(`${t.url}/images/${thumbKey(row!.logoKey!)}`);
    expect([meta!.width, meta!.height]).toEqual([240, 180]);
    const stale = (await t.conn.db.select().from(stalePages)).map((s) => s.path);
    expect(stale).toContain(paths.producer('fr', PRODUCER));
    const page = await fetch(`${t.url}/gestion/${PRODUCER}/profil`, { headers: { cookie: julie.cookie } });
    expect(await page.text()).toContain(`src="/images/${row!.logoKey}"`);
  });

  it('refuses a file that is not an image on the profile page, with the message by the field, the photo kept', async () => {
    const [before] = await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, PRODUCER));
    const form = new FormData();
    form.set('_csrf', julie.csrf);
    form.set('image', new Blob(['not an image'], { type: 'image/png' }), 'x.png');
    const res = await fetch(`${t.url}/gestion/${PRODUCER}/profil/photo`, {
      method: 'POST',
      headers: { cookie: julie.cookie, origin: t.url },
      body: form,
      redirect: 'manual',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('pas une image lisible');
    const api = await fetch(`${t.url}/api/manage/enterprises/${PRODUCER}/photo`, {
      method: 'PUT',
      headers: { cookie: julie.cookie, origin: t.url, 'content-type': 'image/png' },
      body: 'nope',
    });
    expect(api.status).toBe(422);
    expect(((await api.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('image');
    const [after] = await t.conn.db.select().from(enterprises).where(eq(enterprises.slug, PRODUCER));
    expect(after!.logoKey).toBe(before!.logoKey);
  });

  describe('without the image service', () => {
    let alone: LocalWorker;
    beforeAll(async () => {
      alone = await startLocalWorker({ dbPath: t.dbUrl.replace(/^file:/, ''), dist: t.dist, omit: ['PHOTOS'] });
    });
    afterAll(() => alone?.close());

    it('serves the large image in place of a missing thumbnail, cached briefly', async () => {
      const pears = await productBySlug('poires-conference');
      await (await alone.miniflare.getR2Bucket('IMAGES')).delete(thumbKey(pears.imageKey!));
      const { res, meta } = await fetchWebp(`${alone.url}/images/${thumbKey(pears.imageKey!)}`);
      expect(res.status).toBe(200);
      expect(meta!.width).toBe(800);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    });
  });
});
