// Order and payment states, and the one table of transitions the code consults before changing them.

export const ORDER_STATES = ['checkout', 'placed', 'ready', 'collected', 'delivered', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const PAYMENT_STATES = ['pending', 'paid', 'failed', 'refunded'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const SHIPPING_KINDS = ['pickup', 'delivery'] as const;
export type ShippingKind = (typeof SHIPPING_KINDS)[number];

export const PAYMENT_KINDS = ['card', 'offline'] as const;

/** Where an order line's stock was taken: a hub's override count, the producer's count, or nowhere (on demand). */
export const STOCK_SOURCES = ['override', 'producer', 'none'] as const;
export type StockSource = (typeof STOCK_SOURCES)[number];
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

/** checkout = a card payment is under way with stock reserved; placed = the order stands. */
const ORDER_TRANSITIONS: Record<OrderState, readonly OrderState[]> = {
  checkout: ['placed', 'cancelled'],
  placed: ['ready', 'collected', 'delivered', 'cancelled'],
  ready: ['collected', 'delivered', 'cancelled'],
  collected: [],
  delivered: [],
  cancelled: [],
};

const PAYMENT_TRANSITIONS: Record<PaymentState, readonly PaymentState[]> = {
  pending: ['paid', 'failed'],
  failed: ['pending', 'paid'],
  paid: ['refunded'],
  refunded: [],
};

export function canMoveOrder(from: OrderState, to: OrderState): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function canMovePayment(from: PaymentState, to: PaymentState): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}
