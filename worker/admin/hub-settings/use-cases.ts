// A hub's settings: collection/delivery and payment methods, terms and minimum order, its fees,
// customers and tags, and tag rules that reserve variants (or a price) to tagged customers.
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { auditStatement } from '../../../db/catalog/products.ts';
import { variantSellableBy } from '../../../db/enterprises/hub-settings.ts';
import type { Db } from '../../../db/core/client.ts';
import { customers, customerTags, enterpriseFees, enterprises, paymentMethods, shippingMethods, tagVariantRules } from '../../../db/schema/index.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { FeeCalculator, FeeType } from '../../../domain/fees.ts';
import type { PaymentKind, ShippingKind } from '../../../domain/orders.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor, type ProducerRef } from '../catalog/use-cases.ts';
import { refusingConstraints } from '../shared/constraints.ts';

type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
const asBatch = (items: BatchItem<'sqlite'>[]) => items as Batch;

/** Every change here shows on the shop and checkout pages: mark them, and record who did it. */
async function write(db: Db, actor: Actor, hub: ProducerRef, action: string, subject: string, statements: BatchItem<'sqlite'>[], details: Record<string, unknown>, now: number) {
  const who = auditActor(actor);
  return refusingConstraints(
    () => db.batch(asBatch([...statements, ...markStaleStatements(db, { kind: 'hub', enterpriseId: hub.id }, action), auditStatement(db, { userId: who.userId, enterpriseId: hub.id, action, subject, details: { ...details, ...who.via }, at: now })])),
    [{ field: 'form', message: 'Une valeur choisie n’existe plus ou ne convient pas : rechargez la page et recommencez.' }],
  );
}

export async function setTerms({ db, actor, hub, termsText, minOrderCents, now }: { db: Db; actor: Actor; hub: ProducerRef; termsText: string | null; minOrderCents: number; now: number }) {
  await write(db, actor, hub, 'hub.terms', `enterprise:${hub.id}`, [db.update(enterprises).set({ termsText: termsText?.trim() || null, minOrderCents, updatedAt: now }).where(eq(enterprises.id, hub.id))], { minOrderCents }, now);
}

export async function addShippingMethod({ db, actor, hub, m, now }: { db: Db; actor: Actor; hub: ProducerRef; m: { name: string; kind: ShippingKind; description: string; feeCents: number; vatRateBp: number }; now: number }) {
  await write(db, actor, hub, 'shipping-method.create', `enterprise:${hub.id}`, [db.insert(shippingMethods).values({ hubId: hub.id, ...m, position: sql`(SELECT coalesce(max(position), 0) + 1 FROM shipping_methods WHERE hub_id = ${hub.id})` })], { name: m.name }, now);
}

export async function addPaymentMethod({ db, actor, hub, m, now }: { db: Db; actor: Actor; hub: ProducerRef; m: { name: string; kind: PaymentKind; description: string }; now: number }) {
  if (m.kind === 'card') {
    const [row] = await db.select({ account: enterprises.stripeAccountId }).from(enterprises).where(eq(enterprises.id, hub.id));
    if (!row?.account) throw new DomainError('VALIDATION', 'Card payment needs the shop’s connected Stripe account.', { fields: [{ field: 'kind', message: 'Le paiement par carte demande un compte Stripe connecté pour la boutique (voir la plateforme).' }] });
  }
  await write(db, actor, hub, 'payment-method.create', `enterprise:${hub.id}`, [db.insert(paymentMethods).values({ hubId: hub.id, ...m, position: sql`(SELECT coalesce(max(position), 0) + 1 FROM payment_methods WHERE hub_id = ${hub.id})` })], { name: m.name }, now);
}

export async function archiveMethod({ db, actor, hub, table, id, now }: { db: Db; actor: Actor; hub: ProducerRef; table: 'shipping' | 'payment'; id: number; now: number }) {
  const t = table === 'shipping' ? shippingMethods : paymentMethods;
  const found = await db.select({ id: t.id }).from(t).where(and(eq(t.id, id), eq(t.hubId, hub.id)));
  if (!found.length) throw new DomainError('NOT_FOUND', 'No such method in this shop.');
  await write(db, actor, hub, `${table}-method.archive`, `${table}-method:${id}`, [db.update(t).set({ archivedAt: now }).where(eq(t.id, id))], {}, now);
}

export async function addFee({ db, actor, hub, f, now }: { db: Db; actor: Actor; hub: ProducerRef; f: { name: string; feeType: FeeType; calculator: FeeCalculator; amount: number; vatRateBp: number }; now: number }) {
  await write(db, actor, hub, 'fee.create', `enterprise:${hub.id}`, [db.insert(enterpriseFees).values({ enterpriseId: hub.id, ...f })], { name: f.name }, now);
}

export async function saveCustomer({ db, actor, hub, c, now }: { db: Db; actor: Actor; hub: ProducerRef; c: { email: string; name: string; tags: string[] }; now: number }) {
  const customerId = sql`(SELECT id FROM customers WHERE hub_id = ${hub.id} AND email = ${c.email})`;
  const tags = [...new Set(c.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  await write(
    db,
    actor,
    hub,
    'customer.save',
    `customer:${c.email}`,
    [
      db.insert(customers).values({ hubId: hub.id, email: c.email, name: c.name, createdAt: now }).onConflictDoUpdate({ target: [customers.hubId, customers.email], set: { name: c.name } }),
      db.delete(customerTags).where(eq(customerTags.customerId, customerId)),
      ...(tags.length ? [db.insert(customerTags).values(tags.map((tag) => ({ customerId, tag })))] : []),
    ],
    { tags },
    now,
  );
}

export async function addTagRule({ db, actor, hub, r, now }: { db: Db; actor: Actor; hub: ProducerRef; r: { tag: string; variantId: number; priceCents: number | null }; now: number }) {
  if (!(await variantSellableBy(db, hub.id, r.variantId))) throw new DomainError('VALIDATION', 'This variant is not from a producer of this shop.', { fields: [{ field: 'variantId', message: 'Cette variante ne vient pas d’un producteur de votre boutique.' }] });
  const tag = r.tag.trim().toLowerCase();
  await write(
    db,
    actor,
    hub,
    'tag-rule.save',
    `variant:${r.variantId}`,
    [db.insert(tagVariantRules).values({ hubId: hub.id, tag, variantId: r.variantId, priceCents: r.priceCents }).onConflictDoUpdate({ target: [tagVariantRules.hubId, tagVariantRules.tag, tagVariantRules.variantId], set: { priceCents: r.priceCents } })],
    { tag, priceCents: r.priceCents },
    now,
  );
}

export async function removeTagRule({ db, actor, hub, id, now }: { db: Db; actor: Actor; hub: ProducerRef; id: number; now: number }) {
  const found = await db.select({ id: tagVariantRules.id }).from(tagVariantRules).where(and(eq(tagVariantRules.id, id), eq(tagVariantRules.hubId, hub.id)));
  if (!found.length) throw new DomainError('NOT_FOUND', 'No such rule in this shop.');
  await write(db, actor, hub, 'tag-rule.remove', `tag-rule:${id}`, [db.delete(tagVariantRules).where(eq(tagVariantRules.id, id))], {}, now);
}
