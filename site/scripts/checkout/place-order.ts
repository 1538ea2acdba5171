// Placing the order: the form's contact, collection or delivery, payment and terms sent to the API,
// then the order page, Stripe's payment page for a card, or the refusal shown where it belongs.
import { api, ApiError, type PlacedOrder } from '../api.ts';
import { cartStore } from '../cart-store.ts';
import { load } from './load.ts';
import { $, $$, button, form, hub, lang, selected, showAlert, t } from './page.ts';
import { busy, quote, setBusy } from './state.ts';

/** The server's field message, or this page's language's when the server's is French. */
const fieldMessage = (field: string, message: string, err: ApiError) => {
  if (lang === 'fr') return message;
  // Outside the delivery zone: the same fields as a malformed address, another message.
  const zone = err.details.outsideZone;
  if (typeof zone === 'string' && field.startsWith('address.')) return t.outsideZone(selected('shipping')?.dataset.name ?? '', zone);
  return t.fieldErrors[field] ?? message;
};

/** Why the order was refused, shown beside the fields, in the alert, or in the cart's lines. */
const showRefusal = async (err: unknown): Promise<void> => {
  if (!(err instanceof ApiError)) return showAlert(t.sendFailed);
  if (err.code === 'PAYMENT_IN_PROGRESS' || err.code === 'CART_ALREADY_ORDERED') return load();
  let shown = false;
  for (const fe of err.errors) {
    const slot = $(`[data-error-for="${CSS.escape(fe.field)}"]`, form);
    if (slot) {
      slot.textContent = fieldMessage(fe.field, fe.message, err);
      shown = true;
    }
  }
  // French: the server's words; English: its title (field messages come in French).
  const said = lang === 'fr' ? err.errors.map((x) => x.message).join(' ') || err.message : String(err.details.title ?? '') || t.sendFailed;
  if (['OUT_OF_STOCK', 'QUANTITY_LIMIT', 'CYCLE_CLOSED', 'NOT_IN_SHOP', 'MINIMUM_NOT_REACHED'].includes(err.code)) {
    // Show what changed in the cart itself, lines kept and marked.
    await load();
    return showAlert(said);
  }
  showAlert(shown && err.code === 'VALIDATION' ? t.checkFields : said);
};

export const onSubmit = async (e: Event): Promise<void> => {
  e.preventDefault();
  if (!quote || busy) return;
  for (const el of $$('[data-error-for]', form)) el.textContent = '';
  showAlert(null);
  const data = new FormData(form);
  const str = (k: string) => String(data.get(k) ?? '');
  const ship = selected('shipping');
  const pay = selected('payment');
  const body = {
    cartId: quote.cart.id,
    contact: { name: str('name'), email: str('email'), phone: str('phone') },
    shippingMethodId: Number(ship?.value),
    paymentMethodId: Number(pay?.value),
    ...(ship?.dataset.kind === 'delivery' ? { address: { line: str('line'), postalCode: str('postalCode'), city: str('city') } } : {}),
    ...($('#accept-terms', form) ? { acceptTerms: data.get('acceptTerms') === 'on' } : {}),
    locale: lang,
  };
  setBusy(true);
  button.disabled = true;
  try {
    const order = await api<PlacedOrder>('POST', '/api/orders', body);
    if (order.redirectUrl) {
      // The cart stays known here: coming back from the payment page, the shopper finds the payment under way.
      showAlert(null);
      button.textContent = t.redirecting;
      location.assign(order.redirectUrl);
      return;
    }
    cartStore.clear(hub, quote?.cart.cycle.id);
    location.assign(order.url);
  } catch (err) {
    setBusy(false);
    button.disabled = false;
    return showRefusal(err);
  }
};
