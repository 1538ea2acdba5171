// The statements of a producer's own catalog edits that db/catalog/products.ts does not build: the
// product row itself (create, edit, archive, photo), a variant's archive and its bulk price and stock.
import { and, eq, sql } from 'drizzle-orm';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';
import { products, variants } from '../schema/index.ts';

/** The id a new product will take, chosen before the batch so its stale marks can name it. */
export async function nextProductId(db: Db): Promise<number> {
  const [row] = await db.all<{ next: number }>(sql`SELECT coalesce(max(id), 0) + 1 AS next FROM products`);
  return row?.next ?? 1;
}

/** Every product of the producer (archived ones too) by name, as a CSV import matches its rows. */
export async function productNames(db: Db, producerId: number): Promise<{ id: number; name: string }[]> {
  return db.select({ id: products.id, name: products.name }).from(products).where(eq(products.producerId, producerId));
}

export interface ProductRow {
  name: string;
  categoryId: number;
  description: string;
}

export function insertProductStatement(db: Db, p: ProductRow & { id: number; producerId: number; slug: string }, now: number): Statement {
  return db.insert(products).values({
    id: p.id,
    producerId: p.producerId,
    categoryId: p.categoryId,
    slug: p.slug,
    name: p.name,
    description: p.description,
    createdAt: now,
    updatedAt: now,
  });
}

/** Only a product of this producer: a product id from another catalog changes nothing. */
export function updateProductStatement(db: Db, producerId: number, productId: number, p: ProductRow, now: number): Statement {
  return db
    .update(products)
    .set({ name: p.name, categoryId: p.categoryId, description: p.description, updatedAt: now })
    .where(and(eq(products.id, productId), eq(products.producerId, producerId)));
}

export function productArchivedStatement(db: Db, productId: number, archived: boolean, now: number): Statement {
  return db
    .update(products)
    .set({ archivedAt: archived ? now : null, updatedAt: now })
    .where(eq(products.id, productId));
}

export function productImageStatement(db: Db, productId: number, imageKey: string, now: number): Statement {
  return db.update(products).set({ imageKey, updatedAt: now }).where(eq(products.id, productId));
}

export function variantArchivedStatement(db: Db, variantId: number, now: number): Statement {
  return db.update(variants).set({ archivedAt: now, updatedAt: now }).where(eq(variants.id, variantId));
}

/**
 * A variant's price and stock from the bulk editor. Stock moves by the difference between what was
 * typed and what was shown (onHandWas), so orders placed meanwhile stay counted; on demand keeps it.
 */
export function variantPriceStockStatement(
  db: Db,
  r: { id: number; priceCents: number; onHand: number; onHandWas?: number | undefined; onDemand: boolean },
  now: number,
): Statement {
  const onHand = r.onDemand
    ? sql`${variants.onHand}`
    : r.onHandWas === undefined
      ? sql`${r.onHand}`
      : sql`max(0, ${variants.onHand} + ${r.onHand - r.onHandWas})`;
  return db.update(variants).set({ priceCents: r.priceCents, onDemand: r.onDemand, onHand, updatedAt: now }).where(eq(variants.id, r.id));
}
