// Who may do what in the back office: one pure policy that every back-office route consults, so a
// rule is written once and the authorization matrix test exercises exactly what production runs.

/** An enterprise as the policy sees it: which roles it plays decides what can be done for it. */
export interface EnterpriseRef {
  id: number;
  isProducer: boolean;
  isHub: boolean;
}

/**
 * Who is asking. A user comes with a session (the enterprises they manage); an API token acts for
 * exactly one enterprise and can do what a manager of it can, except mint more tokens.
 */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: number; email: string; name: string; isPlatformAdmin: boolean; manages: readonly number[] }
  | { kind: 'token'; tokenId: number; enterpriseId: number };

export const PERMISSIONS = [
  /** Products, variants, prices, stock, CSV import/export of a producer. */
  'catalog.edit',
  /** What was ordered from a producer, per cycle and hub (only its own products' lines). */
  'sales.view',
  /** A hub's cycles, methods, terms, customers, tags, orders and reports. */
  'shop.run',
  /** The enterprise's public profile and legal identity (any enterprise, by its managers). */
  'profile.edit',
  /** API tokens of an enterprise: only a signed-in manager, never a token itself. */
  'tokens.manage',
  /** Enterprises and the relationships between producers and hubs. */
  'platform.administer',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

function managesEnterprise(actor: Actor, enterpriseId: number): boolean {
  switch (actor.kind) {
    case 'anonymous':
      return false;
    case 'user':
      return actor.manages.includes(enterpriseId);
    case 'token':
      return actor.enterpriseId === enterpriseId;
    default:
      return unreachableActor(actor);
  }
}

/**
 * The decision for `permission` on `target` (an enterprise; none for platform-wide permissions).
 * Platform administrators manage enterprises and relationships, not other people's catalogs or
 * customers' orders: they get the same rights as anyone else there, unless they manage the enterprise.
 */
export function decide(actor: Actor, permission: Permission, target: EnterpriseRef | null): Decision {
  if (actor.kind === 'anonymous') return 'unauthenticated';
  switch (permission) {
    case 'catalog.edit':
    case 'sales.view':
      return target !== null && target.isProducer && managesEnterprise(actor, target.id) ? 'allow' : 'forbidden';
    case 'shop.run':
      return target !== null && target.isHub && managesEnterprise(actor, target.id) ? 'allow' : 'forbidden';
    case 'profile.edit':
      return target !== null && managesEnterprise(actor, target.id) ? 'allow' : 'forbidden';
    case 'tokens.manage':
      return actor.kind === 'user' && target !== null && managesEnterprise(actor, target.id) ? 'allow' : 'forbidden';
    case 'platform.administer':
      return actor.kind === 'user' && actor.isPlatformAdmin ? 'allow' : 'forbidden';
    default:
      return unreachablePermission(permission);
  }
}

/** The enterprises an actor may open in the back office (its dashboard), among those given. */
export function visibleEnterprises<T extends EnterpriseRef>(actor: Actor, all: readonly T[]): T[] {
  return all.filter((e) => managesEnterprise(actor, e.id));
}

function unreachableActor(value: never): never {
  throw new Error(`unexpected actor: ${JSON.stringify(value)}`);
}
function unreachablePermission(value: never): never {
  throw new Error(`unexpected permission: ${String(value)}`);
}
