// A hub's settings: collection/delivery and payment methods, terms and minimum order, its fees,
// customers and tags, and tag rules that reserve variants (or a price) to tagged customers.
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf, type Statement } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { variantSellableBy } from '../../../db/enterprises/hub-settings.ts';
import {
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
import {
  updatePaymentMethodStatement,
  updateShippingMethodStatement,
  type PaymentMethodFields,
  type ShippingMethodFields,
} from '../../../db/enterprises/method-edits.ts';
import type { FeeFields } from '../../../db/enterprises/fee-statements.ts';
import { addFee as addEnterpriseFee, archiveFee as archiveEnterpriseFee, updateFee as updateEnterpriseFee } from '../fees/use-cases.ts';
import {
  disconnectStatement,
  hubStripeState,
  linkAccountStatement,
  recordAccountStateStatement,
} from '../../../db/enterprises/stripe-connect.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import {
  hubHasMethodRule,
  removeMethodRuleStatement,
  saveMethodRuleStatements,
  type MethodRule,
} from '../../../db/enterprises/tag-method-rules.ts';
import { DomainError } from '../../../domain/errors.ts';
import type { PaymentKind } from '../../../domain/orders.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { isStripeRefusal, type StripeAccount, type StripeConnect } from '../../stripe.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { refusingConstraints } from '../shared/constraints.ts';
import { translator, type Locale } from '../shared/paths.ts';
import { shopperChangesStatement } from './shopper-changes.tsx';

interface Change {
  db: Db;
  actor: Actor;
  hub: { id: number };
  now: number;
  /** The manager's language for the field messages of a refusal (the pages'); French when absent (the JSON API). */
  l?: Locale | undefined;
}

const trOf = (change: Change) => translator(change.l ?? 'fr');

/** Every change here shows on the shop and checkout pages: mark them, and record who did it. */
async function write(
  { db, actor, hub, now, l }: Change,
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
    [
      {
        field: 'form',
        message: translator(l ?? 'fr')(
          'Une valeur choisie n’existe plus ou ne convient pas : rechargez la page et recommencez.',
          'A value chosen no longer exists or does not fit: reload the page and try again.',
        ),
      },
    ],
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

async function needCardAccount(change: Change) {
  if (!(await hubStripeAccount(change.db, change.hub.id))) {
    throw new DomainError('VALIDATION', 'Card payment needs the shop’s connected Stripe account.', {
      fields: [
        {
          field: 'kind',
          message: trOf(change)(
            'Le paiement par carte demande un compte Stripe connecté : cliquez d’abord sur « Connecter Stripe » plus haut.',
            'Card payment needs a connected Stripe account: first click “Connect Stripe” above.',
          ),
        },
      ],
    });
  }
}

export async function addPaymentMethod({ m, ...change }: Change & { m: { name: string; kind: PaymentKind; description: string } }) {
  const { db, hub } = change;
  if (m.kind === 'card') await needCardAccount(change);
  await write(change, 'payment-method.create', `enterprise:${hub.id}`, addPaymentMethodStatement(db, hub.id, m), { name: m.name });
}

/** Changes one of the hub's payment methods; card still needs the hub's connected account. */
export async function updatePaymentMethod({ id, m, ...change }: Change & { id: number; m: PaymentMethodFields }) {
  const { db, hub } = change;
  if (!(await hubHasMethod(db, 'payment', hub.id, id))) throw new DomainError('NOT_FOUND', 'No such method in this shop.');
  if (m.kind === 'card') await needCardAccount(change);
  await write(change, 'payment-method.update', `payment-method:${id}`, updatePaymentMethodStatement(db, hub.id, id, m), {
    name: m.name,
    kind: m.kind,
  });
}

export async function archiveMethod({ table, id, ...change }: Change & { table: MethodTable; id: number }) {
  const { db, hub, now } = change;
  if (!(await hubHasMethod(db, table, hub.id, id))) throw new DomainError('NOT_FOUND', 'No such method in this shop.');
  await write(change, `${table}-method.archive`, `${table}-method:${id}`, archiveMethodStatement(db, table, id, now), {});
}

/** The hub's fee, charged in its own shop; a new one joins its cycles that have not closed (fees/use-cases.ts). */
export const addFee = ({ f, hub, ...change }: Change & { f: FeeFields }) =>
  addEnterpriseFee({ ...change, enterprise: hub, side: 'hub', f });
export const updateFee = ({ id, f, hub, ...change }: Change & { id: number; f: FeeFields }) =>
  updateEnterpriseFee({ ...change, enterprise: hub, side: 'hub', id, f });
export const archiveFee = ({ id, hub, ...change }: Change & { id: number }) =>
  archiveEnterpriseFee({ ...change, enterprise: hub, side: 'hub', id });

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
      fields: [
        {
          field: 'variantId',
          message: trOf(change)(
            'Cette variante ne vient pas d’un producteur de votre boutique.',
            'This variant is not from a producer of your shop.',
          ),
        },
      ],
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

/** Reserves a collection/delivery or payment method to customers with a tag, or hides it from them. */
export async function addMethodRule({ r, ...change }: Change & { r: MethodRule }) {
  const { db, hub } = change;
  if (!(await hubHasMethod(db, r.kind, hub.id, r.methodId)))
    throw new DomainError('VALIDATION', 'This method is not one of this shop’s.', {
      fields: [
        {
          field: 'method',
          message: trOf(change)('Ce mode n’est pas l’un de ceux de votre boutique.', 'This method is not one of your shop’s.'),
        },
      ],
    });
  const tag = r.tag.trim().toLowerCase();
  await write(change, 'tag-method-rule.save', `${r.kind}-method:${r.methodId}`, saveMethodRuleStatements(db, hub.id, { ...r, tag }), {
    tag,
    visibility: r.visibility,
  });
}

export async function removeMethodRule({ id, ...change }: Change & { id: number }) {
  const { db, hub } = change;
  if (!(await hubHasMethodRule(db, hub.id, id))) throw new DomainError('NOT_FOUND', 'No such rule in this shop.');
  await write(change, 'tag-method-rule.remove', `tag-method-rule:${id}`, removeMethodRuleStatement(db, hub.id, id), {});
}

/** « Les clients peuvent modifier ou annuler leur commande » (shopper-changes.tsx): audited, and the shop's pages marked, as every setting. */
export async function setShopperChanges({ allowed, ...change }: Change & { allowed: boolean }) {
  const { db, hub, now } = change;
  await write(change, 'hub.shopper-changes', `enterprise:${hub.id}`, shopperChangesStatement(db, hub.id, allowed, now), { allowed });
}

/** Stripe dates its events to the second: what we read from its API is dated the same way, so an event of that second still counts. */
const second = (ms: number) => Math.floor(ms / 1000) * 1000;

const stateOf = (a: StripeAccount) => ({
  chargesEnabled: a.charges_enabled === true,
  payoutsEnabled: a.payouts_enabled === true,
  detailsSubmitted: a.details_submitted === true,
});

/** Stripe down or refusing: the manager is told to try again, never shown a 500. */
async function askStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const refused = isStripeRefusal(err);
    throw new DomainError(
      'SERVICE_UNAVAILABLE',
      refused ? `Stripe refused: ${err instanceof Error ? err.message : String(err)}` : 'Stripe cannot be reached now.',
      {
        fields: [
          {
            field: 'stripe',
            message: refused
              ? `Stripe a refusé la demande : ${err instanceof Error ? err.message : String(err)}`
              : 'Stripe ne répond pas pour le moment : réessayez dans quelques minutes.',
          },
        ],
      },
    );
  }
}

