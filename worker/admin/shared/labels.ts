// How the back office names order and payment states, in French and English: one table each, used by
// the order pages, the reports and their CSV files.
import type { OrderState, PaymentState } from '../../../domain/orders.ts';
import type { FeeCalculator, FeeRole } from '../../../domain/fees.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatVatRate } from '../../../domain/vat.ts';
import type { Locale, Tr } from './paths.ts';

export function orderStateLabel(tr: Tr, s: OrderState): string {
  return {
    checkout: tr('paiement en cours', 'payment under way'),
    placed: tr('confirmée', 'placed'),
    ready: tr('prête', 'ready'),
    collected: tr('retirée', 'collected'),
    delivered: tr('livrée', 'delivered'),
    cancelled: tr('annulée', 'cancelled'),
  }[s];
}

export function paymentStateLabel(tr: Tr, s: PaymentState): string {
  return {
    pending: tr('à encaisser', 'pending'),
    paid: tr('payée', 'paid'),
    failed: tr('échoué', 'failed'),
    refunded: tr('remboursée', 'refunded'),
  }[s];
}

/** A payment's state, and « commande annulée » when the order was cancelled after the money moved. */
export function paymentRowLabel(tr: Tr, x: { paymentState: PaymentState; cancelled: boolean | number }): string {
  return paymentStateLabel(tr, x.paymentState) + (x.cancelled ? tr(' — commande annulée', ' — order cancelled') : '');
}

/** An audit entry's action in words (« commande annulée »), the code itself for one this table does not know. */
export function auditActionLabel(tr: Tr, action: string): string {
  const words: Record<string, string> = {
    'order.cancelled': tr('commande annulée', 'order cancelled'),
    'order.marked_paid': tr('paiement enregistré', 'payment recorded'),
    'order.ready': tr('commande prête', 'order ready'),
    'order.collected': tr('commande retirée', 'order collected'),
    'order.delivered': tr('commande livrée', 'order delivered'),
    'order.corrected': tr('commande modifiée', 'order corrected'),
    'order.repaid': tr('somme due rendue au client', 'amount owed handed back'),
    'order.placed': tr('commande passée', 'order placed'),
    'order.paid': tr('paiement par carte reçu', 'card payment received'),
  };
  return words[action] ?? action;
}

// Reports (issue 13.8) and the cycle form's fees (13.9): who receives a fee, and what it charges in words.
export function feeRoleLabel(tr: Tr, r: FeeRole): string {
  return {
    producer: tr('producteur', 'producer'),
    hub: tr('boutique', 'shop'),
    coordinator: tr('coordinateur', 'coordinator'),
    platform: tr('plateforme', 'platform'),
  }[r];
}

/** « 2 % par article », « 0,50 € par kg », « 3,00 € par commande »: a fee's amount as a manager reads it. */
export function feeAmountLabel(tr: Tr, l: Locale, f: { calculator: FeeCalculator; amount: number }): string {
  const percent = formatVatRate(f.amount, l);
  const money = formatMoney(f.amount, l);
  switch (f.calculator) {
    case 'flat_per_item':
      return tr(`${money} par article`, `${money} per item`);
    case 'percent_per_item':
      return tr(`${percent} par article`, `${percent} per item`);
    case 'per_kg':
      return tr(`${money} par kg`, `${money} per kg`);
    case 'flat_per_order':
      return tr(`${money} par commande`, `${money} per order`);
    case 'percent_per_order':
      return tr(`${percent} de la commande`, `${percent} of the order`);
  }
}
