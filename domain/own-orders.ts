// When a shopper may change or cancel their own order: the hub allows it, the cycle has not closed,
// the order is still only placed (not prepared yet), a card order is paid and card money can move on
// the hub's account, and no paid change is under way. One rule for the order page (whether to show
// the form, or the change awaiting payment), « Mes commandes » (which rows get the links) and the use
// cases (refusal).
import type { ErrorCode } from './errors.ts';
import type { OrderState, PaymentKind, PaymentState } from './orders.ts';

/** How long the second payment page of a change stays open (Stripe's shortest expiry is 30 minutes). */
export const CHANGE_PAYMENT_MS = 30 * 60_000;

export interface OwnOrderFacts {
  state: OrderState;
  paymentState: PaymentState;
  paymentKind: PaymentKind;
  /** The hub's setting « les clients peuvent modifier ou annuler leur commande jusqu'à la clôture ». */
  allowed: boolean;
  closesAt: number;
  /** When a change paid by a second payment page was asked for and is not settled yet; null when none. */
  pendingSince: number | null;
  /**
   * Whether card money can move for this order now: the worker has a Stripe key and the hub a
   * connected account. Without it a card order's difference could be neither refunded nor paid, nor
   * the order cancelled with its refund (cancelOrder refuses too): nothing is done online.
   */
  cardPayments: boolean;
}

export type OwnChangeRefusal = {
  code: ErrorCode;
  reason: 'not-allowed' | 'closed' | 'state' | 'unpaid' | 'card-unavailable' | 'payment-under-way';
};

/** Null when the shopper may change or cancel the order now; else why not. */
export function ownChangeRefusal(o: OwnOrderFacts, now: number): OwnChangeRefusal | null {
  if (!o.allowed) return { code: 'FORBIDDEN', reason: 'not-allowed' };
  if (now >= o.closesAt) return { code: 'CYCLE_CLOSED', reason: 'closed' };
  if (o.state !== 'placed') return { code: 'STATE_CONFLICT', reason: 'state' };
  if (o.paymentKind === 'card' && o.paymentState !== 'paid') return { code: 'STATE_CONFLICT', reason: 'unpaid' };
  if (o.paymentKind === 'card' && !o.cardPayments) return { code: 'SERVICE_UNAVAILABLE', reason: 'card-unavailable' };
  if (o.pendingSince !== null && now < o.pendingSince + CHANGE_PAYMENT_MS)
    return { code: 'PAYMENT_IN_PROGRESS', reason: 'payment-under-way' };
  return null;
}

/** The shopper's words for a refusal, French first. */
export const OWN_CHANGE_REFUSED: Record<'fr' | 'en', Record<OwnChangeRefusal['reason'], string>> = {
  fr: {
    'not-allowed': 'Cette boutique ne permet pas de modifier ou d’annuler une commande en ligne : contactez-la.',
    closed: 'Le cycle de vente est clos : la commande ne peut plus être modifiée ni annulée. Contactez la boutique si besoin.',
    state: 'Cette commande ne peut plus être modifiée ni annulée : la boutique l’a déjà préparée, ou elle est annulée.',
    unpaid: 'Cette commande n’est pas payée : elle ne peut pas être modifiée.',
    'card-unavailable':
      'Le paiement par carte est indisponible pour le moment : une commande payée par carte ne peut être ni modifiée ni annulée en ligne, car rien ne pourrait vous être remboursé ni payé. Contactez la boutique, ou revenez plus tard.',
    'payment-under-way': 'Le paiement d’une modification est en cours : terminez-le ou attendez la fin de son délai (30 minutes).',
  },
  en: {
    'not-allowed': 'This shop does not let orders be changed or cancelled online: please contact it.',
    closed: 'The sale has closed: the order can no longer be changed or cancelled. Contact the shop if needed.',
    state: 'This order can no longer be changed or cancelled: the shop has already prepared it, or it is cancelled.',
    unpaid: 'This order is not paid: it cannot be changed.',
    'card-unavailable':
      'Card payments are unavailable for now: an order paid by card can be neither changed nor cancelled online, as nothing could be refunded or paid. Contact the shop, or come back later.',
    'payment-under-way': 'A payment for a change is under way: finish it, or wait until it ends (30 minutes).',
  },
};
