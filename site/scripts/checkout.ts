// The checkout island: shows the cart with server prices, lets the shopper change quantities,
// and places the order; every amount comes from the API, the page only adds them up for display.
import { formatMoney } from '../../domain/money.ts';
import { api, ApiError, cartStore, type Cart } from './api.ts';

export function startCheckout(): void {
  const root = document.getElementById('checkout');
  if (!root?.dataset.hub) return;
  const hub = root.dataset.hub;
  const cartBox = document.getElementById('cart')!;
  const form = document.getElementById('checkout-form') as HTMLFormElement;
  const alertBox = document.getElementById('checkout-alert')!;
  const summary = document.querySelector<HTMLTableSectionElement>('#summary tbody')!;
  const address = document.getElementById('address')!;
  let cart: Cart | null = null;

  const esc = (s: string | null) => (s ?? '').replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const selectedShipping = () => form.querySelector<HTMLInputElement>('input[name="shipping"]:checked');

  const showAlert = (message: string | null) => {
    alertBox.hidden = !message;
    alertBox.textContent = message ?? '';
  };

  function render(): void {
    if (!cart || cart.itemCount === 0) {
      cartBox.innerHTML = `<p>Votre panier est vide. <a href="/boutiques/${esc(hub)}/">Retourner à la boutique</a></p>`;
      form.hidden = true;
      return;
    }
    cartBox.innerHTML = `<table class="lines"><caption class="sr-only">Articles du panier</caption><thead><tr><th scope="col">Produit</th><th scope="col" class="num">Quantité</th><th scope="col" class="num">Prix</th><th scope="col" class="num">Total</th><th scope="col"><span class="sr-only">Retirer</span></th></tr></thead><tbody>${cart.lines
      .map(
        (l) => `<tr data-variant-id="${l.variantId}"><th scope="row">${esc(l.productName ?? 'Produit retiré de la boutique')} <span class="muted">— ${esc(l.variantName)}</span><br><small class="muted">${esc(l.producerName)}</small>${
          l.problem ? `<br><span class="error-text">${l.problem.available === 0 ? 'Plus disponible : retirez-le pour commander.' : `Il n’en reste que ${l.problem.available} : réduisez la quantité.`}</span>` : ''
        }</th><td class="num"><label class="sr-only" for="qty-${l.variantId}">Quantité</label><input id="qty-${l.variantId}" type="number" min="0" max="${l.maxQuantity ?? 9999}" value="${l.quantity}" data-qty style="width:4rem"></td><td class="num">${l.unitPriceCents === null ? '—' : formatMoney(l.unitPriceCents)}</td><td class="num">${formatMoney(l.lineTotalCents)}</td><td><button type="button" class="link" data-remove>Retirer</button></td></tr>`,
      )
      .join('')}</tbody></table>`;
    form.hidden = false;
    renderSummary();
  }

  function renderSummary(): void {
    if (!cart) return;
    const ship = selectedShipping();
    const shipFee = Number(ship?.dataset.fee ?? 0);
    address.hidden = ship?.dataset.kind !== 'delivery';
    const rows: Array<[string, number]> = [['Produits', cart.itemsTotalCents], ...cart.orderFees.map((f): [string, number] => [`${f.name} (${f.enterpriseName})`, f.amountCents])];
    if (shipFee) rows.push([ship!.labels?.[0]?.querySelector('strong')?.textContent ?? 'Livraison', shipFee]);
    const total = cart.itemsTotalCents + cart.orderFeesCents + shipFee;
    summary.innerHTML =
      rows.map(([label, cents]) => `<tr><th scope="row">${esc(label)}</th><td class="num">${formatMoney(cents)}</td></tr>`).join('') +
      `<tr class="total"><th scope="row">Total TTC</th><td class="num" data-testid="checkout-total">${formatMoney(total)}</td></tr>`;
  }

  async function load(): Promise<void> {
    const id = cartStore.get(hub);
    if (!id) return render();
    try {
      cart = await api<Cart>('GET', `/api/carts/${id}`);
      if (cart.ordered || !cart.cycle.open) {
        cartStore.clear(hub);
        if (!cart.cycle.open) showAlert('Les commandes sont closes pour ce cycle de vente.');
        cart = null;
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) cartStore.clear(hub);
      else showAlert(err instanceof Error ? err.message : 'Le panier n’a pas pu être chargé.');
      cart = null;
    }
    render();
  }

  async function setQuantity(variantId: number, quantity: number): Promise<void> {
    if (!cart) return;
    showAlert(null);
    try {
      cart = await api<Cart>('PUT', `/api/carts/${cart.id}/lines/${variantId}`, { quantity });
    } catch (err) {
      showAlert(err instanceof Error ? err.message : 'La quantité n’a pas pu être changée.');
    }
    render();
  }

  cartBox.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.matches('[data-qty]')) void setQuantity(Number(input.closest('tr')!.dataset.variantId), Math.max(0, Math.floor(Number(input.value) || 0)));
  });
  cartBox.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest('[data-remove]');
    if (button) void setQuantity(Number(button.closest('tr')!.dataset.variantId), 0);
  });
  form.addEventListener('change', (e) => {
    if ((e.target as HTMLInputElement).name === 'shipping') renderSummary();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!cart) return;
    for (const el of form.querySelectorAll('[data-error-for]')) el.textContent = '';
    showAlert(null);
    const data = new FormData(form);
    const str = (k: string) => String(data.get(k) ?? '');
    const ship = selectedShipping();
    const body = {
      cartId: cart.id,
      contact: { name: str('name'), email: str('email'), phone: str('phone') },
      shippingMethodId: Number(ship?.value),
      paymentMethodId: Number(form.querySelector<HTMLInputElement>('input[name="payment"]:checked')?.value),
      ...(ship?.dataset.kind === 'delivery' ? { address: { line: str('line'), postalCode: str('postalCode'), city: str('city') } } : {}),
      ...(form.querySelector('#accept-terms') ? { acceptTerms: data.get('acceptTerms') === 'on' } : {}),
      locale: 'fr',
    };
    const button = document.getElementById('place-order') as HTMLButtonElement;
    button.disabled = true;
    try {
      const order = await api<{ url: string }>('POST', '/api/orders', body);
      cartStore.clear(hub);
      location.assign(order.url);
    } catch (err) {
      button.disabled = false;
      if (!(err instanceof ApiError)) return showAlert('La commande n’a pas pu être envoyée. Réessayez.');
      let shown = false;
      for (const fe of err.errors) {
        const slot = form.querySelector(`[data-error-for="${CSS.escape(fe.field)}"]`);
        if (slot) {
          slot.textContent = fe.message;
          shown = true;
        }
      }
      showAlert(shown ? 'Vérifiez les champs signalés.' : err.message);
      if (['OUT_OF_STOCK', 'QUANTITY_LIMIT', 'CYCLE_CLOSED', 'NOT_IN_SHOP'].includes(err.code)) {
        showAlert(err.errors.map((x) => x.message).join(' ') || err.message);
        await load();
      }
    }
  });

  void load();
}
