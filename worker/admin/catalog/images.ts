// Product images: uploaded in the back office, decoded and resized by the Cloudflare Images binding
// (PHOTOS; Miniflare emulates it with sharp), re-encoded as WebP without EXIF (no location or camera
// data leaves the farm), stored in R2 (IMAGES) and served with long caching under /images/.
import { Hono } from 'hono';
import { DomainError } from '../../../domain/errors.ts';
import type { AppEnv } from '../../env.ts';

/** The catalog shows images at most this wide; twice a phone's column, a fraction of a photo's weight. */
export const CATALOG_IMAGE_WIDTH = 800;
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface ResizedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

const unreadable = () =>
  new DomainError('VALIDATION', 'This file is not an image we can read.', {
    fields: [{ field: 'image', message: 'Ce fichier n’est pas une image lisible (JPEG, PNG ou WebP).' }],
  });

/** JPEG, PNG or WebP by their signatures: the service also takes SVG, GIF and AVIF, which the catalog does not. */
function isCatalogFormat(b: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  return (
    (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
    ascii(0, 8) === '\x89PNG\r\n\x1a\n' ||
    (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP')
  );
}

/**
 * Decodes a JPEG, PNG or WebP and returns it at most CATALOG_IMAGE_WIDTH wide, as WebP. An error the
 * service answers with a code is about the file (not an image, truncated, too many pixels): a field
 * message. No binding, or a call that fails without a code: the service is unavailable (503).
 */
export async function resizeForCatalog(photos: ImagesBinding | undefined, input: Uint8Array): Promise<ResizedImage> {
  if (!isCatalogFormat(input)) throw unreadable();
  if (!photos) throw new DomainError('SERVICE_UNAVAILABLE', 'Image resizing is not configured (PHOTOS binding).');
  const stream = (bytes: Uint8Array) => new Response(bytes.slice()).body!;
  try {
    const result = await photos
      .input(stream(input))
      .transform({ width: CATALOG_IMAGE_WIDTH, fit: 'scale-down' })
      .output({ format: 'image/webp', quality: 82 });
    const bytes = withoutMetadata(new Uint8Array(await new Response(result.image()).arrayBuffer()));
    // The size the service actually wrote goes into the key (pages set width and height from it).
    const info = await photos.info(stream(bytes));
    if (!('width' in info)) throw unreadable();
    return { bytes, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    if (typeof (err as { code?: unknown }).code === 'number') throw unreadable();
    throw new DomainError('SERVICE_UNAVAILABLE', 'The image service did not answer.');
  }
}

/**
 * The WebP without its EXIF and XMP chunks (and their VP8X flags): the service discards metadata on
 * WebP output, and this keeps that promise whatever its settings.
 */
export function withoutMetadata(webp: Uint8Array): Uint8Array {
  const tag = (at: number) => String.fromCharCode(...webp.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WEBP') return webp;
  const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  const kept: Uint8Array[] = [];
  for (let at = 12; at + 8 <= webp.length; ) {
    const size = view.getUint32(at + 4, true);
    const end = Math.min(webp.length, at + 8 + size + (size & 1));
    if (tag(at) !== 'EXIF' && tag(at) !== 'XMP ') kept.push(webp.slice(at, end));
    at = end;
  }
  const body = kept.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(12 + body);
  out.set(webp.subarray(0, 12));
  new DataView(out.buffer).setUint32(4, 4 + body, true);
  let at = 12;
  for (const chunk of kept) {
    // VP8X flags: bit 3 says EXIF follows, bit 2 XMP.
    if (String.fromCharCode(...chunk.subarray(0, 4)) === 'VP8X') chunk[8] = chunk[8]! & ~0b1100;
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** « products/12/3fa9c0d1-800x600.webp »: the size is in the name, so pages can set width and height. */
export async function imageKey(productId: number, image: ResizedImage): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(image.bytes)));
  const hash = [...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `products/${productId}/${hash}-${image.width}x${image.height}.webp`;
}

export function imageSize(key: string): { width: number; height: number } | null {
  const m = /-(\d+)x(\d+)\.webp$/.exec(key);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

/** GET /images/<key>: public, immutable (a new image gets a new key). */
export const publicImages = new Hono<AppEnv>().get('/images/:key{.+}', async (c) => {
  const key = c.req.param('key');
  if (!/^products\/\d+\/[0-9a-f]{12}-\d+x\d+\.webp$/.test(key) || !c.env.IMAGES) return c.notFound();
  const object = await c.env.IMAGES.get(key);
  if (!object) return c.notFound();
  return new Response(object.body, {
    headers: { 'content-type': 'image/webp', 'cache-control': 'public, max-age=31536000, immutable', etag: object.httpEtag },
  });
});
