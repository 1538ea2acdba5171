// An order as its pages, e-mails and payment screens read it, and marking an offline payment paid.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { PaymentState } from '../../domain/orders.ts';
import { auditStatement } from '../core/audit.ts';
import type { Db } from '../core/client.ts';
import {
  carts,
  creditNotes,
  cycleOutgoing,
  enterprises,
  invoices,
  moneyBack,
  orderCycles,
  orderFees,
  orderLines,
  orders,
  payments,
} from '../schema/index.ts';

/** An order with its lines, fees, shop, collection details, payment and invoice, by its unguessable id. */
export async function findOrder(db: Db, publicId: string) {
  const orderId = sql`(SELECT id FROM orders WHERE public_id = ${publicId})`;
  const [orderRows, lines, fees, paymentRows, invoiceRows, noteRows, backRows] = await db.batch([
    db
      .select({
        order: orders,
        cartPublicId: carts.publicId,
        hubName: enterprises.name,
        hubSlug: enterprises.slug,
        hub: {
          name: enterprises.name,
          legalName: enterprises.legalName,
          siret: enterprises.siret,
          vatNumber: enterprises.vatNumber,
          addressLine: enterprises.addressLine,
          postalCode: enterprises.postalCode,
          commune: enterprises.commune,
          country: enterprises.country,
          email: enterprises.email,
          phone: enterprises.phone,
          website: enterprises.website,
        },
        cycleName: orderCycles.name,
        collectionStartsAt: cycleOutgoing.collectionStartsAt,
        collectionEndsAt: cycleOutgoing.collectionEndsAt,
        collectionPlace: cycleOutgoing.collectionPlace,
        instructions: cycleOutgoing.instructions,
      })
      .from(orders)
      .innerJoin(enterprises, eq(enterprises.id, orders.hubId))
      .innerJoin(orderCycles, eq(orderCycles.id, orders.cycleId))
      .leftJoin(carts, eq(carts.id, orders.cartId))
      .leftJoin(cycleOutgoing, and(eq(cycleOutgoing.cycleId, orders.cycleId), eq(cycleOutgoing.hubId, orders.hubId)))
      .where(eq(orders.publicId, publicId)),
    db
      .select({ line: orderLines, producerName: enterprises.name })
      .from(orderLines)
      .innerJoin(enterprises, eq(enterprises.id, orderLines.producerId))
      .where(eq(orderLines.orderId, orderId))
      .orderBy(asc(orderLines.id)),
    db
      .select({
        name: orderFees.name,
        role: orderFees.role,
        amountCents: orderFees.amountCents,
        vatRateBp: orderFees.vatRateBp,
        enterpriseName: enterprises.name,
        orderLineId: orderFees.orderLineId,
      })
      .from(orderFees)
      .innerJoin(enterprises, eq(enterprises.id, orderFees.enterpriseId))
      .where(eq(orderFees.orderId, orderId))
      .orderBy(asc(orderFees.id)),
    db
      .select({
        kind: payments.kind,
        state: payments.state,
        checkoutUrl: payments.checkoutUrl,
        sessionId: payments.stripeSessionId,
        amountCents: payments.amountCents,
      })
      .from(payments)
      .where(eq(payments.orderId, orderId))
      .orderBy(asc(payments.id)),
    db
      .select({
        year: invoices.year,
        number: invoices.number,
        issuedAt: invoices.issuedAt,
        totalHtCents: invoices.totalHtCents,
        totalVatCents: invoices.totalVatCents,
        totalTtcCents: invoices.totalTtcCents,
        supplementsInvoiceId: invoices.supplementsInvoiceId,
      })
      .from(invoices)
      .where(eq(invoices.orderId, orderId))
      .orderBy(asc(invoices.id)),
    db
      .select({
        year: creditNotes.year,
        number: creditNotes.number,
        issuedAt: creditNotes.issuedAt,
        cause: creditNotes.cause,
        reason: creditNotes.reason,
        totalTtcCents: creditNotes.totalTtcCents,
      })
      .from(creditNotes)
      .where(eq(creditNotes.orderId, orderId))
      .orderBy(asc(creditNotes.id)),
    db.select().from(moneyBack).where(eq(moneyBack.orderId, orderId)).orderBy(asc(moneyBack.id)),
  ]);
  const head = orderRows[0];
  if (!head) return null;
  return {
    ...head,
    lines: lines.map((l) => ({ ...l.line, producerName: l.producerName })),
    lineFees: fees.filter((f) => f.orderLineId !== null),
    orderFees: fees.filter((f) => f.orderLineId === null),
    payment: paymentRows.at(-1) ?? null,
    /** The order's first invoice (issued when it was placed). */
    invoice: invoiceRows.find((i) => i.supplementsInvoiceId === null) ?? null,
    /** Every invoice and credit note of the order, in the order they were issued. */
    invoices: invoiceRows,
    creditNotes: noteRows,
    moneyBack: backRows,
  };
}

export type OrderRecord = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

/** The facts the offline « mark paid » needs to decide, by the order's public id. */
export async function orderPaymentFacts(db: Db, publicId: string) {
  const rows = await db
    .select({
      id: orders.id,
      hubId: orders.hubId,
      state: orders.state,
      paymentState: orders.paymentState,
      paymentKind: orders.paymentKind,
      totalCents: orders.totalCents,
    })
    .from(orders)
    .where(eq(orders.publicId, publicId));
  return rows[0] ?? null;
}

/**
 * Records an offline payment, with who and when in the audit log. Guarded by the payment state that
 * was read, the order's row changing last: if someone else changed it meanwhile, nothing is written.
 */
export function markPaidStatements(
  db: Db,
  p: { orderId: number; from: PaymentState; userId: number | null; enterpriseId: number; via: string; now: number },
) {
  return [
    db.run(sql`UPDATE payments SET state = 'paid', recorded_by = ${p.userId}, updated_at = ${p.now}
      WHERE order_id = ${p.orderId} AND kind = 'offline' AND state = ${p.from}
        AND EXISTS (SELECT 1 FROM orders WHERE id = ${p.orderId} AND payment_state = ${p.from})`),
    auditStatement(db, {
      userId: p.userId,
      enterpriseId: p.enterpriseId,
      action: 'order.marked_paid',
      subject: sql`'order:' || public_id`,
      details: sql`json_object('via', ${p.via}, 'from', ${p.from}, 'amountCents', total_cents)`,
      at: p.now,
      from: sql`orders`,
      onlyIf: sql`id = ${p.orderId} AND payment_state = ${p.from}`,
    }),
    db.run(sql`UPDATE orders SET payment_state = 'paid', updated_at = ${p.now} WHERE id = ${p.orderId} AND payment_state = ${p.from}`),
  ] as const;
}
