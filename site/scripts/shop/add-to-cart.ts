// Adding to the cart from an add form: the API calls (a new cart for the page's sale when the stored one
// is gone or already ordered), then the cart bar, or the reason the line was refused.
import { api, ApiError, type Cart } from '../api.ts';
import { cartStore } from '../cart-store.ts';
import { $ } from '../dom.ts';
import { addBegun, showCart } from './cart-bar.ts';
import { cycle, hub, say } from './page.ts';
import { closeShop } from './live.ts';

/** The cart being made for the page's sale: an add begun before it exists waits for it instead of making a second. */
let making: Promise<string> | null = null;
const newCart = (): Promise<string> =>
  (making ??= api<Cart>('POST', '/api/carts', { hub, cycle })
    .then((cart) => {
      cartStore.set(hub, cycle, cart.id);
      return cart.id;
    })
    .finally(() => (making = null)));

const add = async (variantId: number, quantity: number): Promise<Cart> => {
  let cartId = cartStore.get(hub, cycle);
  for (let attempt = 0; ; attempt++) {
    cartId ??= await newCart();
    try {
      return await api<Cart>('POST', `/api/carts/${cartId}/lines`, { variantId, quantity });
    } catch (err) {
      // A cart already ordered or gone: start a new one, once.
      if (attempt === 0 && err instanceof ApiError && (err.code === 'NOT_FOUND' || err.code === 'CART_ALREADY_ORDERED')) {
        cartStore.clear(hub, cycle);
        cartId = null;
        continue;
      }
      throw err;
    }
  }
};

/** The shop's submit listener: handles the add forms, leaves any other form alone. */
export const onAddSubmit = async (event: Event): Promise<void> => {
  const form = event.target as HTMLFormElement;
  if (!form.matches('form.add')) return;
  event.preventDefault();
  addBegun();
  const button = $<HTMLButtonElement>('button', form)!;
  const error = $('.error-text', form)!;
  error.textContent = '';
  button.disabled = true;
  try {
    showCart(await add(Number(form.dataset.variantId), Number(new FormData(form).get('quantity'))));
    button.textContent = say('added');
    setTimeout(() => (button.textContent = say('add')), 1500);
  } catch (err) {
    error.textContent = err instanceof Error ? err.message : say('error');
    if (err instanceof ApiError && err.code === 'CYCLE_CLOSED') closeShop(say('closedNow'));
  } finally {
    button.disabled = false;
  }
};
