// Changing a hub's collection or delivery method in place (name, fee, VAT rate, zone, minimum, free
// delivery threshold) or its payment method (name, kind, description): orders already placed keep the
// name, fee and rate they copied.
import { and, eq } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import type { PaymentKind, ShippingKind } from '../../domain/orders.ts';
import { paymentMethods, shippingMethods } from '../schema/index.ts';

export interface ShippingMethodFields {
  name: string;
  kind: ShippingKind;
  description: string;
  feeCents: number;
  vatRateBp: number;
  zone: string;
  minOrderCents: number;
  freeFromCents: number | null;
}

/** Only the hub's own method that is not archived changes; the row count says whether it did. */
export function updateShippingMethodStatement(db: Db, hubId: number, id: number, m: ShippingMethodFields): Statement {
  return db
    .update(shippingMethods)
    .set(m)
    .where(and(eq(shippingMethods.id, id), eq(shippingMethods.hubId, hubId)));
}

export interface PaymentMethodFields {
  name: string;
  kind: PaymentKind;
  description: string;
}

export function updatePaymentMethodStatement(db: Db, hubId: number, id: number, m: PaymentMethodFields): Statement {
  return db
    .update(paymentMethods)
    .set(m)
    .where(and(eq(paymentMethods.id, id), eq(paymentMethods.hubId, hubId)));
}
