// Product images: uploaded in the back office, decoded and resized by the worker (Photon, Rust
// compiled to WebAssembly, so it runs in workerd), re-encoded as WebP without EXIF (no location or
// camera data leaves the farm), stored in R2 and served with long caching under /images/.
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

/**
 * Decodes a JPEG, PNG or WebP and returns it at most CATALOG_IMAGE_WIDTH wide, as WebP. The
 * WebAssembly module is imported on first use, so other requests never pay for it.
 */
export async function resizeForCatalog(input: Uint8Array): Promise<ResizedImage> {
  const photon = await import('@cf-wasm/photon/workerd');
  let image: InstanceType<typeof photon.PhotonImage>;
  try {
    image = photon.PhotonImage.new_from_byteslice(input);
  } catch {
    throw new DomainError('VALIDATION', 'This file is not an image we can read.', {
      fields: [{ field: 'image', message: 'Ce fichier n’est pas une image lisible (JPEG, PNG ou WebP).' }],
    });
  }
  try {
    const w = image.get_width();
    const h = image.get_height();
    if (w > CATALOG_IMAGE_WIDTH) {
      const height = Math.max(1, Math.round((h * CATALOG_IMAGE_WIDTH) / w));
      const resized = photon.resize(image, CATALOG_IMAGE_WIDTH, height, photon.SamplingFilter.Lanczos3);
      try {
        return { bytes: resized.get_bytes_webp(), width: CATALOG_IMAGE_WIDTH, height };
      } finally {
        resized.free();
      }
    }
    return { bytes: image.get_bytes_webp(), width: w, height: h };
  } finally {
    image.free();
  }
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
