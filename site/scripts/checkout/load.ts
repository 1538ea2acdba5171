// Reading the cart's quote from the server (for the chosen collection or delivery) and changing a
// line's quantity, then showing the result: the cart, its live order, or why it cannot be ordered.
import { api, ApiError, type Quote } from '../api.ts';
import { cartStore } from '../cart-store.ts';
import { form, hub, lang, selected, showAlert, t } from './page.ts';
import { renderCart, renderQuote, showLiveOrder } from './render.ts';
import { quote, setQuote } from './state.ts';

export const load = async (): Promise<void> => {
  const id = cartStore.get(hub);
  if (!id) {
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
    return renderCart();
  }
  setQuote(q);
  renderCart();
  if (q.order) return showLiveOrder(q.order);
  if (!q.cart.cycle.open) {
    cartStore.clear(hub);
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
