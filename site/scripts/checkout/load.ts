// Reading the cart's quote from the server (for the chosen collection or delivery) and changing a
// line's quantity, then showing the result: the cart, which pickup it is for, its live order, or why it
// cannot be ordered. A hub may sell several sales at once, a cart each: the checkout shows the cart of
// the sale the shopper came from, or lets them choose.
import { formatWindow } from '../../../domain/dates.ts';
import { api, ApiError, type Cart, type Quote } from '../api.ts';
import { cartKey, cartStore } from '../cart-store.ts';
import { cameFromCycle, cartBox, form, hub, lang, pickup, selected, showAlert, t } from './page.ts';
import { renderCart, renderQuote, showLiveOrder } from './render.ts';
import { quote, setQuote } from './state.ts';

/** The hub's stored carts as [localStorage key, cart id] (cart-store.ts's keys). */
const keptCarts = (hub: string): Array<[string, string]> =>
  Object.keys(localStorage)
    .filter((k) => k.startsWith(cartKey(hub)) && /^(?::\d+)?$/.test(k.slice(cartKey(hub).length)))
    .map((k) => [k, localStorage.getItem(k)!]);

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** « Retrait le mardi 8 décembre, de 17:00 à 19:00, <place> », the shop page's words (i18n.ts pickupAt). */
const pickupLine = (cycle: Cart['cycle']): string => {
  if (!pickup || !cycle.collectionStartsAt || !cycle.collectionEndsAt) return '';
  // French writes the first of a month « 1er », as i18n.ts's formatters do.
  const when = formatWindow(cycle.collectionStartsAt, cycle.collectionEndsAt, lang).replace(/(^|\s)1 (?=[a-zéû]+)/, '$11er ');
  const text = pickup.dataset.text ?? '';
  return (cycle.collectionPlace ? text : text.replace(/, \{place\}/, '')).replace('{when}', when).replace('{place}', cycle.collectionPlace);
};

const showPickup = (cart: Cart | null): void => {
  if (!pickup) return;
  const line = cart ? pickupLine(cart.cycle) : '';
  pickup.textContent = line;
  pickup.hidden = line === '';
};

/**
 * The cart to show: the one of the sale the shopper came from; else the hub's only cart; else, among
 * several still open with something in them, the shopper's choice (links to each, null meanwhile).
 */
const pickCart = async (): Promise<string | null | 'choosing'> => {
  if (cameFromCycle) return cartStore.get(hub, cameFromCycle);
  // One cart may be kept twice (under its sale, and without one when it came by a link).
  const kept = [...new Set(keptCarts(hub).map(([, id]) => id))];
  if (kept.length <= 1) return kept[0] ?? null;
  const carts = (await Promise.all(kept.map((id) => api<Cart>('GET', `/api/carts/${id}`).catch(() => null)))).filter(
    (c): c is Cart => c !== null && c.cycle.open && !c.ordered && c.itemCount > 0,
  );
  if (carts.length <= 1) return carts[0]?.id ?? kept[0]!;
  const choose = pickup?.dataset.choose ?? '';
  const param = lang === 'en' ? 'sale' : 'vente';
  cartBox.innerHTML = `<p>${esc(choose)}</p><ul class="plain-list">${carts
    .map((c) => `<li><a href="?${param}=${c.cycle.id}">${esc(pickupLine(c.cycle) || c.cycle.name)}</a></li>`)
    .join('')}</ul>`;
  form.hidden = true;
  return 'choosing';
};

export const load = async (): Promise<void> => {
  const picked = quote ? quote.cart.id : await pickCart();
  if (picked === 'choosing') return;
  const id = picked;
  if (!id) {
    showPickup(null);
    setQuote(null);
    return renderCart();
  }
  let q: Quote;
  try {
    q = await api<Quote>('POST', `/api/carts/${id}/quote`, {
      ...(selected('shipping') ? { shippingMethodId: Number(selected('shipping')!.value) } : {}),
      locale: lang,
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) cartStore.clear(hub);
    else showAlert(err instanceof Error ? err.message : t.loadFailed);
    setQuote(null);
    showPickup(null);
    return renderCart();
  }
  setQuote(q);
  // Kept under its sale from now on (a cart id that came from a link had none yet).
  cartStore.set(hub, q.cart.cycle.id, q.cart.id);
  showPickup(q.cart);
  renderCart();
  if (q.order) return showLiveOrder(q.order);
  if (!q.cart.cycle.open) {
    cartStore.clear(hub, q.cart.cycle.id);
    showAlert(t.closed);
    form.hidden = true;
    return;
  }
  if (q.cart.hasProblems) showAlert(t.cartChanged);
  renderQuote();
};

export const setQuantity = async (variantId: number, quantity: number): Promise<void> => {
  if (!quote) return;
  showAlert(null);
  try {
    await api('PUT', `/api/carts/${quote.cart.id}/lines/${variantId}`, { quantity });
  } catch (err) {
    showAlert(err instanceof ApiError && lang === 'fr' ? err.message : t.quantityFailed);
  }
  await load();
};
