// The order a hub takes, as JSON (the API) and as the page's form: the shop's own checks on the
// contact and address (placeOrderSchema), lines as variant ids and quantities, nothing priced here.
import * as v from 'valibot';
import type { FieldError } from '../../../domain/errors.ts';
import { placeOrderSchema } from '../../routes/orders.ts';
import { idSchema, quantitySchema } from '../../schemas.ts';
import { fieldErrors, type FormFields, one } from '../shared/forms.ts';
import type { TakenOrder } from './use-cases.ts';

export const takenOrderSchema = v.strictObject({
  contact: placeOrderSchema.entries.contact,
  lines: v.pipe(
    v.array(v.strictObject({ variantId: idSchema, quantity: quantitySchema })),
    v.minLength(1, 'Indiquez au moins une quantité.'),
    v.maxLength(200),
  ),
  shippingMethodId: idSchema,
  paymentMethodId: idSchema,
  address: placeOrderSchema.entries.address,
  locale: v.optional(v.picklist(['fr', 'en']), 'fr'),
});

/** The raw form, kept to show it again with its messages. */
export interface TakenOrderForm {
  customer: string;
  name: string;
  email: string;
  phone: string;
  locale: string;
  shippingMethodId: string;
  paymentMethodId: string;
  addressLine: string;
  postalCode: string;
  city: string;
  quantities: Record<string, string>;
}

export function rawForm(f: FormFields): TakenOrderForm {
  const quantities: Record<string, string> = {};
  for (const [k, val] of Object.entries(f)) {
    const m = /^qty\.(\d+)$/.exec(k);
    if (m && typeof val === 'string' && val.trim() !== '') quantities[m[1]!] = val.trim();
  }
  return {
    customer: one(f, 'customer'),
    name: one(f, 'name'),
    email: one(f, 'email'),
    phone: one(f, 'phone'),
    locale: one(f, 'locale'),
    shippingMethodId: one(f, 'shippingMethodId'),
    paymentMethodId: one(f, 'paymentMethodId'),
    addressLine: one(f, 'addressLine'),
    postalCode: one(f, 'postalCode'),
    city: one(f, 'city'),
    quantities,
  };
}

/**
 * Reads the form: an existing customer fills the contact fields left empty; quantities of 0 or
 * empty are no line. Returns the order, or the field messages to show.
 */
export function parseTakenOrder(
  raw: TakenOrderForm,
  known: ReadonlyArray<{ id: number; name: string; email: string; phone: string }>,
): { value: TakenOrder; errors?: undefined } | { value?: undefined; errors: FieldError[] } {
  const customer = known.find((c) => String(c.id) === raw.customer);
  const delivery = raw.addressLine !== '' || raw.postalCode !== '' || raw.city !== '';
  const input = {
    contact: {
      name: raw.name || customer?.name || '',
      email: raw.email || customer?.email || '',
      phone: raw.phone || customer?.phone || '',
    },
    lines: Object.entries(raw.quantities)
      .map(([id, q]) => ({ variantId: Number(id), quantity: Number(q) }))
      .filter((l) => l.quantity !== 0),
    shippingMethodId: Number(raw.shippingMethodId),
    paymentMethodId: Number(raw.paymentMethodId),
    ...(delivery ? { address: { line: raw.addressLine, postalCode: raw.postalCode, city: raw.city } } : {}),
    locale: raw.locale === 'en' ? 'en' : 'fr',
  };
  const parsed = v.safeParse(takenOrderSchema, input);
  if (!parsed.success) return { errors: fieldErrors(parsed.issues) };
  return { value: parsed.output };
}
