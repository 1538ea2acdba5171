// A producer's catalog as the back office reads and writes it: products with their variants,
// labels and categories, and the statements of each edit (run in one batch with the stale marks).
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { CatalogVariant } from '../../domain/catalog-csv.ts';
import type { VariantDraft } from '../../domain/catalog-edit.ts';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { categories, labels, productLabels, products, variants } from '../schema/index.ts';

/** Retired entries a form still shows and accepts: those already on what is being edited. */
export interface VocabularyKeep {
  /** The product's own category and labels (its form). */
  productId?: number;
  /** The categories this producer's products are filed under (its CSV import, whose rows name their category again). */
  producerId?: number;
}

/**
 * The categories and labels a producer chooses from: the platform's current ones, in the platform's
 * order. A retired one is no longer offered, but stays where it is already used, so re-saving a
 * product (or re-importing its CSV row) never fails on a choice the platform withdrew.
 */
export async function catalogVocabulary(db: Db, keep: VocabularyKeep = {}) {
  const keptCategory = [
    keep.productId === undefined ? undefined : sql`${categories.id} IN (SELECT category_id FROM products WHERE id = ${keep.productId})`,
    keep.producerId === undefined
      ? undefined
      : sql`${categories.id} IN (SELECT category_id FROM products WHERE producer_id = ${keep.producerId})`,
  ];
  const keptLabel =
    keep.productId === undefined
      ? undefined
      : sql`${labels.id} IN (SELECT label_id FROM product_labels WHERE product_id = ${keep.productId})`;
  const [cats, labs] = await db.batch([
    db
      .select({
        id: categories.id,
        slug: categories.slug,
        nameFr: categories.nameFr,
        nameEn: categories.nameEn,
        retiredAt: categories.retiredAt,
      })
      .from(categories)
      .where(or(isNull(categories.retiredAt), ...keptCategory))
      .orderBy(asc(categories.position), asc(categories.id)),
    db
      .select({ id: labels.id, slug: labels.slug, nameFr: labels.nameFr, nameEn: labels.nameEn, retiredAt: labels.retiredAt })
      .from(labels)
      .where(or(isNull(labels.retiredAt), keptLabel))
      .orderBy(asc(labels.position), asc(labels.id)),
  ]);
  return { categories: cats, labels: labs };
}

const variantColumns = {
  variantId: variants.id,
  productId: variants.productId,
  name: variants.name,
  unitKind: variants.unitKind,
  unitValue: variants.unitValue,
  priceCents: variants.priceCents,
  vatRateBp: variants.vatRateBp,
  onHand: variants.onHand,
  onDemand: variants.onDemand,
  maxPerOrder: variants.maxPerOrder,
  position: variants.position,
  archivedAt: variants.archivedAt,
};

/** Every product of a producer with its variants (archived ones too when asked). */
export async function producerProducts(db: Db, producerId: number, opts: { archived?: boolean } = {}) {
  const productFilter = opts.archived
    ? eq(products.producerId, producerId)
    : and(eq(products.producerId, producerId), isNull(products.archivedAt));
  const [rows, vs] = await db.batch([
    db
      .select({
        id: products.id,
        slug: products.slug,
        name: products.name,
        description: products.description,
        categoryId: products.categoryId,
        categorySlug: categories.slug,
        categoryName: categories.nameFr,
        imageKey: products.imageKey,
        archivedAt: products.archivedAt,
        updatedAt: products.updatedAt,
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(productFilter)
      .orderBy(asc(categories.position), asc(products.name)),
    db
      .select(variantColumns)
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(
        opts.archived
          ? eq(products.producerId, producerId)
          : and(eq(products.producerId, producerId), isNull(variants.archivedAt), isNull(products.archivedAt)),
      )
      .orderBy(asc(variants.position), asc(variants.id)),
  ]);
  const byProduct = new Map<number, typeof vs>();
  for (const v of vs) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v]);
  return rows.map((p) => ({ ...p, variants: byProduct.get(p.id) ?? [] }));
}
export type ProducerProduct = Awaited<ReturnType<typeof producerProducts>>[number];

