// API tokens per enterprise: created by a signed-in manager, shown once, stored hashed, revocable;
// each creation and revocation is in the audit log, written in the same batch.
import {
  apiTokenSubjectSql,
  changedOneRowSql,
  insertApiTokenStatement,
  revokeApiTokenStatement,
} from '../../../db/auth/api-token-statements.ts';
import { listApiTokens } from '../../../db/auth/api-tokens.ts';
import { auditStatement } from '../../../db/core/audit.ts';
import type { Db } from '../../../db/core/client.ts';
import { DomainError } from '../../../domain/errors.ts';
import { API_TOKEN_PREFIX, randomSecret, sha256Hex } from '../../auth/crypto.ts';

export async function createApiToken({
  db,
  enterpriseId,
  userId,
  name,
  now,
}: {
  db: Db;
  enterpriseId: number;
  userId: number;
  name: string;
  now: number;
}) {
  const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
  const tokenHash = await sha256Hex(token);
  const [inserted] = await db.batch([
    insertApiTokenStatement(db, { enterpriseId, name, tokenHash, createdBy: userId, now }),
    auditStatement(db, {
      userId,
      enterpriseId,
      action: 'api-token.create',
      subject: apiTokenSubjectSql(tokenHash),
      details: { name },
      at: now,
    }),
  ]);
  return { id: inserted[0]!.id, token };
}

export async function revokeToken({
  db,
  enterpriseId,
  userId,
  tokenId,
  now,
}: {
  db: Db;
  enterpriseId: number;
  userId: number;
  tokenId: number;
  now: number;
}) {
  const [revoked] = await db.batch([
    revokeApiTokenStatement(db, enterpriseId, tokenId, now),
    // Only when the update above revoked the token: another enterprise's or a revoked one leaves no entry.
    auditStatement(db, {
      userId,
      enterpriseId,
      action: 'api-token.revoke',
      subject: `api-token:${tokenId}`,
      at: now,
      onlyIf: changedOneRowSql,
    }),
  ]);
  if (revoked.rowsAffected !== 1) throw new DomainError('NOT_FOUND', 'No such active token for this enterprise.');
}

export { listApiTokens };
