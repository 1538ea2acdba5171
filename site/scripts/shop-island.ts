// The shop page's island: add to cart, the cart summary, and live stock and open/closed state.
// The page is complete without it; it only adds what a static page cannot know.
import { formatMoney } from '../../domain/money.ts';
import { api, ApiError, cartStore, type Cart } from './api.ts';

interface Live {
  open: boolean;
  cycle: { closesAt: number } | null;
  nextCycle: { opensAt: number } | null;
  stock: Record<string, number>;
  cart: Cart | null;
}

export function startShopIsland(): void {
  const shop = document.getElementById('shop');
  if (!shop?.dataset.hub) return;
  const hub = shop.dataset.hub;
  const forms = [...shop.querySelectorAll<HTMLFormElement>('form.add')];
  const status = document.getElementById('shop-status');
  const bar = document.getElementById('cart-bar');
  const summary = document.getElementById('cart-summary');
  let closeTimer: ReturnType<typeof setTimeout> | undefined;

  const showCart = (cart: Cart | null) => {
    if (!bar || !summary) return;
    bar.hidden = false;
    summary.textContent = cart && cart.itemCount > 0 ? `Panier : ${cart.itemCount} article${cart.itemCount > 1 ? 's' : ''}, ${formatMoney(cart.itemsTotalCents)}` : 'Panier vide';
  };

  const closeShop = (message: string) => {
    for (const f of forms) f.querySelector('button')!.disabled = true;
    if (status) {
      status.className = 'banner closed';
      status.textContent = message;
    }
    bar?.setAttribute('hidden', '');
  };

  const apply = (live: Live) => {
    if (!live.open) {
      closeShop('Les commandes sont closes pour ce cycle de vente.' + (live.nextCycle ? ` Prochaine ouverture le ${new Date(live.nextCycle.opensAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full', timeStyle: 'short' })}.` : ''));
      return;
    }
    for (const form of forms) {
      const id = form.dataset.variantId!;
      const left = live.stock[id];
      const badge = form.parentElement!.querySelector('.stock')!;
      badge.innerHTML = left === undefined ? '' : left <= 0 ? '<span class="badge out">Épuisé</span>' : `<span class="badge">Plus que ${left}</span>`;
      form.querySelector('button')!.disabled = left !== undefined && left <= 0;
      form.hidden = false;
    }
    if (live.cart) cartStore.set(hub, live.cart.id);
    else cartStore.clear(hub);
    showCart(live.cart);
    clearTimeout(closeTimer);
    // The page was built earlier: when the cycle closes while it is open, check again at that moment.
    if (live.cycle) closeTimer = setTimeout(refresh, Math.max(0, Math.min(live.cycle.closesAt - Date.now() + 500, 2 ** 31 - 1)));
  };

  async function refresh() {
    const cart = cartStore.get(hub);
    try {
      apply(await api<Live>('GET', `/api/shops/${hub}/live${cart ? `?cart=${cart}` : ''}`));
    } catch {
      for (const form of forms) form.hidden = false;
      const note = document.createElement('p');
      note.className = 'banner error';
      note.setAttribute('role', 'status');
      note.textContent = 'Le stock et l’état de la boutique n’ont pas pu être vérifiés en direct : ils datent de la publication de cette page.';
      status?.insertAdjacentElement('afterend', note);
    }
  }

  async function add(variantId: number, quantity: number): Promise<Cart> {
    let cartId = cartStore.get(hub);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!cartId) {
        cartId = (await api<Cart>('POST', '/api/carts', { hub })).id;
        cartStore.set(hub, cartId);
      }
      try {
        return await api<Cart>('POST', `/api/carts/${cartId}/lines`, { variantId, quantity });
      } catch (err) {
        // A cart already ordered or from a past cycle: start a new one, once.
        if (err instanceof ApiError && (err.code === 'NOT_FOUND' || err.code === 'CART_ALREADY_ORDERED' || err.code === 'CYCLE_CLOSED') && attempt === 0 && err.code !== 'CYCLE_CLOSED') {
          cartStore.clear(hub);
          cartId = null;
          continue;
        }
        throw err;
      }
    }
    throw new Error('unreachable');
  }

  for (const form of forms) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = form.querySelector('button')!;
      const error = form.querySelector('.error-text')!;
      const quantity = Number(new FormData(form).get('quantity'));
      error.textContent = '';
      button.disabled = true;
      try {
        showCart(await add(Number(form.dataset.variantId), quantity));
        button.textContent = 'Ajouté ✓';
        setTimeout(() => (button.textContent = 'Ajouter'), 1500);
      } catch (err) {
        error.textContent = err instanceof Error ? err.message : 'Une erreur est survenue.';
        if (err instanceof ApiError && err.code === 'CYCLE_CLOSED') closeShop('Les commandes sont closes pour ce cycle de vente.');
      } finally {
        button.disabled = false;
        void refresh;
      }
    });
  }
  void refresh();
}
