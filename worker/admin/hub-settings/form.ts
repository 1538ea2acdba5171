// The hub settings and customers forms: one valibot schema each for the pages and the JSON API, and
// the posted forms read into them (amounts typed in euros, « 4,90 », kept in cents or basis points).
// A page reads a form as typed, to show it again beside its messages, in the manager's language.
import type { Context } from 'hono';
import * as v from 'valibot';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { FEE_CALCULATORS, FEE_TYPES } from '../../../domain/fees.ts';
import { MAX_CHARGE_CENTS, MAX_PERCENT_BP, MAX_PRICE_CENTS } from '../../../domain/limits.ts';
import { formatMoney } from '../../../domain/money.ts';
import { PAYMENT_KINDS, SHIPPING_KINDS } from '../../../domain/orders.ts';
import { parseZone } from '../../../domain/delivery-zones.ts';
import type { VAT_RATES_BP } from '../../../domain/vat.ts';
import { chargeCentsSchema, idSchema, priceCentsSchema } from '../../schemas.ts';
import { emailSchema, formStrings, parseEuros, parseTyped, say, type TypedForm } from '../shared/forms.ts';
import { translator, type Locale } from '../shared/paths.ts';
import { METHOD_RULE_KINDS, METHOD_RULE_VISIBILITIES } from '../../../domain/tag-rules.ts';

const tooLong = (max: number) => say(`${max} caractères au maximum.`, `${max} characters at most.`);
const str = (max: number, required?: readonly [fr: string, en: string]) =>
  required
    ? v.pipe(v.string(say(...required)), v.trim(), v.nonEmpty(say(...required)), v.maxLength(max, tooLong(max)))
    : v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, tooLong(max))), '');
const NAME_NEEDED = ['Donnez un nom.', 'Give a name.'] as const;
const TAG_NEEDED = ['Indiquez une étiquette.', 'Give a tag.'] as const;
export const termsSchema = v.strictObject({ termsText: v.nullable(str(10_000)), minOrderCents: chargeCentsSchema });
/** The French rates a delivery or a per-order fee is charged at (domain/vat.ts), the form's choices. */
export const CHARGE_VAT_RATES_BP = [2000, 1000, 550, 210] as const satisfies readonly (typeof VAT_RATES_BP)[number][];
const chargeVatSchema = v.optional(
  v.picklist(
    CHARGE_VAT_RATES_BP,
    say('Choisissez un taux de TVA français : 20 %, 10 %, 5,5 % ou 2,1 %.', 'Choose a French VAT rate: 20%, 10%, 5.5% or 2.1%.'),
  ),
  2000,
);
/** A zone is a list the domain reads; an entry it cannot read is refused rather than silently serving nobody. */
const zoneSchema = v.optional(
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(2000, tooLong(2000)),
    v.check(
      (z) => parseZone(z).unreadable.length === 0,
      (issue) => {
        const unreadable = parseZone(String(issue.input)).unreadable.slice(0, 5).join(', ');
        return say(
          `Entrée illisible : ${unreadable}. Écrivez des codes postaux (35000), des débuts de code (35*) ou des communes, séparés par des virgules.`,
          `Unreadable entry: ${unreadable}. Write postcodes (35000), starts of postcodes (35*) or towns, separated by commas.`,
        )(issue);
      },
    ),
  ),
  '',
);
export const shippingSchema = v.strictObject({
  name: str(120, NAME_NEEDED),
  kind: v.picklist(SHIPPING_KINDS, say('Choisissez retrait ou livraison.', 'Choose pickup or delivery.')),
  description: str(500),
  feeCents: chargeCentsSchema,
  vatRateBp: chargeVatSchema,
  zone: zoneSchema,
  minOrderCents: v.optional(chargeCentsSchema, 0),
  freeFromCents: v.optional(v.nullable(chargeCentsSchema), null),
});
export type ShippingMethodInput = v.InferOutput<typeof shippingSchema>;
export const paymentSchema = v.strictObject({
  name: str(120, NAME_NEEDED),
  kind: v.picklist(PAYMENT_KINDS, say('Choisissez carte ou hors ligne.', 'Choose card or offline.')),
  description: str(500),
});
// A percentage is in basis points (at most 100 %), any other amount in cents.
export const feeSchema = v.pipe(
  v.strictObject({
    name: str(120, NAME_NEEDED),
    feeType: v.picklist(FEE_TYPES, say('Choisissez une nature dans la liste.', 'Choose a type from the list.')),
    calculator: v.picklist(FEE_CALCULATORS, say('Choisissez un calcul dans la liste.', 'Choose a calculator from the list.')),
    amount: chargeCentsSchema,
    vatRateBp: chargeVatSchema,
  }),
  v.forward(
    v.check(
      (f) => !f.calculator.startsWith('percent') || f.amount <= MAX_PERCENT_BP,
      say('Un pourcentage ne peut pas dépasser 100 %.', 'A percentage cannot be above 100%.'),
    ),
    ['amount'],
  ),
);
export const customerSchema = v.strictObject({
  email: emailSchema,
  name: str(120),
  tags: v.optional(
    v.pipe(
      v.array(
        v.pipe(v.string(), v.trim(), v.maxLength(40, say('Une étiquette a 40 caractères au maximum.', 'A tag has 40 characters at most.'))),
      ),
      v.maxLength(50, say('50 étiquettes au maximum.', '50 tags at most.')),
    ),
    [],
  ),
});
export const ruleSchema = v.strictObject({
  tag: str(40, TAG_NEEDED),
  variantId: idSchema,
  priceCents: v.optional(v.nullable(priceCentsSchema), null),
});

