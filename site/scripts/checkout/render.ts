// The checkout drawn from the server's quote: the cart's lines with what changed since they were added,
// the summary (products, per-order fees, shipping, VAT per rate, total), the collection/delivery and
// payment methods the cart's cycle offers (each with its fee and minimum for this cart, when and where),
// which payment methods can be used now, and the cart's live order (a card payment under way, or an
// order placed). The page never computes an amount.
import { formatWindow, formatDateTime } from '../../../domain/dates.ts';
import { formatVatRate } from '../../../domain/vat.ts';
import type { Quote } from '../api.ts';
import { cartStore } from '../cart-store.ts';
import { $, $$, address, button, cartBox, form, hub, lang, minimumMissing, money, pending, selected, summary, t } from './page.ts';
import { busy, quote } from './state.ts';

const esc = (s: string | null | undefined) => (s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const renderCart = (): void => {
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
          l.problem
            ? `<br><span class="error-text" data-testid="line-problem">${esc(l.problem.available === 0 ? t.soldOut : t.fewer(l.problem.available))}</span>`
            : ''
        }</th><td class="num"><label class="sr-only" for="qty-${l.variantId}">${esc(t.quantity)}</label><input id="qty-${l.variantId}" type="number" min="0" max="${l.maxQuantity ?? 9999}" value="${l.quantity}" data-qty style="width:4rem"></td><td class="num">${l.unitPriceCents === null ? '—' : money(l.unitPriceCents)}</td><td class="num">${money(l.lineTotalCents)}</td><td><button type="button" class="link" data-remove>${esc(t.remove)}</button></td></tr>`,
    )
    .join('')}</tbody></table>`;
  form.hidden = false;
};

/** The radios are drawn again only when the offered set changes, so a choice keeps its focus. */
let drawnShipping = '';

/** The cycle's methods as radios, the server's choice checked; each label's fee and conditions refreshed from the quote. */
const renderMethods = (q: Quote): void => {
  const shipBox = $('#shipping-choices', form)!;
  const shipKey = q.shippingMethods.map((m) => m.id).join(',');
  if (shipKey !== drawnShipping || !shipBox.firstChild) {
    drawnShipping = shipKey;
    shipBox.innerHTML = q.shippingMethods.length
      ? q.shippingMethods
          .map(
            (m) =>
              `<div class="choice"><input type="radio" id="ship-${m.id}" name="shipping" value="${m.id}" data-kind="${m.kind}" data-name="${esc(m.name)}"><label for="ship-${m.id}"><strong>${esc(m.name)}</strong> — <span data-fee-for="${m.id}"></span><span class="muted" data-terms-for="${m.id}"></span>${
                m.description ? `<br><span class="muted">${esc(m.description)}</span>` : ''
              }</label></div>`,
          )
          .join('')
      : `<p class="error-text">${esc(t.noMethod)}</p>`;
  }
  for (const m of q.shippingMethods) {
    const radio = $<HTMLInputElement>(`#ship-${m.id}`, form)!;
    radio.checked = m.id === q.shipping?.id;
    $(`[data-fee-for="${m.id}"]`, form)!.textContent = m.feeCents ? money(m.feeCents) : t.free;
    const terms = [
      m.freeFromCents !== null && m.feeCents ? t.freeFrom(money(m.freeFromCents)) : null,
      m.minOrderCents > 0 ? t.methodMinimum(money(m.minOrderCents)) : null,
      m.zone ? t.zone(m.zone) : null,
    ].filter(Boolean);
    $(`[data-terms-for="${m.id}"]`, form)!.textContent = terms.length ? ` (${terms.join(' · ')})` : '';
  }

  // Payment radios come with the page (the hub's methods); only those the cycle offers are shown.
  const offered = new Set(q.paymentMethods.map((m) => m.id));
  for (const choice of $$('[data-payment-choice]', form)) choice.hidden = !offered.has(Number(choice.dataset.paymentChoice));
  $('#no-payment', form)!.hidden = q.paymentMethods.length > 0;

  // When and where: the cycle's collection window, for a pickup or a delivery alike.
  const when = $('#collection-when', form)!;
  const c = q.collection;
  const span =
    c.startsAt !== null && c.endsAt !== null
      ? formatWindow(c.startsAt, c.endsAt, lang)
      : c.startsAt !== null
        ? formatDateTime(c.startsAt, lang)
        : null;
  const delivery = q.shipping?.kind === 'delivery';
  // The heading already says the sale's pickup (load.ts): said once, and a delivery replaces it here.
  const heading = $('#pickup');
  const headingSaysPickup = Boolean(heading?.textContent);
  if (heading && headingSaysPickup) heading.hidden = delivery;
  when.hidden = (span === null && !c.place) || (!delivery && headingSaysPickup);
  when.textContent = when.hidden
    ? ''
    : `${(delivery ? t.deliveryWhen : t.pickupWhen)(span ?? '')}${!delivery && c.place ? t.at(c.place) : ''}`;
  const minNote = $('#minimum-note', form);
  if (minNote) {
    minNote.hidden = q.minOrderCents === 0;
    minNote.textContent = q.minOrderCents ? t.minimum(money(q.minOrderCents)) : '';
  }
};

