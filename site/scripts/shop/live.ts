// What a static page cannot know, asked of the API as the page opens (its sale open or closed now, the
// stock left, the shopper's cart for that sale) and again at the moment the cycle closes, and how the shelf rows show it:
// stock badges, add buttons disabled for a variant sold out or a shop that has closed.
import { api, type Cart } from '../api.ts';
import { cartStore } from '../cart-store.ts';
import { $, $$ } from '../dom.ts';
import { addsBegun, banner, showCart } from './cart-bar.ts';
import { watch } from './add-forms.ts';
import { bar, builtOpen, cycle, hub, lang, say, shelves, shop, status } from './page.ts';

interface Live {
  open: boolean;
  cycle: { closesAt: number } | null;
  nextCycle: { opensAt: number } | null;
  stock: Record<string, number>;
  cart: Cart | null;
  /** The signed-in shopper (the cookie reaches /api only) and what their tags open here, rendered by the worker. */
  shopper: { email: string; accountHtml: string; memberShelvesHtml: string; memberSalesHtml: string } | null;
}

/** What is left per variant id, as the API last said (undefined until it answers). */
let stock: Record<string, number> | undefined;
let closed = false;

export const stockOf = (row: HTMLElement): void => {
  const left = stock?.[row.dataset.variantId!];
  const badge = $('.stock', row);
  const html =
    left === undefined
      ? ''
      : `<span class="badge${left <= 0 ? ' out' : ''}">${left <= 0 ? say('soldOut') : say('fewLeft', { n: left })}</span>`;
  // Written only when it changes: most rows say at load what the build said, and each write restyles the row.
  if (stock && badge && badge.innerHTML !== html) badge.innerHTML = html;
  const button = $<HTMLButtonElement>('form.add button', row);
  if (button) button.disabled = closed || (left !== undefined && left <= 0);
};

/** Live stock on the rows it concerns: those it lists, and those built with a badge it no longer lists. */
export const showStock = (): void => {
  const known = stock ?? {};
  for (const row of $$('li.variant', shop))
    if (!('unavailable' in row.dataset) && (row.dataset.variantId! in known || $('.badge', row))) stockOf(row);
};

export const closeShop = (message: string): void => {
  closed = true;
  for (const b of $$<HTMLButtonElement>('form.add button', shop)) b.disabled = true;
  banner(message, 'closed');
  bar?.setAttribute('hidden', '');
  document.documentElement.style.scrollPaddingBottom = '';
};

let closeTimer: ReturnType<typeof setTimeout> | undefined;

/** The live state on the page; its cart only if no add began since it was asked (`addsBefore`). */
const apply = (next: Live, addsBefore: number): void => {
  stock = next.stock;
  // Before the shop's own state: a member's links to her members-only sales matter most when the shop is closed to the public.
  showShopper(next.shopper);
  if (!next.open) {
    const opens = next.nextCycle
      ? say('nextOpening', {
          date: new Date(next.nextCycle.opensAt).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
            timeZone: 'Europe/Paris',
            dateStyle: 'full',
            timeStyle: 'short',
          }),
        })
      : '';
    if (builtOpen) closeShop(say('closedNow') + opens);
    return;
  }
  // Opened since this page was published: the products are on their way (the rebuild runs at opening).
  if (!builtOpen) {
    banner(say('openedNow'), '');
    return;
  }
  showStock();
  if (addsBegun() === addsBefore) {
    if (next.cart) cartStore.set(hub, cycle, next.cart.id);
    else cartStore.clear(hub, cycle);
    showCart(next.cart);
  }
  clearTimeout(closeTimer);
  // The page was built earlier: when the cycle closes while it is open, check again at that moment.
  if (next.cycle) closeTimer = setTimeout(refresh, Math.max(0, Math.min(next.cycle.closesAt - Date.now() + 500, 2 ** 31 - 1)));
};

/**
 * Who is signed in and the links to their members-only sales go under the status; a member's shelf goes
 * above the public shelves, its add forms the published rows' own, so the shop's submit listener adds
 * them to the same cart. Replaced, not added again, at each refresh.
 */
const showShopper = (shopper: Live['shopper']): void => {
  for (const old of $$('.account-line, .member-sales, .member-shelves', shop)) old.remove();
  if (!shopper) return;
  status?.insertAdjacentHTML('afterend', shopper.accountHtml + shopper.memberSalesHtml);
  if (!shopper.memberShelvesHtml || !builtOpen) return;
  shelves?.insertAdjacentHTML('beforebegin', shopper.memberShelvesHtml);
  const added = $('.member-shelves', shop);
  if (added) watch(added);
};

export const refresh = async (): Promise<void> => {
  const cart = builtOpen ? cartStore.get(hub, cycle) : null;
  const query = new URLSearchParams();
  if (cycle) query.set('cycle', String(cycle));
  if (cart) query.set('cart', cart);
  if (lang === 'en') query.set('lang', 'en');
  const addsBefore = addsBegun();
  try {
    apply(await api<Live>('GET', `/api/shops/${hub}/live${query.size ? `?${query}` : ''}`), addsBefore);
  } catch {
    const note = document.createElement('p');
    note.className = 'banner error';
    note.setAttribute('role', 'status');
    note.textContent = say('liveFailed');
    status?.insertAdjacentElement('afterend', note);
  }
};
