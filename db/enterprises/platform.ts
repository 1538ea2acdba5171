// What the platform administrator reads and writes: every enterprise with its managers, the producer →
// hub relationships, and the statements that create an enterprise or set a relationship.
import { and, asc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import type { Statement } from '../core/batch.ts';
import {
  categories,
  enterpriseManagers,
  enterpriseRelationships,
  enterprises,
  labels,
  managerInvitations,
  users,
} from '../schema/index.ts';

/** Every enterprise (by name) with its managers' e-mails, and every relationship (flags as 0/1, as the API has always answered). */
export async function platformData(db: Db) {
  const [list, rels, managers, invited] = await db.batch([
    db
      .select({
        id: enterprises.id,
        slug: enterprises.slug,
        name: enterprises.name,
        isProducer: enterprises.isProducer,
        isHub: enterprises.isHub,
        publishedAt: enterprises.publishedAt,
      })
      .from(enterprises)
      .orderBy(asc(enterprises.name)),
    db.all<{
      producer: string;
      hub: string;
      canAddToCycles: number;
      canOverridePrice: number;
      canOverrideStock: number;
    }>(sql`SELECT p.slug AS producer, h.slug AS hub, r.can_add_to_cycles AS canAddToCycles, r.can_override_price AS canOverridePrice, r.can_override_stock AS canOverrideStock
      FROM enterprise_relationships r JOIN enterprises p ON p.id = r.producer_id JOIN enterprises h ON h.id = r.hub_id ORDER BY h.slug, p.slug`),
    db
      .select({ enterpriseId: enterpriseManagers.enterpriseId, email: users.email })
      .from(enterpriseManagers)
      .innerJoin(users, eq(users.id, enterpriseManagers.userId)),
    db
      .select({ enterpriseId: managerInvitations.enterpriseId, email: managerInvitations.email })
      .from(managerInvitations)
      .where(
        and(isNull(managerInvitations.acceptedAt), isNull(managerInvitations.cancelledAt), gt(managerInvitations.expiresAt, Date.now())),
      ),
  ]);
  return {
    enterprises: list.map((e) => ({
      ...e,
      managers: managers.filter((m) => m.enterpriseId === e.id).map((m) => m.email),
      invited: invited.filter((m) => m.enterpriseId === e.id).map((m) => m.email),
    })),
    relationships: rels,
  };
}

export interface NewEnterprise {
  slug: string;
  name: string;
  isProducer: boolean;
  isHub: boolean;
}

/** The id of the enterprise with this slug, resolved inside the batch that creates it. */
export const enterpriseIdBySlugSql = (slug: string) => sql`(SELECT id FROM enterprises WHERE slug = ${slug})`;

/** The enterprise, hidden (published_at null) until its managers publish it; its first manager is invited apart. */
export function createEnterpriseStatements(db: Db, e: NewEnterprise, now: number): Statement[] {
  return [
    db.insert(enterprises).values({ slug: e.slug, name: e.name, isProducer: e.isProducer, isHub: e.isHub, createdAt: now, updatedAt: now }),
  ];
}

/** Slugs taken that a name's slug could collide with: `base` and `base-<n>`. */
export async function slugsLike(db: Db, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: enterprises.slug })
    .from(enterprises)
    .where(sql`${enterprises.slug} = ${base} OR ${enterprises.slug} LIKE ${`${base}-%`}`);
  return new Set(rows.map((r) => r.slug));
}

export interface Relationship {
  producerId: number;
  hubId: number;
  canAddToCycles: boolean;
  canOverridePrice: boolean;
  canOverrideStock: boolean;
}

/** Lets the hub sell the producer's products, with these rights (replacing the ones it had). */
export function setRelationshipStatement(db: Db, r: Relationship): Statement {
  const { canAddToCycles, canOverridePrice, canOverrideStock } = r;
  return db
    .insert(enterpriseRelationships)
    .values(r)
    .onConflictDoUpdate({
      target: [enterpriseRelationships.producerId, enterpriseRelationships.hubId],
      set: { canAddToCycles, canOverridePrice, canOverrideStock },
    });
}

/** The rights a producer gives a hub today, or null when it gives none. */
export async function relationshipOf(db: Db, producerId: number, hubId: number) {
  const rows = await db
    .select({
      canAddToCycles: enterpriseRelationships.canAddToCycles,
      canOverridePrice: enterpriseRelationships.canOverridePrice,
      canOverrideStock: enterpriseRelationships.canOverrideStock,
    })
    .from(enterpriseRelationships)
    .where(and(eq(enterpriseRelationships.producerId, producerId), eq(enterpriseRelationships.hubId, hubId)));
  return rows[0] ?? null;
}

