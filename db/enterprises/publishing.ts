// Whether an enterprise is public: what it still lacks before it may be published, and the statements
// that publish or hide it (a hidden enterprise is on no public page and its shop sells nothing).
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { enterprises } from '../schema/index.ts';

/** What publishing needs: a description, an address, and for a hub a way to get the order and a way to pay. */
export const PUBLISH_REQUIREMENTS = ['description', 'address', 'collection', 'payment'] as const;
export type PublishRequirement = (typeof PUBLISH_REQUIREMENTS)[number];

export interface Publication {
  publishedAt: number | null;
  missing: PublishRequirement[];
}

/** The publication state of each enterprise and what it lacks, in one query. */
export async function publicationsOf(db: Db, enterpriseIds: readonly number[]): Promise<Map<number, Publication>> {
  if (enterpriseIds.length === 0) return new Map();
  const rows = await db.all<{
    id: number;
    publishedAt: number | null;
    isHub: number;
    description: string;
    address: number;
    collection: number;
    payment: number;
  }>(sql`SELECT e.id AS id, e.published_at AS publishedAt, e.is_hub AS isHub, trim(e.description) AS description,
      (trim(e.address_line) <> '' AND trim(e.postal_code) <> '' AND trim(e.commune) <> '') AS address,
      EXISTS (SELECT 1 FROM shipping_methods m WHERE m.hub_id = e.id AND m.archived_at IS NULL) AS collection,
      EXISTS (SELECT 1 FROM payment_methods m WHERE m.hub_id = e.id AND m.archived_at IS NULL) AS payment
    FROM enterprises e WHERE e.id IN (${sql.join(
      enterpriseIds.map((id) => sql`${id}`),
      sql`, `,
    )})`);
  return new Map(
    rows.map((row) => {
      const missing: PublishRequirement[] = [];
      if (row.description === '') missing.push('description');
      if (!row.address) missing.push('address');
      if (row.isHub && !row.collection) missing.push('collection');
      if (row.isHub && !row.payment) missing.push('payment');
      return [row.id, { publishedAt: row.publishedAt, missing }];
    }),
  );
}

export async function publicationOf(db: Db, enterpriseId: number): Promise<Publication> {
  return (await publicationsOf(db, [enterpriseId])).get(enterpriseId) ?? { publishedAt: null, missing: [] };
}

/** Publishes the enterprise if it is hidden (changes() = 1 exactly when it did). */
export function publishStatement(db: Db, enterpriseId: number, now: number): Statement {
  return db
    .update(enterprises)
    .set({ publishedAt: now, updatedAt: now })
    .where(and(eq(enterprises.id, enterpriseId), isNull(enterprises.publishedAt)));
}

/** Hides the enterprise if it is public. */
export function hideStatement(db: Db, enterpriseId: number, now: number): Statement {
  return db
    .update(enterprises)
    .set({ publishedAt: null, updatedAt: now })
    .where(and(eq(enterprises.id, enterpriseId), isNotNull(enterprises.publishedAt)));
}