/** No Stripe key on this server: as for a card payment, a refusal the page shows (4xx), not an outage. */
function needStripe(connect: StripeConnect | null): StripeConnect {
  if (!connect)
    throw new DomainError('METHOD_UNAVAILABLE', 'Stripe is not configured on this server.', {
      fields: [{ field: 'stripe', message: 'Stripe n’est pas configuré sur ce serveur : demandez à l’administrateur de la plateforme.' }],
    });
  return connect;
}

/**
 * « Connecter Stripe »: the hub's connected account, created once (the key makes a double click or a
 * retry reuse it) or reused after a disconnect, linked with what Stripe says of it now; then the
 * onboarding link for it. Stripe is asked before the database is written, so a failure links nothing.
 */
export async function connectStripe({
  connect,
  returnUrl,
  refreshUrl,
  ...change
}: Change & { connect: StripeConnect | null; returnUrl: string; refreshUrl: string }): Promise<string> {
  const stripe = needStripe(connect);
  const { db, hub, now } = change;
  const current = await hubStripeState(db, hub.id);
  if (!current) throw new DomainError('NOT_FOUND', 'No such shop.');
  const account = await askStripe(() =>
    current.accountId
      ? stripe.retrieveAccount(current.accountId)
      : stripe.createAccount({
          email: current.email,
          country: current.country || 'FR',
          hubSlug: current.slug,
          idempotencyKey: `comptoir-hub-${hub.id}-account`,
        }),
  );
  await write(
    change,
    'stripe.connect',
    `enterprise:${hub.id}`,
    [linkAccountStatement(db, hub.id, account.id, now), recordAccountStateStatement(db, account.id, stateOf(account), second(now))],
    { account: account.id, reused: current.accountId !== null },
  );
  return (await askStripe(() => stripe.onboardingLink(current.accountId ?? account.id, returnUrl, refreshUrl))).url;
}

/** Back from Stripe's onboarding: what Stripe says of the account now is recorded (the webhook may come later). */
export async function syncStripeAccount({ connect, ...change }: Change & { connect: StripeConnect | null }) {
  if (!connect) return;
  const stripe = connect;
  const { db, hub, now } = change;
  const current = await hubStripeState(db, hub.id);
  if (!current?.accountId || current.disconnectedAt !== null) return;
  const accountId = current.accountId;
  const account = await askStripe(() => stripe.retrieveAccount(accountId));
  await write(change, 'stripe.sync', `enterprise:${hub.id}`, recordAccountStateStatement(db, account.id, stateOf(account), second(now)), {
    account: account.id,
    ...stateOf(account),
  });
}

/** The onboarding link expired or was used: a new one for the same account. */
export async function newOnboardingLink({
  connect,
  db,
  hub,
  returnUrl,
  refreshUrl,
}: Pick<Change, 'db' | 'hub'> & { connect: StripeConnect | null; returnUrl: string; refreshUrl: string }): Promise<string | null> {
  if (!connect) return null;
  const stripe = connect;
  const current = await hubStripeState(db, hub.id);
  if (!current?.accountId || current.disconnectedAt !== null) return null;
  const accountId = current.accountId;
  return (await askStripe(() => stripe.onboardingLink(accountId, returnUrl, refreshUrl))).url;
}

/** « Déconnecter »: no more card payments for the shop; past orders keep their payments and refunds. */
export async function disconnectStripe(change: Change) {
  const { db, hub, now } = change;
  const current = await hubStripeState(db, hub.id);
  if (!current?.accountId || current.disconnectedAt !== null) return;
  await write(change, 'stripe.disconnect', `enterprise:${hub.id}`, disconnectStatement(db, hub.id, now), { account: current.accountId });
}
