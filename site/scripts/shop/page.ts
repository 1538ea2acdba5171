// The shop page as the island found it when it loaded: its hub and language, its words (#shop-text),
// the elements the island's modules share, and whether it was built while the shop was open.
import { $ } from '../dom.ts';

/** The shop's <main>. The island runs on shop pages only; elsewhere `hub` is '' and it does nothing. */
export const shop = $('#shop')!;
export const hub = shop?.dataset.hub ?? '';
export const lang = shop?.dataset.lang === 'en' ? 'en' : 'fr';
export const builtOpen = shop?.dataset.state === 'open';
/** The sale this page shows (a hub may sell several at once, each with its cart); 0 on a page built closed. */
export const cycle = Number(shop?.dataset.cycle) || 0;
export const status = $('#shop-status');
export const bar = $('#cart-bar');
export const summary = $('#cart-summary');
export const shelves = $('#shelves');
const text = JSON.parse($('#shop-text')?.textContent ?? '{}') as Record<string, string>;

/** The page's words for `key`, its {placeholders} filled from `vars`. */
export const say = (key: string, vars: Record<string, string | number> = {}) =>
  (text[key] ?? '').replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));
