// Enterprises as the back office and the permission checks read them: by slug, by ids.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { enterprises } from '../schema/index.ts';

export async function enterpriseBySlug(db: Db, slug: string) {
  const rows = await db
    .select({
      id: enterprises.id,
      slug: enterprises.slug,
      name: enterprises.name,
      isProducer: enterprises.isProducer,
      isHub: enterprises.isHub,
    })
    .from(enterprises)
    .where(eq(enterprises.slug, slug));
  return rows[0] ?? null;
}

export type EnterpriseRow = NonNullable<Awaited<ReturnType<typeof enterpriseBySlug>>>;

export async function enterprisesByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: enterprises.id,
      slug: enterprises.slug,
      name: enterprises.name,
      isProducer: enterprises.isProducer,
      isHub: enterprises.isHub,
    })
    .from(enterprises)
    .where(
      sql`${enterprises.id} IN (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    )
    .orderBy(asc(enterprises.name));
}
