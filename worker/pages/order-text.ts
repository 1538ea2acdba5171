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
    invoiceLinks: (n: string) => `Facture n° ${n}`,
    details: 'Détail de la commande',
    product: 'Produit',
    quantity: 'Quantité',
    unitPrice: 'Prix unitaire',
    total: 'Total',
    products: 'Produits',
    vatIncl: (rate: string) => `dont TVA ${rate}`,
    totalTtc: 'Total TTC',
    notFoundTitle: 'Page introuvable',
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
    invoiceLinks: (n: string) => `Invoice no. ${n}`,
    details: 'Order details',
    product: 'Product',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    total: 'Total',
    products: 'Products',
    vatIncl: (rate: string) => `incl. VAT ${rate}`,
    totalTtc: 'Total (VAT incl.)',
    notFoundTitle: 'Page not found',
  },
} as const;