export async function producerProduct(db: Db, producerId: number, productId: number) {
  const [rows, vs, labs] = await db.batch([
    db
      .select()
      .from(products)
      .where(and(eq(products.id, productId), eq(products.producerId, producerId))),
    db.select(variantColumns).from(variants).where(eq(variants.productId, productId)).orderBy(asc(variants.position), asc(variants.id)),
    db.select({ labelId: productLabels.labelId }).from(productLabels).where(eq(productLabels.productId, productId)),
  ]);
  const product = rows[0];
  return product ? { product, variants: vs, labelIds: labs.map((l) => l.labelId) } : null;
}

/** The producer's active variants as the CSV import compares them. */
export async function catalogVariants(db: Db, producerId: number): Promise<CatalogVariant[]> {
  const rows = await db
    .select({ ...variantColumns, productName: products.name, categorySlug: categories.slug, description: products.description })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(products.producerId, producerId), isNull(variants.archivedAt), isNull(products.archivedAt)))
    .orderBy(asc(categories.position), asc(products.name), asc(variants.position), asc(variants.id));
  return rows.map(({ position: _p, archivedAt: _a, ...r }) => r);
}

export async function productSlugs(db: Db, producerId: number): Promise<Set<string>> {
  const rows = await db.select({ slug: products.slug }).from(products).where(eq(products.producerId, producerId));
  return new Set(rows.map((r) => r.slug));
}

/** Current stock and ownership of some variants: which of them belong to the producer. */
export async function variantsOfProducer(db: Db, producerId: number, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, { onHand: number; onDemand: boolean; priceCents: number; productId: number }>();
  const rows = await db
    .select({
      id: variants.id,
      onHand: variants.onHand,
      onDemand: variants.onDemand,
      priceCents: variants.priceCents,
      productId: variants.productId,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.producerId, producerId), inArray(variants.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The product's id looked up inside the batch, so its variants can be inserted in the same transaction. */
export const productIdBySlug = (producerId: number, slug: string) =>
  sql`(SELECT id FROM products WHERE producer_id = ${producerId} AND slug = ${slug})`;

export function insertVariantStatement(
  db: Db,
  productId: number | ReturnType<typeof productIdBySlug>,
  v: VariantDraft,
  position: number,
  now: number,
) {
  return db.insert(variants).values({
    productId,
    name: v.name.trim(),
    unitKind: v.unitKind,
    unitValue: v.unitValue,
    priceCents: v.priceCents,
    vatRateBp: v.vatRateBp,
    onHand: v.onDemand ? 0 : v.onHand,
    onDemand: v.onDemand,
    maxPerOrder: v.maxPerOrder,
    position,
    updatedAt: now,
  });
}

/**
 * Updates a variant of this product. Stock moves by the difference between what the producer typed
 * and what they were shown, so orders placed meanwhile stay counted (see domain/catalog-edit.ts).
 */
export function updateVariantStatement(
  db: Db,
  productId: number,
  variantId: number,
  v: VariantDraft & { onHandWas?: number | undefined },
  now: number,
) {
  const onHand = v.onDemand
    ? sql`${variants.onHand}`
    : v.onHandWas === undefined
      ? sql`${v.onHand}`
      : sql`max(0, ${variants.onHand} + ${v.onHand - v.onHandWas})`;
  return db
    .update(variants)
    .set({
      name: v.name.trim(),
      unitKind: v.unitKind,
      unitValue: v.unitValue,
      priceCents: v.priceCents,
      vatRateBp: v.vatRateBp,
      onHand,
      onDemand: v.onDemand,
      maxPerOrder: v.maxPerOrder,
      archivedAt: null,
      updatedAt: now,
    })
    .where(and(eq(variants.id, variantId), eq(variants.productId, productId)));
}

/** A product's labels, each once however often it was sent (the pair is the table's key). */
export function replaceLabelsStatements(
  db: Db,
  productId: number | ReturnType<typeof productIdBySlug>,
  labelIds: readonly number[],
): Statement[] {
  const unique = [...new Set(labelIds)];
  return [
    db.delete(productLabels).where(eq(productLabels.productId, productId)),
    ...(unique.length ? [db.insert(productLabels).values(unique.map((labelId) => ({ productId, labelId })))] : []),
  ];
}
