// The chooser of a hub's open sales (several pickups at once: a Tuesday in one village, a Friday in
// another), written by ShopPage.astro at build and by the worker into a stale page, so both agree.
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { esc } from './html.ts';
import { formatters, messages } from './i18n.ts';
import type { ShopStatusCycle } from './render-shelf.ts';

export interface ChooserCycle extends ShopStatusCycle {
  cycleId: number;
}

/** Whether the page shows the chooser: some open sale other than its own (the page's class says so to the CSS). */
export const showsChooser = (cycles: readonly { cycleId: number }[], currentCycleId: number | null): boolean =>
  cycles.some((c) => c.cycleId !== currentCycleId);

/**
 * The open sales as links, the one this page shows marked current; empty when it is the only one. `shownAtShop`
 * is the sale at the shop's own URL (the others have their own pages, paths.shopCycle).
 */
export function renderCycleChooser(
  lang: Lang,
  hubSlug: string,
  cycles: readonly ChooserCycle[],
  currentCycleId: number | null,
  shownAtShop: number | null,
): string {
  // One sale, the page's own: nothing to choose. A page whose sale has closed still links the others.
  if (!showsChooser(cycles, currentCycleId)) return '';
  const t = messages[lang];
  const f = formatters(lang);
  let html = `<nav id="shop-cycles" class="cycles" aria-labelledby="shop-cycles-h"><h2 id="shop-cycles-h">${esc(t.salesOpen(cycles.length))}</h2><ul>`;
  for (const c of cycles) {
    const pickup =
      c.collectionStartsAt && c.collectionEndsAt
        ? t.pickupAt(f.window(c.collectionStartsAt, c.collectionEndsAt), c.collectionPlace)
        : f.cycleLabel(c.name, c.opensAt, c.closesAt);
    const current = c.cycleId === currentCycleId ? ' aria-current="page"' : '';
    // The class marks the current line for the CSS (a :has() rule would be asked again at every restyle).
    html +=
      `<li${current ? ' class="current"' : ''}><a href="${esc(paths.saleOf(lang, hubSlug, c.cycleId, shownAtShop))}"${current} data-cycle="${c.cycleId}">` +
      `<strong>${esc(pickup)}</strong></a> <span class="muted">${esc(t.saleUntil(f.dateTime(c.closesAt)))}</span></li>`;
  }
  return `${html}</ul></nav>`;
}
