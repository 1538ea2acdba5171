// Carts, orders and what was charged: lines and fees frozen at placement, payments.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { FEE_ROLES } from '../../domain/fees.ts';
import { ORDER_STATES, PAYMENT_KINDS, PAYMENT_STATES, SHIPPING_KINDS, STOCK_SOURCES } from '../../domain/orders.ts';
import { UNIT_KINDS } from '../../domain/units.ts';
import { customers, paymentMethods, shippingMethods } from './hub-settings.ts';
import { enterprises } from './enterprises.ts';
import { orderCycles } from './order-cycles.ts';
import { variants } from './products.ts';

/** One cart per shopper per hub and cycle; the shopper holds only its unguessable public id. */
export const carts = sqliteTable(
  'carts',
  {
    id: integer('id').primaryKey(),
    publicId: text('public_id').notNull().unique(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => orderCycles.id),
    customerId: integer('customer_id').references(() => customers.id),
    /** Set when the cart became an order; a placed cart accepts no more changes. */
    orderedAt: integer('ordered_at'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('carts_cycle_idx').on(t.cycleId)],
);

export const cartLines = sqliteTable(
  'cart_lines',
  {
    cartId: integer('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    addedAt: integer('added_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.variantId] }), check('cart_lines_quantity_positive', sql`${t.quantity} > 0`)],
);

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey(),
    /** Unguessable id in the order page's link (ord_…). */
    publicId: text('public_id').notNull().unique(),
    cartId: integer('cart_id').references(() => carts.id),
    hubId: integer('hub_id')
      .notNull()
      .references(() => enterprises.id),
    cycleId: integer('cycle_id')
      .notNull()
      .references(() => orderCycles.id),
    customerId: integer('customer_id').references(() => customers.id),
    state: text('state', { enum: ORDER_STATES }).notNull(),
    paymentState: text('payment_state', { enum: PAYMENT_STATES }).notNull(),
    locale: text('locale', { enum: ['fr', 'en'] })
      .notNull()
      .default('fr'),
    email: text('email').notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    shippingMethodId: integer('shipping_method_id').references(() => shippingMethods.id),
    shippingKind: text('shipping_kind', { enum: SHIPPING_KINDS }).notNull(),
    shippingName: text('shipping_name').notNull(),
    /** Delivery address, only for delivery. */
    addressLine: text('address_line'),
    postalCode: text('postal_code'),
    city: text('city'),
    paymentMethodId: integer('payment_method_id').references(() => paymentMethods.id),
    paymentKind: text('payment_kind', { enum: PAYMENT_KINDS }).notNull(),
    paymentName: text('payment_name').notNull(),
    itemsTotalCents: integer('items_total_cents').notNull(),
    orderFeesCents: integer('order_fees_cents').notNull(),
    shippingCents: integer('shipping_cents').notNull(),
    shippingVatRateBp: integer('shipping_vat_rate_bp').notNull(),
    vatTotalCents: integer('vat_total_cents').notNull(),
    totalCents: integer('total_cents').notNull(),
    /** While a card payment is pending, stock is held until this time (epoch ms). */
    reservedUntil: integer('reserved_until'),
    placedAt: integer('placed_at'),
    /** Who cancelled it (null while it stands, or for a card attempt that ended) and why, for the shopper's page. */
    cancelledBy: text('cancelled_by', { enum: ['hub', 'shopper'] }),
    cancelReason: text('cancel_reason'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    index('orders_hub_cycle_idx').on(t.hubId, t.cycleId),
    index('orders_cycle_idx').on(t.cycleId),
    // One live order (not cancelled) per cart; a cancelled attempt (an expired card payment) frees the cart for another.
    uniqueIndex('orders_cart_idx').on(t.cartId).where(sql`${t.state} <> 'cancelled'`),
    index('orders_reserved_idx').on(t.state, t.reservedUntil),
  ],
);

/** A line as charged: names, prices, fees and VAT copied at placement so later edits never change it. */
export const orderLines = sqliteTable(
  'order_lines',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    producerId: integer('producer_id')
      .notNull()
      .references(() => enterprises.id),
    productName: text('product_name').notNull(),
    variantName: text('variant_name').notNull(),
    unitKind: text('unit_kind', { enum: UNIT_KINDS }).notNull(),
    unitValue: integer('unit_value').notNull(),
    quantity: integer('quantity').notNull(),
    /** The producer's price per item (after any hub override), VAT included. */
    basePriceCents: integer('base_price_cents').notNull(),
    /** Per-item fees, VAT included. */
    itemFeesCents: integer('item_fees_cents').notNull(),
    /** Shelf price per item = base + per-item fees. */
    unitPriceCents: integer('unit_price_cents').notNull(),
    lineTotalCents: integer('line_total_cents').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
    vatCents: integer('vat_cents').notNull(),
    /** Where the stock was taken (the hub's override, the producer's variant, or none when on demand), so it goes back there. */
    stockSource: text('stock_source', { enum: STOCK_SOURCES }).notNull(),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId),
    index('order_lines_producer_idx').on(t.producerId),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Every fee charged on an order, per line (per-item fees × quantity) or per order. */
export const orderFees = sqliteTable(
  'order_fees',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    orderLineId: integer('order_line_id').references(() => orderLines.id, { onDelete: 'cascade' }),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    role: text('role', { enum: FEE_ROLES }).notNull(),
    name: text('name').notNull(),
    amountCents: integer('amount_cents').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
  },
  (t) => [index('order_fees_order_idx').on(t.orderId)],
);

export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    kind: text('kind', { enum: PAYMENT_KINDS }).notNull(),
    state: text('state', { enum: PAYMENT_STATES }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    stripeSessionId: text('stripe_session_id').unique(),
    /** Stripe-hosted payment page of the session, so a shopper who left it can resume the same payment. */
    checkoutUrl: text('checkout_url'),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    /** Who marked an offline payment paid (user id) and when. */
    recordedBy: integer('recorded_by'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [index('payments_order_idx').on(t.orderId)],
);
