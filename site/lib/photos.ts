// Where a catalog photo is served and at what size: the large image's key (products.image_key,
// enterprises.logo_key) names its size, and the shelf thumbnail's key is derived from it by rule
// (same hash, thumbnail size), so pages need one column. Shared by the build, the worker's pages and
// the upload (worker/admin/catalog/images.ts).
import { esc } from './html.ts';

/** Shelf thumbnails: shown about 80 px wide, so sharp on a phone's 3x screen. */
export const THUMB_WIDTH = 240;

export function imageSize(key: string): { width: number; height: number } | null {
  const m = /-(\d+)x(\d+)\.webp$/.exec(key);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

/** The thumbnail's size for an image of this size: THUMB_WIDTH wide at most, same proportions. */
export function thumbSize(size: { width: number; height: number }): { width: number; height: number } {
  const width = Math.min(THUMB_WIDTH, size.width);
  return { width, height: Math.max(1, Math.round((size.height * width) / size.width)) };
}

/** The thumbnail's key: the large key with the thumbnail's size (the same key for an image that small). */
export function thumbKey(key: string): string {
  const size = imageSize(key);
  if (!size) return key;
  const t = thumbSize(size);
  return key.replace(/-\d+x\d+\.webp$/, `-${t.width}x${t.height}.webp`);
}

export const imageUrl = (key: string) => `/images/${key}`;

export interface ImgOptions {
  /** Decorative beside its name (alt=""), or the words that say what it shows. */
  alt: string;
  className: string;
  /** On the first screen: loaded at once; `high` for the likely largest paint. */
  priority?: 'lazy' | 'eager' | 'high';
  /** The large image, offered to wide or dense screens through srcset (`sizes` says the shown width). */
  sizes?: string;
  large?: boolean;
}

/** An <img> of a catalog photo with its width and height (no layout shift), lazy unless told. */
export function imgTag(key: string, o: ImgOptions): string {
  const size = imageSize(key);
  if (!size) return '';
  const thumb = thumbSize(size);
  const shown = o.large ? size : thumb;
  const src = imageUrl(o.large ? key : thumbKey(key));
  const srcset =
    o.sizes && thumb.width < size.width
      ? ` srcset="${esc(imageUrl(thumbKey(key)))} ${thumb.width}w, ${esc(imageUrl(key))} ${size.width}w" sizes="${esc(o.sizes)}"`
      : '';
  const priority = o.priority ?? 'lazy';
  const loading = priority === 'lazy' ? ' loading="lazy"' : priority === 'high' ? ' fetchpriority="high"' : '';
  return `<img class="${o.className}" src="${esc(src)}"${srcset} width="${shown.width}" height="${shown.height}" alt="${esc(o.alt)}"${loading} decoding="async">`;
}