export const renderQuote = (): void => {
  if (!quote) return;
  const q = quote;
  renderMethods(q);
  address.hidden = selected('shipping')?.dataset.kind !== 'delivery';
  const rows: Array<[string, number, string?]> = [
    [t.products, q.itemsTotalCents],
    ...q.orderFees.map((f): [string, number] => [`${f.name} (${f.enterpriseName})`, f.amountCents]),
  ];
  if (q.shipping && q.shipping.feeCents) rows.push([q.shipping.name, q.shipping.feeCents]);
  summary.innerHTML =
    rows.map(([label, cents]) => `<tr><th scope="row">${esc(label)}</th><td class="num">${money(cents)}</td></tr>`).join('') +
    q.vat
      .map(
        (r) =>
          `<tr class="muted"><th scope="row">${esc(t.vatIncl(formatVatRate(r.rateBp, lang)))}</th><td class="num">${money(r.vatCents)}</td></tr>`,
      )
      .join('') +
    `<tr class="total"><th scope="row">${esc(t.total)}</th><td class="num" data-testid="checkout-total">${money(q.totalCents)}</td></tr>`;

  // Payment methods that cannot be used now are shown disabled, with the reason; those the cycle does not offer, not at all.
  for (const input of $$<HTMLInputElement>('input[name="payment"]', form)) input.disabled = true;
  for (const m of q.paymentMethods) {
    const input = $<HTMLInputElement>(`#pay-${m.id}`, form);
    const note = $(`[data-method-note="${m.id}"]`, form);
    if (input) input.disabled = !m.available;
    if (note) note.textContent = m.message ?? '';
  }
  const chosen = selected('payment');
  if (!chosen || chosen.disabled) {
    const usable = $$<HTMLInputElement>('input[name="payment"]', form).find((i) => !i.disabled);
    if (usable) usable.checked = true;
  }
  const card = selected('payment')?.dataset.kind === 'card';
  $('#card-note')!.hidden = !card;
  button.textContent = card ? t.payByCard(money(q.totalCents)) : t.place;

  minimumMissing.hidden = q.minimumReached;
  minimumMissing.textContent = q.minimumReached ? '' : t.minimumMissing(money(q.minOrderCents - q.itemsTotalCents));
  button.disabled = busy || !q.canPlace;
};

/** The cart's live order: a card payment to finish or cancel, or an order already placed. */
export const showLiveOrder = (order: NonNullable<Quote['order']>): void => {
  form.hidden = true;
  pending.hidden = false;
  $('[data-pending-text]', pending)!.textContent = order.state === 'checkout' ? t.paymentInProgress : t.alreadyOrdered;
  const link = $<HTMLAnchorElement>('[data-pending-link]', pending)!;
  link.href = order.url;
  link.textContent = order.state === 'checkout' ? t.seeOrder : t.seeThatOrder;
  if (order.state !== 'checkout') cartStore.clear(hub, quote?.cart.cycle.id);
};
