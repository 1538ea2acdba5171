// Words of the order and invoice pages in French and English (French first), and the short reference.
import type { Locale } from '../../domain/money.ts';
import type { OrderState, PaymentState } from '../../domain/orders.ts';

/** « C-8F3K2Q » — a short, readable reference; the full id stays in the link. */
export function shortRef(publicId: string): string {
  return `C-${publicId.slice(4, 10).toUpperCase()}`;
}

export const ORDER_STATE: Record<Locale, Record<OrderState, string>> = {
  fr: {
    checkout: 'En cours de paiement',
    placed: 'Confirmée',
    ready: 'Prête',
    collected: 'Retirée',
    delivered: 'Livrée',
    cancelled: 'Annulée',
  },
  en: {
    checkout: 'Payment under way',
    placed: 'Confirmed',
    ready: 'Ready',
    collected: 'Collected',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
  },
};

export const PAYMENT_STATE: Record<Locale, Record<PaymentState, string>> = {
  fr: { pending: 'En attente de paiement', paid: 'Payée', failed: 'Paiement non abouti', refunded: 'Remboursée' },
  en: { pending: 'Awaiting payment', paid: 'Paid', failed: 'Payment not completed', refunded: 'Refunded' },
};

/**
 * The payment as the shopper should read it: an order cancelled before it was paid owes nothing (not
 * « en attente »), money the shop must hand back in cash is « à vous rendre » until it is, and a card
 * refund is « remboursée ». A failed card attempt keeps « Paiement non abouti ».
 */
export function paymentStateText(
  o: { state: OrderState; paymentState: PaymentState; paymentKind: 'card' | 'offline' },
  moneyBack: readonly { kind: string; state: string }[],
  l: Locale,
): string {
  const fr = l === 'fr';
  if (o.state === 'cancelled' && o.paymentState === 'pending')
    return fr ? 'Rien à payer (commande annulée)' : 'Nothing to pay (order cancelled)';
  if (o.paymentState === 'refunded' && o.paymentKind === 'offline' && moneyBack.some((m) => m.kind === 'offline' && m.state === 'owed'))
    return fr ? 'Payée — à vous rendre par la boutique' : 'Paid — to be handed back by the shop';
  return PAYMENT_STATE[l][o.paymentState];
}

