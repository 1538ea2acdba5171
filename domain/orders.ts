// Order and payment states, and the one table of transitions the code consults before changing them.

export const ORDER_STATES = ['checkout', 'placed', 'ready', 'collected', 'delivered', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** Orders that count as sales: placed and after, never a card attempt nor a cancelled order. */
export const SALE_STATES = ['placed', 'ready', 'collected', 'delivered'] as const satisfies readonly OrderState[];
export const isSale = (s: OrderState): boolean => (SALE_STATES as readonly OrderState[]).includes(s);

/**
 * Orders that are not cancelled: the sales plus card attempts under way (their stock is reserved).
 * What still holds a cart, a cycle's hub or a customer; not a sale.
 */
export const LIVE_STATES = ORDER_STATES.filter((s) => s !== 'cancelled');
export const isLive = (s: OrderState): boolean => s !== 'cancelled';

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
