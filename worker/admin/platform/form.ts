// The platform's two forms (a new enterprise, a producer → hub relationship): one valibot schema each
// for the page and the JSON API, and the posted forms read into them.
import type { Context } from 'hono';
import * as v from 'valibot';
import { slugSchema } from '../../schemas.ts';
import { emailSchema, formStrings, parseOrThrow } from '../shared/forms.ts';

export const enterpriseSchema = v.pipe(
  v.strictObject({
    /** Left empty, it is made from the name (« Épicerie du Lac » → epicerie-du-lac, then -2, -3…). */
    slug: v.optional(v.union([v.literal(''), slugSchema]), ''),
    name: v.pipe(v.string(), v.trim(), v.nonEmpty('Donnez un nom.'), v.maxLength(120)),
    isProducer: v.boolean(),
    isHub: v.boolean(),
    managerEmail: emailSchema,
  }),
  // An enterprise with neither role would have no page in the back office and none on the site.
  v.forward(
    v.check((e) => e.isProducer || e.isHub, 'Cochez producteur, boutique, ou les deux.'),
    ['isProducer'],
  ),
);
export const relationshipSchema = v.strictObject({
  producer: slugSchema,
  hub: slugSchema,
  // Omitted: the right keeps its state (a new relationship: cycles yes, price and stock no).
  canAddToCycles: v.optional(v.boolean()),
  canOverridePrice: v.optional(v.boolean()),
  canOverrideStock: v.optional(v.boolean()),
});

/** The new-enterprise form as typed, to parse, or to show again beside its messages when refused. */
export const readEnterpriseForm = (c: Context): Promise<Record<string, string>> => formStrings(c);

export function parseEnterpriseForm(f: Record<string, string>) {
  return parseOrThrow(enterpriseSchema, {
    slug: f.slug?.trim() ?? '',
    name: f.name,
    isProducer: f.isProducer === 'on',
    isHub: f.isHub === 'on',
    managerEmail: f.managerEmail,
  });
}

/** The relationship, and whether the administrator sets it or removes it. */
export async function readRelationshipForm(c: Context) {
  const f = await formStrings(c);
  // Checkboxes: an unticked one is not sent, so each right is read from the box, never left to a default.
  const relationship = parseOrThrow(relationshipSchema, {
    producer: f.producer,
    hub: f.hub,
    canAddToCycles: f.canAddToCycles === 'on',
    canOverridePrice: f.canOverridePrice === 'on',
    canOverrideStock: f.canOverrideStock === 'on',
  });
  return { relationship, present: f.action !== 'remove' };
}
