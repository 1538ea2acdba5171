// What the checkout knows now: the server's last quote for the cart (null: no cart, or it could not be
// read), and whether an order is being sent.
import type { Quote } from '../api.ts';

export let quote: Quote | null = null;
export let busy = false;

export const setQuote = (next: Quote | null): void => {
  quote = next;
};

export const setBusy = (next: boolean): void => {
  busy = next;
};