export const TEXT = {
  fr: {
    order: 'Commande',
    placedBy: (ref: string, when: string, name: string) => `Commande ${ref} passée le ${when} par ${name}.`,
    startedBy: (ref: string, when: string, name: string) => `Commande ${ref} commencée le ${when} par ${name}.`,
    keepLink: 'Gardez le lien de cette page : il permet de la retrouver.',
    titlePaid: 'Merci, votre commande est confirmée et payée',
    titlePlaced: 'Merci, votre commande est enregistrée',
    titleConfirming: 'Paiement en cours de confirmation',
    confirming: 'Votre banque a répondu ; nous attendons la confirmation du paiement. Cette page se met à jour toute seule.',
    titleUnpaid: 'Votre paiement n’est pas terminé',
    reservedUntil: (time: string) =>
      `Vos produits vous sont réservés jusqu’à ${time}. Passé ce délai, ils sont remis en vente et votre panier vous attend.`,
    processing: 'Le paiement est en cours de traitement par votre banque : vos produits restent réservés.',
    reservationOver:
      'Le délai de paiement est dépassé : le paiement n’est plus possible et vos produits vont être remis en vente. Votre panier vous attend.',
    payNow: 'Payer maintenant',
    changeCart: 'Modifier le panier ou payer autrement',
    titleCancelled: 'Commande annulée',
    cancelledUnpaid:
      'Le paiement n’a pas abouti : la commande est annulée et vos produits ne sont plus réservés. Rien ne vous a été prélevé.',
    cartWaits: 'Votre panier vous attend : vous pouvez réessayer ou choisir un autre moyen de paiement.',
    backToCart: 'Reprendre mon panier',
    titleLatePayment: 'Paiement reçu après l’annulation',
    latePayment: (hub: string) =>
      `Votre paiement est arrivé après la fin de la réservation de vos produits. ${hub} va vous contacter pour vous livrer si les produits sont encore disponibles, ou vous rembourser.`,
    cancelFailed: 'Le paiement n’a pas pu être annulé pour le moment. Réessayez dans un instant.',
    state: 'État',
    payment: 'Paiement',
    delivery: 'Livraison',
    pickup: 'Retrait',
    invoice: 'Facture',
    documents: 'Factures et avoirs',
    supplementary: '(complémentaire)',
    details: 'Détail de la commande',
    product: 'Produit',
    quantity: 'Quantité',
    unitPrice: 'Prix unitaire',
    total: 'Total',
    products: 'Produits',
    vatIncl: (rate: string) => `dont TVA ${rate}`,
    totalTtc: 'Total TTC',
    notFoundTitle: 'Page introuvable',
    cancelledByShopper: 'Vous avez annulé cette commande. Vos produits sont remis en vente.',
    ownTitle: 'Modifier ou annuler ma commande',
    ownUntil: (when: string) => `Vous pouvez modifier ou annuler cette commande jusqu’à la clôture de la vente, le ${when}.`,
    ownPriced: 'Les produits que vous modifiez ou ajoutez sont comptés au prix du jour, frais compris.',
    ownCard:
      'Paiement par carte : si la commande baisse, la différence vous est remboursée sur votre carte ; si elle augmente, vous payez la différence par carte avant que la modification soit prise en compte.',
    ownAdd: 'Ajouter un produit',
    ownNone: '— aucun —',
    ownSave: 'Enregistrer les modifications',
    ownCancel: 'Annuler ma commande…',
    ownCancelConfirm: 'Je veux annuler cette commande',
    ownCancelButton: 'Annuler la commande',
    ownPending: (amount: string) => `Une modification attend son paiement de ${amount}.`,
    ownPayNow: 'Payer la différence',
    ownChanged: 'Votre commande est modifiée.',
    ownPaidChange: 'Merci : la modification est prise en compte dès que votre paiement est confirmé. Cette page se met à jour toute seule.',
    ownCancelled: 'Votre commande est annulée.',
  },
  en: {
    order: 'Order',
    placedBy: (ref: string, when: string, name: string) => `Order ${ref} placed on ${when} by ${name}.`,
    startedBy: (ref: string, when: string, name: string) => `Order ${ref} started on ${when} by ${name}.`,
    keepLink: 'Keep the link of this page: it is how you find your order again.',
    titlePaid: 'Thank you, your order is confirmed and paid',
    titlePlaced: 'Thank you, your order is placed',
    titleConfirming: 'Confirming your payment',
    confirming: 'Your bank has answered; we are waiting for the payment to be confirmed. This page updates by itself.',
    titleUnpaid: 'Your payment is not finished',
    reservedUntil: (time: string) =>
      `Your products are reserved for you until ${time}. After that they go back on sale, and your cart waits for you.`,
    processing: 'Your bank is processing the payment: your products stay reserved.',
    reservationOver:
      'The time to pay is over: the payment can no longer be made and your products go back on sale. Your cart is waiting for you.',
    payNow: 'Pay now',
    changeCart: 'Change the cart or pay another way',
    titleCancelled: 'Order cancelled',
    cancelledUnpaid:
      'The payment did not go through: the order is cancelled and your products are no longer reserved. Nothing was charged.',
    cartWaits: 'Your cart is waiting for you: try again, or choose another payment method.',
    backToCart: 'Back to my cart',
    titleLatePayment: 'Payment received after cancellation',
    latePayment: (hub: string) =>
      `Your payment arrived after your products' reservation ended. ${hub} will contact you to deliver if the products are still available, or to refund you.`,
    cancelFailed: 'The payment could not be cancelled right now. Try again in a moment.',
    state: 'Status',
    payment: 'Payment',
    delivery: 'Delivery',
    pickup: 'Collection',
    invoice: 'Invoice',
    documents: 'Invoices and credit notes',
    supplementary: '(supplementary)',
    details: 'Order details',
    product: 'Product',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    total: 'Total',
    products: 'Products',
    vatIncl: (rate: string) => `incl. VAT ${rate}`,
    totalTtc: 'Total (VAT incl.)',
    notFoundTitle: 'Page not found',
    cancelledByShopper: 'You cancelled this order. Its products are back on sale.',
    ownTitle: 'Change or cancel my order',
    ownUntil: (when: string) => `You can change or cancel this order until the sale closes, on ${when}.`,
    ownPriced: 'Products you change or add are charged at today’s price, fees included.',
    ownCard:
      'Card payment: if the order costs less, the difference is refunded to your card; if it costs more, you pay the difference by card before the change is made.',
    ownAdd: 'Add a product',
    ownNone: '— none —',
    ownSave: 'Save the changes',
    ownCancel: 'Cancel my order…',
    ownCancelConfirm: 'I want to cancel this order',
    ownCancelButton: 'Cancel the order',
    ownPending: (amount: string) => `A change is waiting for its payment of ${amount}.`,
    ownPayNow: 'Pay the difference',
    ownChanged: 'Your order is changed.',
    ownPaidChange: 'Thank you: the change is made as soon as your payment is confirmed. This page updates by itself.',
    ownCancelled: 'Your order is cancelled.',
  },
} as const;
