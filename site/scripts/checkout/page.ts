// The checkout page as the island found it when it loaded: its hub, language and words, the sale the
// shopper came from, the elements its modules share, and the small helpers they all use (the chosen
// radio, the alert banner).
import { formatMoney } from '../../../domain/money.ts';
import { CHECKOUT_TEXT } from '../checkout-text.ts';
import type { Root } from '../dom.ts';

// The shorthands of ../dom.ts again, on purpose: imported by both islands they would move into the chunk
// the two share, which the shop page pays for in bytes (about 30 B gzip, measured) to save two lines here.
export const $ = <T extends Element = HTMLElement>(sel: string, root: Root = document) => root.querySelector<T>(sel);
export const $$ = <T extends Element = HTMLElement>(sel: string, root: Root = document) => [...root.querySelectorAll<T>(sel)];

/** The island runs on checkout pages only; elsewhere `hub` is '' and it does nothing. */
const root = $('#checkout');
export const hub = root?.dataset.hub ?? '';
export const lang = root?.dataset.lang === 'en' ? 'en' : 'fr';
export const t = CHECKOUT_TEXT[lang];
export const money = (c: number) => formatMoney(c, lang);
export const cartBox = $('#cart')!;
export const form = $<HTMLFormElement>('#checkout-form')!;
const alertBox = $('#checkout-alert')!;
export const pending = $('#pending-order')!;
export const summary = $<HTMLTableSectionElement>('#summary tbody')!;
export const address = $('#address')!;
export const button = $<HTMLButtonElement>('#place-order')!;
export const minimumMissing = $('#minimum-missing')!;
/** The line under the heading saying which pickup the cart is for (its words in data-text, data-choose). */
export const pickup = $('#pickup');
/** The sale the shopper came from (?vente= / ?sale= in the shop's cart link), 0 when not said. */
export const cameFromCycle = Number(new URLSearchParams(location.search).get(lang === 'en' ? 'sale' : 'vente')) || 0;

export const selected = (name: string) => $<HTMLInputElement>(`input[name="${name}"]:checked`, form);

export const showAlert = (message: string | null): void => {
  alertBox.hidden = !message;
  alertBox.textContent = message ?? '';
};
