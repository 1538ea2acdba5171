// The shopper-facing URLs the worker hands out, in French and English, and the configured public origin
// (PUBLIC_URL) that makes them absolute in e-mails, sign-in links and Stripe's return addresses.
import { paths } from '../domain/catalog-paths.ts';
import { DomainError } from '../domain/errors.ts';
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

/**
 * The public origin every absolute link is built on: PUBLIC_URL only. The request's Host header is the
 * client's to choose, so a link built from it could send a sign-in token to another site.
 * Throws SERVICE_UNAVAILABLE (503) when it is not configured, before anything is written.
 */
export function siteUrl(c: { env: Env; req: { url: string } }): string {
  const url = publicUrl(c.env);
  if (url === null) throw notConfigured();
  return url;
}

/** PUBLIC_URL as an origin (`https://comptoir.example.coop`), or null when it is unset or not an http(s) URL. */
export function publicUrl(env: Env): string | null {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

function notConfigured(): DomainError {
  return new DomainError(
    'SERVICE_UNAVAILABLE',
    'This server is not configured to send links: its public address (PUBLIC_URL) is not set. Nothing was sent.',
    {
      details: { reason: 'not configured', setting: 'PUBLIC_URL' },
    },
  );
}
