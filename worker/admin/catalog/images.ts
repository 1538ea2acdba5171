// Product photos and producers' photos or logos: uploaded in the back office, decoded and resized by the
// Cloudflare Images binding (PHOTOS; Miniflare emulates it with sharp) to two sizes, re-encoded as WebP
// without EXIF (no location or camera data leaves the farm), stored in R2 (IMAGES) and served with long
// caching under /images/. The small size's key is derived from the large one's (same hash, its own size).
import { Hono } from 'hono';
import { DomainError } from '../../../domain/errors.ts';
import type { AppEnv } from '../../env.ts';
import { imageSize, THUMB_WIDTH, thumbKey, thumbSize } from '../../../site/lib/photos.ts';

export { imageSize, THUMB_WIDTH, thumbKey, thumbSize };

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

/** Whose image: a product's photo, or an enterprise's (producer's) photo or logo. */
export type ImageOwner = 'products' | 'enterprises';

/** « products/12/3fa9c0d1-800x600.webp »: the size is in the name, so pages can set width and height. */
export async function imageKey(productId: number, image: ResizedImage, owner: ImageOwner = 'products'): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(image.bytes)));
  const hash = [...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${owner}/${productId}/${hash}-${image.width}x${image.height}.webp`;
}

const KEY = /^(products|enterprises)\/\d+\/[0-9a-f]{12}-(\d+)x(\d+)\.webp$/;

/** The thumbnail of a resized image, at exactly thumbSize (cropped by a pixel at most). */
export async function thumbnailOf(photos: ImagesBinding | undefined, large: ResizedImage): Promise<ResizedImage> {
  const size = thumbSize(large);
  if (size.width === large.width) return large;
  if (!photos) throw new DomainError('SERVICE_UNAVAILABLE', 'Image resizing is not configured (PHOTOS binding).');
  try {
    const result = await photos
      .input(new Response(large.bytes.slice()).body!)
      .transform({ width: size.width, height: size.height, fit: 'cover' })
      .output({ format: 'image/webp', quality: 78 });
    return { bytes: withoutMetadata(new Uint8Array(await new Response(result.image()).arrayBuffer())), ...size };
  } catch {
    throw new DomainError('SERVICE_UNAVAILABLE', 'The image service did not answer.');
  }
}

/**
 * Checks an upload, resizes it to both sizes and stores them; returns the large one's key (the one the
 * database keeps). Field errors are those of the `image` field, whatever the owner.
 */
export async function storeCatalogImage(
  bucket: R2Bucket | undefined,
  photos: ImagesBinding | undefined,
  owner: ImageOwner,
  id: number,
  bytes: Uint8Array,
): Promise<{ key: string; width: number; height: number }> {
  if (!bucket) throw new DomainError('SERVICE_UNAVAILABLE', 'Image storage is not configured (IMAGES binding).');
  if (bytes.byteLength === 0)
    throw new DomainError('VALIDATION', 'No image was sent.', { fields: [{ field: 'image', message: 'Choisissez une image.' }] });
  if (bytes.byteLength > MAX_UPLOAD_BYTES)
    throw new DomainError('VALIDATION', 'The image is larger than 10 MB.', {
      fields: [{ field: 'image', message: 'Image trop lourde (10 Mo au maximum).' }],
    });
  const image = await resizeForCatalog(photos, bytes);
  const thumb = await thumbnailOf(photos, image);
  const key = await imageKey(id, image, owner);
  const meta = { httpMetadata: { contentType: 'image/webp' } };
  await bucket.put(key, image.bytes, meta);
  if (thumb !== image) await bucket.put(thumbKey(key), thumb.bytes, meta);
  return { key, width: image.width, height: image.height };
}

/** Deletes an image replaced by another, both sizes; a failure leaves an orphan, not a broken page. */
export async function deleteCatalogImage(bucket: R2Bucket, key: string): Promise<void> {
  await bucket.delete([...new Set([key, thumbKey(key)])]).catch(() => {});
}

const served = (body: BodyInit, etag: string, cacheControl = 'public, max-age=31536000, immutable') =>
  new Response(body, { headers: { 'content-type': 'image/webp', 'cache-control': cacheControl, etag } });

/**
 * GET /images/<key>: public, immutable (a new image gets a new key). A thumbnail missing from the bucket
 * (an image uploaded before thumbnails existed) is made from its large image on first request and
 * stored; when the image service cannot make it, the large image is served, briefly cached.
 */
export const publicImages = new Hono<AppEnv>().get('/images/:key{.+}', async (c) => {
  const key = c.req.param('key');
  const m = KEY.exec(key);
  if (!m || !c.env.IMAGES) return c.notFound();
  const object = await c.env.IMAGES.get(key);
  if (object) return served(object.body, object.httpEtag);
  if (Number(m[2]) !== THUMB_WIDTH) return c.notFound();
  // Only a thumbnail whose large image exists: no other size can be asked into the bucket.
  const prefix = key.replace(/-\d+x\d+\.webp$/, '-');
  const listed = await c.env.IMAGES.list({ prefix, limit: 10 });
  const largeKey = listed.objects.map((o) => o.key).find((k) => k !== key && thumbKey(k) === key);
  const large = largeKey ? await c.env.IMAGES.get(largeKey) : null;
  if (!largeKey || !large) return c.notFound();
  const bytes = new Uint8Array(await large.arrayBuffer());
  const size = imageSize(largeKey)!;
  try {
    const thumb = await thumbnailOf(c.env.PHOTOS, { bytes, ...size });
    const stored = await c.env.IMAGES.put(key, thumb.bytes, { httpMetadata: { contentType: 'image/webp' } });
    return served(new Uint8Array(thumb.bytes), stored.httpEtag);
  } catch {
    return served(bytes, large.httpEtag, 'public, max-age=300');
  }
});
