// What every pre-rendered page's <head> shares: the stylesheet, inlined (one small file; a linked one
// held the first paint back by a round trip on a slow phone network), and the language alternates,
// which must be absolute URLs (search engines ignore relative ones): built on PUBLIC_URL when the build
// knows it, left out otherwise.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Lang } from '../../domain/catalog-paths.ts';

/** Read once per build: Astro runs from the project root (scripts/build.ts, catalog-rebuild). */
export const siteCss = readFileSync(resolve(process.cwd(), 'site/public/comptoir.css'), 'utf8')
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\s+/g, ' ')
  // Spaces go where they never mean anything: after « : » (never followed by one in a selector), around
  // braces, « ; », « , » and « > ». A space before « : » is a descendant selector (`.a :is(…)`) and stays.
  .replace(/\s*([{};,>])\s*/g, '$1')
  .replace(/:\s+/g, ':')
  .replace(/;}/g, '}')
  .trim();

/** The page in each language, as absolute URLs; empty without a public origin. */
export function languageAlternates(
  lang: Lang,
  path: string,
  alternate: string,
  origin = process.env.PUBLIC_URL,
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
