// A hub's Stripe Connect link as the database keeps it: which account, what Stripe last said of it
// (charges, payouts, details submitted, when), and whether the hub disconnected it. The account id
// stays after a disconnect: past orders' refunds and late payment events still need it.
import { and, eq, isNull, or, lte, sql } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { enterprises } from '../schema/index.ts';

export interface AccountState {
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
}

/** The hub's link and what Stripe last said of it, with what a new account is opened with. */
export async function hubStripeState(db: Db, hubId: number) {
  const [row] = await db
    .select({
      slug: enterprises.slug,
      email: enterprises.email,
      country: enterprises.country,
      accountId: enterprises.stripeAccountId,
      chargesEnabled: enterprises.stripeChargesEnabled,
      payoutsEnabled: enterprises.stripePayoutsEnabled,
      detailsSubmitted: enterprises.stripeDetailsSubmitted,
      syncedAt: enterprises.stripeSyncedAt,
      disconnectedAt: enterprises.stripeDisconnectedAt,
    })
    .from(enterprises)
    .where(eq(enterprises.id, hubId));
  return row ?? null;
}

export type HubStripeState = NonNullable<Awaited<ReturnType<typeof hubStripeState>>>;

/** The hub whose account this is, if any. */
export async function hubOfAccount(db: Db, accountId: string): Promise<number | null> {
  const [row] = await db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.stripeAccountId, accountId));
  return row?.id ?? null;
}

/**
 * Links the account to the hub (connected again if it had been disconnected). A hub keeps the first
 * account it was given: a second click that raced the first cannot swap it for another.
 */
export function linkAccountStatement(db: Db, hubId: number, accountId: string, now: number): Statement {
  return db
    .update(enterprises)
    .set({ stripeAccountId: sql`coalesce(${enterprises.stripeAccountId}, ${accountId})`, stripeDisconnectedAt: null, updatedAt: now })
    .where(eq(enterprises.id, hubId));
}

/**
 * What Stripe says of the account at `at` (epoch ms): recorded unless the hub disconnected it, or a
 * newer state is already recorded (Stripe does not deliver events in order).
 */
export function recordAccountStateStatement(db: Db, accountId: string, s: AccountState, at: number): Statement {
  return db
    .update(enterprises)
    .set({
      stripeChargesEnabled: s.chargesEnabled,
      stripePayoutsEnabled: s.payoutsEnabled,
      stripeDetailsSubmitted: s.detailsSubmitted,
      stripeSyncedAt: at,
    })
    .where(
      and(
        eq(enterprises.stripeAccountId, accountId),
        isNull(enterprises.stripeDisconnectedAt),
        or(isNull(enterprises.stripeSyncedAt), lte(enterprises.stripeSyncedAt, at)),
      ),
    );
}

/** No new card payment from now; the account id stays for the orders already paid through it. */
export function disconnectStatement(db: Db, hubId: number, now: number): Statement {
  return db
    .update(enterprises)
    .set({ stripeChargesEnabled: false, stripePayoutsEnabled: false, stripeDisconnectedAt: now, updatedAt: now })
    .where(and(eq(enterprises.id, hubId), sql`${enterprises.stripeAccountId} IS NOT NULL`));
}
