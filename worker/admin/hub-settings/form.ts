// The hub settings and customers forms: one valibot schema each for the pages and the JSON API, and
// the posted forms read into them (amounts typed in euros, « 4,90 », kept in cents or basis points).
import type { Context } from 'hono';
import * as v from 'valibot';
import { DomainError } from '../../../domain/errors.ts';
import { FEE_CALCULATORS, FEE_TYPES } from '../../../domain/fees.ts';
import { MAX_PERCENT_BP } from '../../../domain/limits.ts';
import { PAYMENT_KINDS, SHIPPING_KINDS } from '../../../domain/orders.ts';
import { parseZone } from '../../../domain/delivery-zones.ts';
import type { VAT_RATES_BP } from '../../../domain/vat.ts';
import { chargeCentsSchema, idSchema, priceCentsSchema } from '../../schemas.ts';
import { emailSchema, formStrings, parseEuros, parseOrThrow } from '../shared/forms.ts';
import { METHOD_RULE_KINDS, METHOD_RULE_VISIBILITIES } from '../../../domain/tag-rules.ts';

const str = (max: number, required?: string) =>
  required
    ? v.pipe(v.string(required), v.trim(), v.nonEmpty(required), v.maxLength(max, `${max} caractères au maximum.`))
    : v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `${max} caractères au maximum.`)), '');
export const termsSchema = v.strictObject({ termsText: v.nullable(str(10_000)), minOrderCents: chargeCentsSchema });
/** The French rates a delivery or a per-order fee is charged at (domain/vat.ts), the form's choices. */
export const CHARGE_VAT_RATES_BP = [2000, 1000, 550, 210] as const satisfies readonly (typeof VAT_RATES_BP)[number][];
const chargeVatSchema = v.optional(
  v.picklist(CHARGE_VAT_RATES_BP, 'Choisissez un taux de TVA français : 20 %, 10 %, 5,5 % ou 2,1 %.'),
  2000,
);
/** A zone is a list the domain reads; an entry it cannot read is refused rather than silently serving nobody. */
const zoneSchema = v.optional(
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(2000, '2000 caractères au maximum.'),
    v.check(
      (z) => parseZone(z).unreadable.length === 0,
      (issue) =>
        `Entrée illisible : ${parseZone(String(issue.input)).unreadable.slice(0, 5).join(', ')}. Écrivez des codes postaux (35000), des débuts de code (35*) ou des communes, séparés par des virgules.`,
    ),
  ),
  '',
);
export const shippingSchema = v.strictObject({
  name: str(120, 'Donnez un nom.'),
  kind: v.picklist(SHIPPING_KINDS, 'pickup ou delivery.'),
  description: str(500),
  feeCents: chargeCentsSchema,
  vatRateBp: chargeVatSchema,
  zone: zoneSchema,
  minOrderCents: v.optional(chargeCentsSchema, 0),
  freeFromCents: v.optional(v.nullable(chargeCentsSchema), null),
});
export type ShippingMethodInput = v.InferOutput<typeof shippingSchema>;
export const paymentSchema = v.strictObject({
  name: str(120, 'Donnez un nom.'),
  kind: v.picklist(PAYMENT_KINDS, 'card ou offline.'),
  description: str(500),
});
// A percentage is in basis points (at most 100 %), any other amount in cents.
export const feeSchema = v.pipe(
  v.strictObject({
    name: str(120, 'Donnez un nom.'),
    feeType: v.picklist(FEE_TYPES),
    calculator: v.picklist(FEE_CALCULATORS),
    amount: chargeCentsSchema,
    vatRateBp: chargeVatSchema,
  }),
  v.forward(
    v.check((f) => !f.calculator.startsWith('percent') || f.amount <= MAX_PERCENT_BP, 'Un pourcentage ne peut pas dépasser 100 %.'),
    ['amount'],
  ),
);
export const customerSchema = v.strictObject({
  email: emailSchema,
  name: str(120),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.trim(), v.maxLength(40))), v.maxLength(50, '50 étiquettes au maximum.')), []),
});
export const ruleSchema = v.strictObject({
  tag: str(40, 'Indiquez une étiquette.'),
  variantId: idSchema,
  priceCents: v.optional(v.nullable(priceCentsSchema), null),
});

