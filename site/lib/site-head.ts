// The stylesheet every pre-rendered page inlines in its <head> (one small file; a linked one held the
// first paint back by a round trip on a slow phone network), read and minified once per build.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

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
