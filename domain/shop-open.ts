// When a shop's sale can take an order to the end: one usable collection or delivery method and one
// usable payment method in that sale (card only while the hub's Stripe account can charge). The
// catalog's SQL twin is orderCanCompleteSql in db/catalog/shop.ts; the cycle being open is domain/cycles.ts.
import type { PaymentKind } from './orders.ts';

/** What Stripe last said of the hub's connected account, as the hub row keeps it. */
export interface HubCardState {
  stripeAccountId: string | null;
  stripeChargesEnabled: boolean;
}

/** The hub can take a card payment now: an account is linked and Stripe lets it charge. */
export const takesCards = (h: HubCardState): boolean => h.stripeAccountId !== null && h.stripeChargesEnabled;

/** A payment method a shopper could complete an order with (offline always; card only when the hub takes cards). */
export const paymentUsable = (kind: PaymentKind, hub: HubCardState): boolean => kind !== 'card' || takesCards(hub);

export const NOT_OPEN_REASONS = ['no-collection-method', 'no-payment-method', 'card-not-ready'] as const;
export type NotOpenReason = (typeof NOT_OPEN_REASONS)[number];

export interface SaleMethods {
  /** The collection/delivery methods the sale offers, archived ones left out. */
  shipping: readonly unknown[];
  /** The payment methods the sale offers, archived ones left out. */
  payment: readonly { kind: PaymentKind }[];
  hub: HubCardState;
}

/** Why no order can be completed in this sale; empty when one can. */
export function whyNotOpen(s: SaleMethods): NotOpenReason[] {
  const reasons: NotOpenReason[] = [];
  if (s.shipping.length === 0) reasons.push('no-collection-method');
  if (!s.payment.some((m) => paymentUsable(m.kind, s.hub)))
    reasons.push(s.payment.some((m) => m.kind === 'card') ? 'card-not-ready' : 'no-payment-method');
  return reasons;
}

/** The reason in the back office's words. */
export function notOpenReasonText(r: NotOpenReason, l: 'fr' | 'en'): string {
  const fr = l === 'fr';
  switch (r) {
    case 'no-collection-method':
      return fr
        ? 'aucun mode de retrait ou de livraison n’est proposé dans cette vente'
        : 'this sale offers no collection or delivery method';
    case 'no-payment-method':
      return fr ? 'aucun moyen de paiement n’est proposé dans cette vente' : 'this sale offers no payment method';
    case 'card-not-ready':
      return fr
        ? 'le seul moyen de paiement est la carte, et Stripe n’autorise pas encore les paiements de la boutique'
        : 'the only payment method is card, and Stripe does not let the shop take payments yet';
    default: {
      const never: never = r;
      return never;
    }
  }
}
