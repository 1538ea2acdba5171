// The checkout island: the cart with what changed since it was filled (never silently dropped), the
// server's quote for the chosen collection/delivery (lines, per-order fees, shipping, VAT per rate,
// total), which payment methods can be used now, and placing the order: to the order page, or for a
// card to Stripe's payment page. The page never computes an amount; it shows the server's. Each
// concern is a module of checkout/; this entry wires them to the page.
import { cartStore } from './cart-store.ts';
import { startAccount } from './checkout/account.ts';
import { load, setQuantity } from './checkout/load.ts';
import { cameFromCycle, cartBox, form, hub, lang } from './checkout/page.ts';
import { onSubmit } from './checkout/place-order.ts';
import { renderQuote } from './checkout/render.ts';

export function startCheckout(): void {
  if (!hub) return;
  // A link from the order page (« back to my cart ») brings the cart id along: keep it for this shop.
  const fromLink = new URLSearchParams(location.search).get(lang === 'en' ? 'cart' : 'panier');
  if (fromLink && /^cart_[0-9A-Za-z]{22}$/.test(fromLink)) {
    // With its sale (a members' sale page says which): kept as that sale's cart.
    if (cameFromCycle) cartStore.set(hub, cameFromCycle, fromLink);
    else cartStore.set(hub, fromLink);
    history.replaceState(null, '', location.pathname);
  }
  cartBox.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.matches('[data-qty]'))
      void setQuantity(Number(input.closest('tr')!.dataset.variantId), Math.max(0, Math.floor(Number(input.value) || 0)));
  });
  cartBox.addEventListener('click', (e) => {
    const remove = (e.target as HTMLElement).closest('[data-remove]');
    if (remove) void setQuantity(Number(remove.closest('tr')!.dataset.variantId), 0);
  });
  form.addEventListener('change', (e) => {
    const name = (e.target as HTMLInputElement).name;
    if (name === 'shipping') void load();
    else if (name === 'payment') renderQuote();
  });
  form.addEventListener('submit', onSubmit);
  void load();
  void startAccount();
}