export const methodRuleSchema = v.strictObject({
  tag: str(40, 'Indiquez une étiquette.'),
  kind: v.picklist(METHOD_RULE_KINDS, 'Choisissez un mode de retrait ou un moyen de paiement.'),
  methodId: idSchema,
  visibility: v.picklist(METHOD_RULE_VISIBILITIES, 'Choisissez « réservé à » ou « caché pour ».'),
});

/** A form's money field « 4,90 » as cents, or a field error. */
function euros(text: string | undefined, field: string): number {
  const c = parseEuros(text ?? '0');
  if (c === null)
    throw new DomainError('VALIDATION', 'Invalid amount.', {
      fields: [{ field, message: `Montant illisible « ${text} » : écrivez par exemple 4,90.` }],
    });
  return c;
}

export async function readTermsForm(c: Context) {
  const f = await formStrings(c);
  return parseOrThrow(termsSchema, { termsText: f.termsText ?? null, minOrderCents: euros(f.minOrder, 'minOrderCents') });
}

/** A VAT rate typed as the select sends it (basis points); anything else is left for the schema to refuse. */
const rate = (text: string | undefined) => (text === undefined || text === '' ? undefined : Number(text));

export async function readShippingForm(c: Context) {
  const f = await formStrings(c);
  return parseOrThrow(shippingSchema, {
    name: f.name,
    kind: f.kind,
    description: f.description ?? '',
    feeCents: euros(f.fee, 'feeCents'),
    vatRateBp: rate(f.vatRateBp),
    zone: f.zone ?? '',
    minOrderCents: euros(f.minOrder || '0', 'minOrderCents'),
    // Empty: never free.
    freeFromCents: f.freeFrom?.trim() ? euros(f.freeFrom, 'freeFromCents') : null,
  });
}

export async function readPaymentForm(c: Context) {
  const f = await formStrings(c);
  return parseOrThrow(paymentSchema, { name: f.name, kind: f.kind, description: f.description ?? '' });
}

export async function readFeeForm(c: Context) {
  const f = await formStrings(c);
  const calculator = (FEE_CALCULATORS as readonly string[]).includes(f.calculator ?? '')
    ? (f.calculator as (typeof FEE_CALCULATORS)[number])
    : 'flat_per_item';
  // Percentages are typed as « 10 » or « 2,5 » and kept in basis points; amounts in cents.
  const amount = euros(f.amount, 'amount');
  return parseOrThrow(feeSchema, { name: f.name, feeType: f.feeType, calculator, amount, vatRateBp: rate(f.vatRateBp) });
}

/** Tags are typed comma-separated. */
export async function readCustomerForm(c: Context) {
  const f = await formStrings(c);
  return parseOrThrow(customerSchema, { email: f.email, name: f.name ?? '', tags: (f.tags ?? '').split(',') });
}

/** The reserved price is optional: empty means the usual price. */
export async function readRuleForm(c: Context) {
  const f = await formStrings(c);
  return parseOrThrow(ruleSchema, {
    tag: f.tag,
    variantId: Number(f.variantId),
    priceCents: f.price?.trim() ? euros(f.price, 'priceCents') : null,
  });
}

/** The method is chosen as « shipping:12 » or « payment:3 » in one menu. */
export async function readMethodRuleForm(c: Context) {
  const f = await formStrings(c);
  const [kind, id] = (f.method ?? '').split(':');
  return parseOrThrow(methodRuleSchema, { tag: f.tag, kind, methodId: Number(id), visibility: f.visibility });
}
