// The cart bar at the foot of the shop page (items and total) and the status banner at its top.
import { formatMoney } from '../../../domain/money.ts';
import type { Cart } from '../api.ts';
import { bar, lang, say, status, summary } from './page.ts';

/**
 * Adds begun on this page. The live state is asked as the island starts, and a shopper may add before it
 * answers: that answer then knows an older cart (or none: it would have made the page forget the cart
 * just made, and the next add start another), so its cart is not applied.
 */
let adds = 0;
export const addBegun = (): void => void adds++;
export const addsBegun = (): number => adds;

// The bar shows once the cart holds something: empty, it would only cover the shelves.
export const showCart = (cart: Cart | null): void => {
  if (!bar || !summary) return;
  const items = cart?.itemCount ?? 0;
  bar.hidden = items === 0;
  // Whatever gets focus scrolls above the bar, never under it.
  document.documentElement.style.scrollPaddingBottom = items === 0 ? '' : '5rem';
  summary.textContent =
    items > 0 ? say(items > 1 ? 'cartMany' : 'cartOne', { n: items, total: formatMoney(cart!.itemsTotalCents, lang) }) : say('cartEmpty');
};

export const banner = (message: string, kind: string): void => {
  if (!status) return;
  status.className = `banner ${kind}`;
  status.textContent = message;
};
