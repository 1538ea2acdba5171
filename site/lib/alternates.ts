// The language alternates of a catalog page (<link rel="alternate" hreflang>), which must be absolute
// URLs (search engines ignore relative ones): built on the public origin (PUBLIC_URL) when the build or
// the worker knows it, left out otherwise. Shared by site/layouts/Base.astro and the worker's pages.
import type { Lang } from '../../domain/catalog-paths.ts';

/** The page in each language, as absolute URLs; empty without a public origin. */
export function languageAlternates(
  lang: Lang,
  path: string,
  alternate: string,
  origin: string | undefined,
): Array<{ lang: Lang; href: string }> {
  const base = (origin ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(base)) return [];
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const absolute = (p: string) => (/^https?:\/\//.test(p) ? p : base + p);
  return [
    { lang, href: absolute(path) },
    { lang: other, href: absolute(alternate) },
  ];
}
