// A hub's settings: collection/delivery and payment methods, terms and minimum order, its fees,
// customers and tags, and tag rules that reserve variants (or a price) to tagged customers.
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf, type Statement } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { variantSellableBy } from '../../../db/enterprises/hub-settings.ts';
import {
  addFeeStatement,
  addPaymentMethodStatement,
  addShippingMethodStatement,
  archiveMethodStatement,
  hubHasMethod,
  hubHasTagRule,
  hubStripeAccount,
  removeTagRuleStatement,
  saveCustomerStatements,
  saveTagRuleStatement,
  setTermsStatement,
  type MethodTable,
} from '../../../db/enterprises/hub-settings-statements.ts';
import { updateShippingMethodStatement, type ShippingMethodFields } from '../../../db/enterprises/method-edits.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { FeeCalculator, FeeType } from '../../../domain/fees.ts';
import type { PaymentKind } from '../../../domain/orders.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { refusingConstraints } from '../shared/constraints.ts';

interface Change {
  db: Db;
  actor: Actor;
  hub: { id: number };
  now: number;
}

/** Every change here shows on the shop and checkout pages: mark them, and record who did it. */
async function write(
  { db, actor, hub, now }: Change,
  action: string,
  subject: string,
  statements: Statement | Statement[],
  details: Record<string, unknown>,
) {
  const who = auditActor(actor);
  return refusingConstraints(
    () =>
      db.batch(
        batchOf(
          statements,
          markStaleStatements(db, { kind: 'hub', enterpriseId: hub.id }, action),
          auditStatement(db, { userId: who.userId, enterpriseId: hub.id, action, subject, details: { ...details, ...who.via }, at: now }),
        ),
      ),
    [{ field: 'form', message: 'Une valeur choisie n’existe plus ou ne convient pas : rechargez la page et recommencez.' }],
  );
}

export async function setTerms({ termsText, minOrderCents, ...change }: Change & { termsText: string | null; minOrderCents: number }) {
  const { db, hub, now } = change;
  await write(change, 'hub.terms', `enterprise:${hub.id}`, setTermsStatement(db, hub.id, termsText?.trim() || null, minOrderCents, now), {
    minOrderCents,
  });
}

export async function addShippingMethod({ m, ...change }: Change & { m: ShippingMethodFields }) {
  await write(change, 'shipping-method.create', `enterprise:${change.hub.id}`, addShippingMethodStatement(change.db, change.hub.id, m), {
    name: m.name,
  });
}

/** Changes one of the hub's methods; the cycles offering it and the checkout follow at once. */
export async function updateShippingMethod({ id, m, ...change }: Change & { id: number; m: ShippingMethodFields }) {
  const { db, hub } = change;
  if (!(await hubHasMethod(db, 'shipping', hub.id, id))) throw new DomainError('NOT_FOUND', 'No such method in this shop.');
  await write(change, 'shipping-method.update', `shipping-method:${id}`, updateShippingMethodStatement(db, hub.id, id, m), {
    name: m.name,
    feeCents: m.feeCents,
    vatRateBp: m.vatRateBp,
  });
}

export async function addPaymentMethod({ m, ...change }: Change & { m: { name: string; kind: PaymentKind; description: string } }) {
  const { db, hub } = change;
  if (m.kind === 'card' && !(await hubStripeAccount(db, hub.id))) {
    throw new DomainError('VALIDATION', 'Card payment needs the shop’s connected Stripe account.', {
      fields: [
        { field: 'kind', message: 'Le paiement par carte demande un compte Stripe connecté pour la boutique (voir la plateforme).' },
      ],
    });
  }
  await write(change, 'payment-method.create', `enterprise:${hub.id}`, addPaymentMethodStatement(db, hub.id, m), { name: m.name });
}

export async function archiveMethod({ table, id, ...change }: Change & { table: MethodTable; id: number }) {
  const { db, hub, now } = change;
  if (!(await hubHasMethod(db, table, hub.id, id))) throw new DomainError('NOT_FOUND', 'No such method in this shop.');
  await write(change, `${table}-method.archive`, `${table}-method:${id}`, archiveMethodStatement(db, table, id, now), {});
}

export async function addFee({
  f,
  ...change
}: Change & { f: { name: string; feeType: FeeType; calculator: FeeCalculator; amount: number; vatRateBp: number } }) {
  await write(change, 'fee.create', `enterprise:${change.hub.id}`, addFeeStatement(change.db, change.hub.id, f), { name: f.name });
}

export async function saveCustomer({ c, ...change }: Change & { c: { email: string; name: string; tags: string[] } }) {
  const tags = [...new Set(c.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  await write(
    change,
    'customer.save',
    `customer:${c.email}`,
    saveCustomerStatements(change.db, change.hub.id, { ...c, tags }, change.now),
    { tags },
  );
}

export async function addTagRule({ r, ...change }: Change & { r: { tag: string; variantId: number; priceCents: number | null } }) {
  const { db, hub } = change;
  if (!(await variantSellableBy(db, hub.id, r.variantId)))
    throw new DomainError('VALIDATION', 'This variant is not from a producer of this shop.', {
      fields: [{ field: 'variantId', message: 'Cette variante ne vient pas d’un producteur de votre boutique.' }],
    });
  const tag = r.tag.trim().toLowerCase();
  await write(change, 'tag-rule.save', `variant:${r.variantId}`, saveTagRuleStatement(db, hub.id, { ...r, tag }), {
    tag,
    priceCents: r.priceCents,
  });
}

export async function removeTagRule({ id, ...change }: Change & { id: number }) {
  const { db, hub } = change;
  if (!(await hubHasTagRule(db, hub.id, id))) throw new DomainError('NOT_FOUND', 'No such rule in this shop.');
  await write(change, 'tag-rule.remove', `tag-rule:${id}`, removeTagRuleStatement(db, id), {});
}
