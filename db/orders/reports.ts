// Reports for one hub's orders in a cycle, computed by the database (GROUP BY over indexed order
// lines) so they stay instant at any size: what each producer brings, what goes in each bag, per
// product, and payments. Only sales count (placed and later: never a card attempt, never cancelled).
import { sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { saleStateSql } from './sql.ts';

const SALE = saleStateSql('o');

export const REPORT_KINDS = ['producers', 'shoppers', 'products', 'payments'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ProducerTotalRow {
  producerName: string;
  productName: string;
  variantName: string;
  quantity: number;
  /** What goes to the producer: base price (VAT included) × quantity. */
  baseCents: number;
  salesCents: number;
}

export async function producerTotals(db: Db, hubId: number, cycleId: number) {
  return db.all<ProducerTotalRow>(sql`SELECT p.name AS producerName, ol.product_name AS productName, ol.variant_name AS variantName,
      sum(ol.quantity) AS quantity, sum(ol.base_price_cents * ol.quantity) AS baseCents, sum(ol.line_total_cents) AS salesCents
    FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id
    WHERE o.hub_id = ${hubId} AND o.cycle_id = ${cycleId} AND ${SALE}
    GROUP BY ol.producer_id, ol.variant_id ORDER BY p.name, ol.product_name, ol.variant_name`);
}

export interface PackingLine {
  publicId: string;
  shopperName: string;
  phone: string;
  shippingName: string;
  producerName: string;
  productName: string;
  variantName: string;
  quantity: number;
}

/** Every line of every order, by shopper then product: what goes in each bag. */
export async function packingByShopper(db: Db, hubId: number, cycleId: number) {
  return db.all<PackingLine>(sql`SELECT o.public_id AS publicId, o.name AS shopperName, o.phone, o.shipping_name AS shippingName,
      p.name AS producerName, ol.product_name AS productName, ol.variant_name AS variantName, ol.quantity
    FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id
    WHERE o.hub_id = ${hubId} AND o.cycle_id = ${cycleId} AND ${SALE}
    ORDER BY o.name, o.id, p.name, ol.product_name, ol.variant_name`);
}

/** The same lines by product then shopper: who gets how many of each. */
export async function packingByProduct(db: Db, hubId: number, cycleId: number) {
  return db.all<PackingLine>(sql`SELECT o.public_id AS publicId, o.name AS shopperName, o.phone, o.shipping_name AS shippingName,
      p.name AS producerName, ol.product_name AS productName, ol.variant_name AS variantName, ol.quantity
    FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id
    WHERE o.hub_id = ${hubId} AND o.cycle_id = ${cycleId} AND ${SALE}
    ORDER BY p.name, ol.product_name, ol.variant_name, o.name, o.id`);
}

export interface PaymentRow {
  publicId: string;
  shopperName: string;
  paymentName: string;
  paymentKind: 'card' | 'offline';
  paymentState: 'pending' | 'paid' | 'failed' | 'refunded';
  /** A cancelled order whose money moved (refunded, or paid after its attempt had ended): listed so the cash adds up. */
  cancelled: number;
  totalCents: number;
}

export async function paymentsReport(db: Db, hubId: number, cycleId: number) {
  return db.all<PaymentRow>(sql`SELECT o.public_id AS publicId, o.name AS shopperName, o.payment_name AS paymentName, o.payment_kind AS paymentKind,
      o.payment_state AS paymentState, o.state = 'cancelled' AS cancelled, o.total_cents AS totalCents
    FROM orders o WHERE o.hub_id = ${hubId} AND o.cycle_id = ${cycleId} AND (${SALE} OR (o.state = 'cancelled' AND o.payment_state IN ('paid', 'refunded')))
    ORDER BY o.payment_name, o.name, o.id`);
}

/** Sales per producer (shelf prices, VAT included): the cycle's picture as a small chart. */
export async function salesPerProducer(db: Db, hubId: number, cycleId: number) {
  return db.all<{ producerName: string; salesCents: number }>(sql`SELECT p.name AS producerName, sum(ol.line_total_cents) AS salesCents
    FROM orders o JOIN order_lines ol ON ol.order_id = o.id JOIN enterprises p ON p.id = ol.producer_id
    WHERE o.hub_id = ${hubId} AND o.cycle_id = ${cycleId} AND ${SALE}
    GROUP BY ol.producer_id ORDER BY salesCents DESC, p.name`);
}
