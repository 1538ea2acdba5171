// Who the back office records in the audit log for a write: the signed-in person, or the API token.
import type { Actor } from '../../../domain/permissions.ts';

/** Who to record in the audit log: the person, or the token (and none as user). */
export function auditActor(actor: Actor): { userId: number | null; via: Record<string, unknown> } {
  if (actor.kind === 'user') return { userId: actor.userId, via: {} };
  if (actor.kind === 'token') return { userId: null, via: { apiTokenId: actor.tokenId } };
  return { userId: null, via: {} };
}
