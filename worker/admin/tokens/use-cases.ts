// API tokens per enterprise: created by a signed-in manager, shown once, stored hashed, revocable.
import { insertApiToken, listApiTokens, revokeApiToken } from '../../../db/auth/api-tokens.ts';
import type { Db } from '../../../db/core/client.ts';
import { auditLog } from '../../../db/schema/index.ts';
import { DomainError } from '../../../domain/errors.ts';
import { API_TOKEN_PREFIX, randomSecret, sha256Hex } from '../../auth/crypto.ts';

export async function createApiToken({ db, enterpriseId, userId, name, now }: { db: Db; enterpriseId: number; userId: number; name: string; now: number }) {
  const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
  const id = await insertApiToken(db, { enterpriseId, name, tokenHash: await sha256Hex(token), createdBy: userId, now });
  await db.insert(auditLog).values({ userId, enterpriseId, action: 'api-token.create', subject: `api-token:${id}`, details: { name }, at: now });
  return { id, token };
}

export async function revokeToken({ db, enterpriseId, userId, tokenId, now }: { db: Db; enterpriseId: number; userId: number; tokenId: number; now: number }) {
  if (!(await revokeApiToken(db, enterpriseId, tokenId, now))) throw new DomainError('NOT_FOUND', 'No such active token for this enterprise.');
  await db.insert(auditLog).values({ userId, enterpriseId, action: 'api-token.revoke', subject: `api-token:${tokenId}`, at: now });
}

export { listApiTokens };
