// The checkout island: the cart with what changed since it was filled (never silently dropped), the
// server's quote for the chosen collection/delivery (lines, per-order fees, shipping, VAT per rate,
// total), which payment methods can be used now, and placing the order: to the order page, or for a
// card to Stripe's payment page. The page never computes an amount; it shows the server's.
import { formatMoney } from '../../domain/money.ts';
import { formatVatRate } from '../../domain/vat.ts';
import { api, ApiError, cartStore, type PlacedOrder, type Quote } from './api.ts';
import { CHECKOUT_TEXT } from './checkout-text.ts';

// (Typed structurally: the Workers types loaded for the worker shadow some DOM names.)
type Root = { querySelector: Document['querySelector']; querySelectorAll: Document['querySelectorAll'] };
const $ = <T extends Element = HTMLElement>(sel: string, root: Root = document) => root.querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(sel: string, root: Root = document) => [...root.querySelectorAll<T>(sel)];
const esc = (s: string | null | undefined) => (s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function startCheckout(): void {
  const root = $('#checkout');
  const hub = root?.dataset.hub;
  if (!root || !hub) return;
  const lang = root.dataset.lang === 'en' ? 'en' : 'fr';
  const t = CHECKOUT_TEXT[lang];
  const money = (c: number) => formatMoney(c, lang);
  const cartBox = $('#cart')!;
  const form = $<HTMLFormElement>('#checkout-form')!;
  const alertBox = $('#checkout-alert')!;
  const pending = $('#pending-order')!;
  const summary = $<HTMLTableSectionElement>('#summary tbody')!;
  const address = $('#address')!;
  const button = $<HTMLButtonElement>('#place-order')!;
  const minimumMissing = $('#minimum-missing')!;
  let quote: Quote | null = null;
  let busy = false;

  const selected = (name: string) => $<HTMLInputElement>(`input[name="${name}"]:checked`, form);
  const showAlert = (message: string | null) => {
    alertBox.hidden = !message;
    alertBox.textContent = message ?? '';
  };
  /** The server's field message, or this page's language's when the server's is French. */
  const fieldMessage = (field: string, message: string) => (lang === 'fr' ? message : (t.fieldErrors[field] ?? message));

  // A link from the order page (« back to my cart ») brings the cart id along: keep it for this shop.
  const fromLink = new URLSearchParams(location.search).get(lang === 'en' ? 'cart' : 'panier');
  if (fromLink && /^cart_[0-9A-Za-z]{22}$/.test(fromLink)) {
    cartStore.set(hub, fromLink);
    history.replaceState(null, '', location.pathname);
  }

  function renderCart(): void {
    const cart = quote?.cart;
    if (!cart || cart.itemCount === 0) {
      cartBox.innerHTML = `<p>${esc(t.empty)} <a href="${esc($<HTMLAnchorElement>('#checkout .eyebrow a')?.getAttribute('href') ?? '/')}">${esc(t.backToShop)}</a></p>`;
      form.hidden = true;
      return;
    }
    cartBox.innerHTML = `<table class="lines"><caption class="sr-only">${esc(t.cartItems)}</caption><thead><tr><th scope="col">${esc(t.product)}</th><th scope="col" class="num">${esc(t.quantity)}</th><th scope="col" class="num">${esc(t.price)}</th><th scope="col" class="num">${esc(t.lineTotal)}</th><th scope="col"><span class="sr-only">${esc(t.remove)}</span></th></tr></thead><tbody>${cart.lines
      .map(
        (l) =>
          `<tr data-variant-id="${l.variantId}"${l.problem ? ' class="problem"' : ''}><th scope="row">${esc(l.productName ?? t.removedFromShop)} <span class="muted">— ${esc(l.variantName)}</span><br><small class="muted">${esc(l.producerName)}</small>${
            l.problem ? `<br><span class="error-text" data-testid="line-problem">${esc(l.problem.available === 0 ? t.soldOut : t.fewer(l.problem.available))}</span>` : ''
          }</th><td class="num"><label class="sr-only" for="qty-${l.variantId}">${esc(t.quantity)}</label><input id="qty-${l.variantId}" type="number" min="0" max="${l.maxQuantity ?? 9999}" value="${l.quantity}" data-qty style="width:4rem"></td><td class="num">${l.unitPriceCents === null ? '—' : money(l.unitPriceCents)}</td><td class="num">${money(l.lineTotalCents)}</td><td><button type="button" class="link" data-remove>${esc(t.remove)}</button></td></tr>`,
      )
      .join('')}</tbody></table>`;
    form.hidden = false;
  }

  function renderQuote(): void {
    if (!quote) return;
    const q = quote;
    address.hidden = selected('shipping')?.dataset.kind !== 'delivery';
    const rows: Array<[string, number, string?]> = [[t.products, q.itemsTotalCents], ...q.orderFees.map((f): [string, number] => [`${f.name} (${f.enterpriseName})`, f.amountCents])];
    if (q.shipping && q.shipping.feeCents) rows.push([q.shipping.name, q.shipping.feeCents]);
    summary.innerHTML =
      rows.map(([label, cents]) => `<tr><th scope="row">${esc(label)}</th><td class="num">${money(cents)}</td></tr>`).join('') +
      q.vat.map((r) => `<tr class="muted"><th scope="row">${esc(t.vatIncl(formatVatRate(r.rateBp, lang)))}</th><td class="num">${money(r.vatCents)}</td></tr>`).join('') +
      `<tr class="total"><th scope="row">${esc(t.total)}</th><td class="num" data-testid="checkout-total">${money(q.totalCents)}</td></tr>`;

    // Payment methods that cannot be used now are shown disabled, with the reason.
    for (const m of q.paymentMethods) {
      const input = $<HTMLInputElement>(`#pay-${m.id}`, form);
      const note = $(`[data-method-note="${m.id}"]`, form);
      if (input) input.disabled = !m.available;
      if (note) note.textContent = m.message ?? '';
    }
    const chosen = selected('payment');
    if (chosen?.disabled) {
      const usable = $$<HTMLInputElement>('input[name="payment"]', form).find((i) => !i.disabled);
      if (usable) usable.checked = true;
    }
    const card = selected('payment')?.dataset.kind === 'card';
    $('#card-note')!.hidden = !card;
    button.textContent = card ? t.payByCard(money(q.totalCents)) : t.place;

    minimumMissing.hidden = q.minimumReached;
    minimumMissing.textContent = q.minimumReached ? '' : t.minimumMissing(money(q.minOrderCents - q.itemsTotalCents));
    button.disabled = busy || !q.canPlace;
  }

  /** A standing order for this cart: a card payment to finish or cancel, or an order already placed. */
  function showStandingOrder(order: NonNullable<Quote['order']>): void {
    form.hidden = true;
    pending.hidden = false;
    $('[data-pending-text]', pending)!.textContent = order.state === 'checkout' ? t.paymentInProgress : t.alreadyOrdered;
    const link = $<HTMLAnchorElement>('[data-pending-link]', pending)!;
    link.href = order.url;
    link.textContent = order.state === 'checkout' ? t.seeOrder : t.seeThatOrder;
    if (order.state !== 'checkout') cartStore.clear(hub!);
  }

  async function load(): Promise<void> {
    const id = cartStore.get(hub!);
    if (!id) {
      quote = null;
      return renderCart();
    }
    try {
      quote = await api<Quote>('POST', `/api/carts/${id}/quote`, { ...(selected('shipping') ? { shippingMethodId: Number(selected('shipping')!.value) } : {}), locale: lang });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) cartStore.clear(hub!);
      else showAlert(err instanceof Error ? err.message : t.loadFailed);
      quote = null;
      return renderCart();
    }
    renderCart();
    if (quote.order) return showStandingOrder(quote.order);
    if (!quote.cart.cycle.open) {
      cartStore.clear(hub!);
      showAlert(t.closed);
      form.hidden = true;
      return;
    }
    if (quote.cart.hasProblems) showAlert(t.cartChanged);
    renderQuote();
  }

  async function setQuantity(variantId: number, quantity: number): Promise<void> {
    if (!quote) return;
    showAlert(null);
    try {
      await api('PUT', `/api/carts/${quote.cart.id}/lines/${variantId}`, { quantity });
    } catch (err) {
      showAlert(err instanceof ApiError && lang === 'fr' ? err.message : t.quantityFailed);
    }
    await load();
  }

  cartBox.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.matches('[data-qty]')) void setQuantity(Number(input.closest('tr')!.dataset.variantId), Math.max(0, Math.floor(Number(input.value) || 0)));
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

  form.addEventListener('submit', async (e) => {
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
    busy = true;
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
      cartStore.clear(hub!);
      location.assign(order.url);
    } catch (err) {
      busy = false;
      button.disabled = false;
      if (!(err instanceof ApiError)) return showAlert(t.sendFailed);
      if (err.code === 'PAYMENT_IN_PROGRESS' || err.code === 'CART_ALREADY_ORDERED') return load();
      let shown = false;
      for (const fe of err.errors) {
        const slot = $(`[data-error-for="${CSS.escape(fe.field)}"]`, form);
        if (slot) {
          slot.textContent = fieldMessage(fe.field, fe.message);
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
    }
  });

  void load();
}