/** The hubs a producer lets sell its products, with the rights given, and the other hubs it could add. */
export async function producerHubs(db: Db, producerId: number) {
  const [related, others] = await db.batch([
    db
      .select({
        slug: enterprises.slug,
        name: enterprises.name,
        canAddToCycles: enterpriseRelationships.canAddToCycles,
        canOverridePrice: enterpriseRelationships.canOverridePrice,
        canOverrideStock: enterpriseRelationships.canOverrideStock,
      })
      .from(enterpriseRelationships)
      .innerJoin(enterprises, eq(enterprises.id, enterpriseRelationships.hubId))
      .where(eq(enterpriseRelationships.producerId, producerId))
      .orderBy(asc(enterprises.name)),
    db
      .select({ slug: enterprises.slug, name: enterprises.name })
      .from(enterprises)
      .where(
        and(
          eq(enterprises.isHub, true),
          sql`${enterprises.id} NOT IN (SELECT hub_id FROM enterprise_relationships WHERE producer_id = ${producerId})`,
        ),
      )
      .orderBy(asc(enterprises.name)),
  ]);
  return { related, others };
}

export function removeRelationshipStatement(db: Db, producerId: number, hubId: number): Statement {
  return db
    .delete(enterpriseRelationships)
    .where(and(eq(enterpriseRelationships.producerId, producerId), eq(enterpriseRelationships.hubId, hubId)));
}

// ---------------------------------------------------------------------------------------------
// Categories and labels, as the platform administrator keeps them: created, renamed, ordered, retired
// (off the forms, still on what uses them), deleted only while nothing uses them.

export type TaxonomyKind = 'category' | 'label';
const taxonomyTable = (kind: TaxonomyKind) => (kind === 'category' ? categories : labels);

/** Products (for a label: products and enterprises) using each category or label. */
const usesSql = (kind: TaxonomyKind, id: SQL | number) =>
  kind === 'category'
    ? sql`(SELECT count(*) FROM products WHERE category_id = ${id})`
    : sql`((SELECT count(*) FROM product_labels WHERE label_id = ${id}) + (SELECT count(*) FROM enterprise_labels WHERE label_id = ${id}))`;

export async function taxonomyData(db: Db) {
  const row = (kind: TaxonomyKind) => {
    const t = taxonomyTable(kind);
    return db
      .select({
        id: t.id,
        slug: t.slug,
        nameFr: t.nameFr,
        nameEn: t.nameEn,
        position: t.position,
        retiredAt: t.retiredAt,
        uses: sql<number>`${usesSql(kind, sql`${t.id}`)}`,
      })
      .from(t)
      .orderBy(asc(t.position), asc(t.id));
  };
  const [cats, labs] = await db.batch([row('category'), row('label')]);
  return { categories: cats, labels: labs };
}

export interface TaxonomyEntry {
  nameFr: string;
  nameEn: string;
  position: number;
}

/** One category or label as it is now, or undefined. */
export async function taxonomyEntry(db: Db, kind: TaxonomyKind, id: number): Promise<TaxonomyEntry | undefined> {
  const t = taxonomyTable(kind);
  const [row] = await db.select({ nameFr: t.nameFr, nameEn: t.nameEn, position: t.position }).from(t).where(eq(t.id, id));
  return row;
}

export function createTaxonomyStatement(db: Db, kind: TaxonomyKind, e: TaxonomyEntry & { slug: string }): Statement {
  return db.insert(taxonomyTable(kind)).values(e);
}

export function updateTaxonomyStatement(db: Db, kind: TaxonomyKind, id: number, e: TaxonomyEntry): Statement {
  const t = taxonomyTable(kind);
  return db.update(t).set(e).where(eq(t.id, id));
}

/** Retires (at `at`) or brings back (null) a category or label. */
export function retireTaxonomyStatement(db: Db, kind: TaxonomyKind, id: number, at: number | null): Statement {
  const t = taxonomyTable(kind);
  return db.update(t).set({ retiredAt: at }).where(eq(t.id, id));
}

/** Deletes it only while nothing uses it: the guard is in the statement, so a product filed meanwhile keeps it. */
export function deleteUnusedTaxonomyStatement(db: Db, kind: TaxonomyKind, id: number): Statement {
  const t = taxonomyTable(kind);
  return db.delete(t).where(and(eq(t.id, id), sql`${usesSql(kind, id)} = 0`));
}

export async function taxonomySlugsLike(db: Db, kind: TaxonomyKind, base: string): Promise<Set<string>> {
  const t = taxonomyTable(kind);
  const rows = await db
    .select({ slug: t.slug })
    .from(t)
    .where(sql`${t.slug} = ${base} OR ${t.slug} LIKE ${`${base}-%`}`);
  return new Set(rows.map((r) => r.slug));
}
