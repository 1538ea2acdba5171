// The shopper-facing URLs the worker hands out, in French and English, and the public origin that
// makes them absolute in e-mails and in Stripe's return addresses.
import { paths } from '../domain/catalog-paths.ts';
import type { Locale } from '../domain/money.ts';
import type { Env } from './env.ts';

export function orderPath(publicId: string, locale: Locale = 'fr'): string {
  return locale === 'en' ? `/en/orders/${publicId}` : `/commandes/${publicId}`;
}

export function invoicePath(publicId: string, locale: Locale = 'fr', format: 'html' | 'pdf' = 'html'): string {
  const base = locale === 'en' ? `/en/orders/${publicId}/invoice` : `/commandes/${publicId}/facture`;
  return format === 'pdf' ? `${base}.pdf` : base;
}

/** The order page's form that gives up a card payment under way (to change the cart or pay otherwise). */
export function cancelPaymentPath(publicId: string, locale: Locale = 'fr'): string {
  return locale === 'en' ? `/en/orders/${publicId}/payment/cancel` : `/commandes/${publicId}/paiement/annuler`;
}

/** Where a shopper leaving the payment page lands: the order page says what happened. */
export function paymentReturnPath(publicId: string, locale: Locale, outcome: 'ok' | 'cancelled'): string {
  return `${orderPath(publicId, locale)}?${locale === 'en' ? 'payment' : 'paiement'}=${outcome === 'ok' ? 'ok' : locale === 'en' ? 'cancelled' : 'annule'}`;
}

/** The checkout page of a shop, reopening a given cart (the id is stored again by the page's script). */
export function checkoutPath(hubSlug: string, locale: Locale, cartPublicId?: string | null): string {
  const base = paths.checkout(locale, hubSlug);
  return cartPublicId ? `${base}?${locale === 'en' ? 'cart' : 'panier'}=${cartPublicId}` : base;
}

export const shopPath = (hubSlug: string, locale: Locale): string => paths.shop(locale, hubSlug);

/** PUBLIC_URL when set (behind a proxy, or for links made without a request), else the request's origin. */
export function siteUrl(c: { env: Env; req: { url: string } }): string {
  return publicUrl(c.env) ?? new URL(c.req.url).origin;
}

export function publicUrl(env: Env): string | null {
  return env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null;
}