export const methodRuleSchema = v.strictObject({
  tag: str(40, TAG_NEEDED),
  kind: v.picklist(
    METHOD_RULE_KINDS,
    say('Choisissez un mode de retrait ou un moyen de paiement.', 'Choose a collection method or a payment method.'),
  ),
  methodId: idSchema,
  visibility: v.picklist(
    METHOD_RULE_VISIBILITIES,
    say('Choisissez « réservé à » ou « caché pour ».', 'Choose “reserved to” or “hidden from”.'),
  ),
});

/**
 * A form's money field « 4,90 » as cents; what cannot be read, or is past the schema's bound
 * (domain/limits.ts, whose own message is French only), is a field message in the page's language.
 */
function euros(text: string, field: string, refused: FieldError[], l: Locale, max = MAX_CHARGE_CENTS): number {
  const tr = translator(l);
  const c = parseEuros(text);
  if (c === null) {
    refused.push({
      field,
      message: tr(`Montant illisible « ${text} » : écrivez par exemple 4,90.`, `Unreadable amount "${text}": write e.g. 4.90.`),
    });
    return 0;
  }
  if (c > max) {
    refused.push({
      field,
      message: tr(`Montant trop élevé (${formatMoney(max, l)} au maximum).`, `Amount too high (${formatMoney(max, l)} at most).`),
    });
    return 0;
  }
  return c;
}

/** A VAT rate typed as the select sends it (basis points); anything else is left for the schema to refuse. */
const rate = (text: string | undefined) => (text === undefined || text === '' ? undefined : Number(text));

/** The terms and minimum order form. */
export function termsFormOf(f: Record<string, string>, l: Locale) {
  const refused: FieldError[] = [];
  const minOrderCents = euros(f.minOrder ?? '0', 'minOrderCents', refused, l);
  return parseTyped(termsSchema, { termsText: f.termsText ?? null, minOrderCents }, l, f, refused);
}

/** A collection or delivery method's form (adding one or changing one). */
export function shippingFormOf(f: Record<string, string>, l: Locale): TypedForm<ShippingMethodInput> {
  const refused: FieldError[] = [];
  return parseTyped(
    shippingSchema,
    {
      name: f.name,
      kind: f.kind,
      description: f.description ?? '',
      feeCents: euros(f.fee ?? '0', 'feeCents', refused, l),
      vatRateBp: rate(f.vatRateBp),
      zone: f.zone ?? '',
      minOrderCents: euros(f.minOrder || '0', 'minOrderCents', refused, l),
      // Empty: never free.
      freeFromCents: f.freeFrom?.trim() ? euros(f.freeFrom, 'freeFromCents', refused, l) : null,
    },
    l,
    f,
    refused,
  );
}

export function paymentFormOf(f: Record<string, string>, l: Locale) {
  return parseTyped(paymentSchema, { name: f.name, kind: f.kind, description: f.description ?? '' }, l, f);
}

/** A fee's form; percentages are typed as « 10 » or « 2,5 » and kept in basis points, amounts in cents. */
export function feeFormOf(f: Record<string, string>, l: Locale) {
  const refused: FieldError[] = [];
  const calculator = (FEE_CALCULATORS as readonly string[]).includes(f.calculator ?? '')
    ? (f.calculator as (typeof FEE_CALCULATORS)[number])
    : 'flat_per_item';
  const amount = euros(f.amount ?? '0', 'amount', refused, l);
  return parseTyped(feeSchema, { name: f.name, feeType: f.feeType, calculator, amount, vatRateBp: rate(f.vatRateBp) }, l, f, refused);
}

/** Tags are typed comma-separated. */
export function customerFormOf(f: Record<string, string>, l: Locale) {
  return parseTyped(customerSchema, { email: f.email, name: f.name ?? '', tags: (f.tags ?? '').split(',') }, l, f);
}

/** A choice the page offers as a number (a variant, a method): anything else did not come from its list. */
function chosenId(text: string | undefined, field: string, refused: FieldError[], l: Locale): number {
  if (text && /^[1-9]\d{0,15}$/.test(text)) return Number(text);
  refused.push({ field, message: translator(l)('Choisissez dans la liste.', 'Choose from the list.') });
  return 0;
}

/** The reserved price is optional: empty means the usual price. */
export function ruleFormOf(f: Record<string, string>, l: Locale) {
  const refused: FieldError[] = [];
  return parseTyped(
    ruleSchema,
    {
      tag: f.tag,
      variantId: chosenId(f.variantId, 'variantId', refused, l),
      priceCents: f.price?.trim() ? euros(f.price, 'priceCents', refused, l, MAX_PRICE_CENTS) : null,
    },
    l,
    f,
    refused,
  );
}

/** The method is chosen as « shipping:12 » or « payment:3 » in one menu. */
export function methodRuleFormOf(f: Record<string, string>, l: Locale) {
  const refused: FieldError[] = [];
  const [kind, id] = (f.method ?? '').split(':');
  const methodId = chosenId(id, 'method', refused, l);
  // The menu is one field: a refused kind is shown beside it too.
  const form = parseTyped(methodRuleSchema, { tag: f.tag, kind, methodId, visibility: f.visibility }, l, f, refused);
  const errors: FieldError[] = [];
  for (const e of form.errors) {
    const field = e.field === 'kind' || e.field === 'methodId' ? 'method' : e.field;
    if (!errors.some((x) => x.field === field)) errors.push({ ...e, field });
  }
  return { ...form, errors };
}
