// Producers' catalog edits: save a product with its variants, archive, bulk prices and stock, and
// the CSV import. Each is one batch with its stale-page marks and audit entry: all or nothing.
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import {
  auditStatement,
  catalogVariants,
  constraintViolation,
  catalogVocabulary,
  insertVariantStatement,
  producerProduct,
  productSlugs,
  replaceLabelsStatements,
  updateVariantStatement,
  variantsOfProducer,
} from '../../../db/catalog/products.ts';
import type { Db } from '../../../db/core/client.ts';
import { products, variants } from '../../../db/schema/index.ts';
import { markStaleStatements, type CatalogChange } from '../../../db/publishing/stale-pages.ts';
import { planCatalogImport, type ImportPlan } from '../../../domain/catalog-csv.ts';
import { slugify, uniqueSlug, variantErrors, type VariantDraft } from '../../../domain/catalog-edit.ts';
import { parseCsv } from '../../../domain/csv.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { MAX_PRICE_CENTS, MAX_STOCK } from '../../../domain/limits.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { imageKey, MAX_UPLOAD_BYTES, resizeForCatalog } from './images.ts';
import { refusingConstraints } from '../shared/constraints.ts';

export interface ProducerRef {
  id: number;
  slug: string;
}

type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
const asBatch = (items: BatchItem<'sqlite'>[]) => items as Batch;

/** Who to record in the audit log: the person, or the token (and none as user). */
export function auditActor(actor: Actor): { userId: number | null; via: Record<string, unknown> } {
  if (actor.kind === 'user') return { userId: actor.userId, via: {} };
  if (actor.kind === 'token') return { userId: null, via: { apiTokenId: actor.tokenId } };
  return { userId: null, via: {} };
}

export interface ProductInput {
  name: string;
  categoryId: number;
  description: string;
  labelIds: number[];
  variants: Array<VariantDraft & { id?: number | undefined; onHandWas?: number | undefined }>;
}

async function checkProductInput(db: Db, input: ProductInput, existingVariantIds: ReadonlySet<number>): Promise<void> {
  const errors: FieldError[] = [];
  const vocab = await catalogVocabulary(db);
  if (!input.name.trim()) errors.push({ field: 'name', message: 'Donnez un nom au produit.' });
  if (!vocab.categories.some((c) => c.id === input.categoryId)) errors.push({ field: 'categoryId', message: 'Choisissez une catégorie.' });
  for (const id of input.labelIds) if (!vocab.labels.some((l) => l.id === id)) errors.push({ field: 'labelIds', message: 'Label inconnu.' });
  if (new Set(input.labelIds).size !== input.labelIds.length) errors.push({ field: 'labelIds', message: 'Un label est choisi deux fois.' });
  if (input.variants.length === 0) errors.push({ field: 'variants', message: 'Un produit a au moins une variante (ex. : « 1 kg »).' });
  input.variants.forEach((v, i) => {
    errors.push(...variantErrors(v, `variants.${i}.`));
    if (v.id !== undefined && !existingVariantIds.has(v.id)) errors.push({ field: `variants.${i}.id`, message: 'Cette variante n’appartient pas à ce produit.' });
    if (v.onHandWas !== undefined && !isStock(v.onHandWas)) errors.push({ field: `variants.${i}.onHandWas`, message: STOCK_RANGE });
  });
  if (errors.length) throw new DomainError('VALIDATION', 'The product has invalid fields.', { fields: errors });
}

const STOCK_RANGE = `Le stock doit être un nombre entier entre 0 et ${MAX_STOCK.toLocaleString('fr-FR')}.`;
const isStock = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_STOCK;

const SLUG_RETRIES = 3;
/** What a product write refused by the database (not by the checks above) tells the client. */
const PRODUCT_REFUSED: FieldError[] = [{ field: 'labelIds', message: 'Une catégorie, un label ou une variante choisis n’existent plus : rechargez la page et recommencez.' }];

/** Creates a product with its variants; returns its id. */
export async function createProduct({ db, actor, producer, input, now }: { db: Db; actor: Actor; producer: ProducerRef; input: ProductInput; now: number }): Promise<number> {
  await checkProductInput(db, input, new Set());
  const who = auditActor(actor);
  for (let attempt = 1; ; attempt++) {
    // The id is chosen up front so the stale marks in the same batch can name the product; a
    // concurrent creation taking it fails the batch on the primary key, and we try the next one.
    const [{ next } = { next: 1 }] = await db.all<{ next: number }>(sql`SELECT coalesce(max(id), 0) + 1 AS next FROM products`);
    const slug = uniqueSlug(slugify(input.name), await productSlugs(db, producer.id));
    try {
      await db.batch(
        asBatch([
          db.insert(products).values({ id: next, producerId: producer.id, categoryId: input.categoryId, slug, name: input.name.trim(), description: input.description.trim(), createdAt: now, updatedAt: now }),
          ...input.variants.map((v, i) => insertVariantStatement(db, next, v, i, now)),
          ...replaceLabelsStatements(db, next, input.labelIds),
          ...markStaleStatements(db, { kind: 'product', productId: next }, `nouveau produit « ${input.name.trim()} »`),
          auditStatement(db, { userId: who.userId, enterpriseId: producer.id, action: 'product.create', subject: `product:${next}`, details: { name: input.name, ...who.via }, at: now }),
        ]),
      );
      return next;
    } catch (err) {
      if (attempt < SLUG_RETRIES && String((err as { cause?: unknown }).cause ?? err).includes('UNIQUE')) continue;
      if (constraintViolation(err)) throw new DomainError('VALIDATION', 'The database refused the product.', { fields: PRODUCT_REFUSED });
      throw err;
    }
  }
}

export async function updateProduct({ db, actor, producer, productId, input, now }: { db: Db; actor: Actor; producer: ProducerRef; productId: number; input: ProductInput; now: number }) {
  const found = await producerProduct(db, producer.id, productId);
  if (!found) throw new DomainError('NOT_FOUND', 'No such product in this catalog.');
  await checkProductInput(db, input, new Set(found.variants.map((v) => v.variantId)));
  const who = auditActor(actor);
  const change: CatalogChange = { kind: 'product', productId };
  await refusingConstraints(() => db.batch(
    asBatch([
      db
        .update(products)
        .set({ name: input.name.trim(), categoryId: input.categoryId, description: input.description.trim(), updatedAt: now })
        .where(and(eq(products.id, productId), eq(products.producerId, producer.id))),
      ...replaceLabelsStatements(db, productId, input.labelIds),
      ...input.variants.map((v, i) => (v.id !== undefined ? updateVariantStatement(db, productId, v.id, v, now) : insertVariantStatement(db, productId, v, found.variants.length + i, now))),
      ...markStaleStatements(db, change, `produit « ${input.name.trim()} » modifié`),
      auditStatement(db, { userId: who.userId, enterpriseId: producer.id, action: 'product.update', subject: `product:${productId}`, details: { name: input.name, variants: input.variants.length, ...who.via }, at: now }),
    ]),
  ), PRODUCT_REFUSED);
}

export async function setProductArchived({ db, actor, producer, productId, archived, now }: { db: Db; actor: Actor; producer: ProducerRef; productId: number; archived: boolean; now: number }) {
  const found = await producerProduct(db, producer.id, productId);
  if (!found) throw new DomainError('NOT_FOUND', 'No such product in this catalog.');
  const who = auditActor(actor);
  await db.batch(
    asBatch([
      db.update(products).set({ archivedAt: archived ? now : null, updatedAt: now }).where(eq(products.id, productId)),
      ...markStaleStatements(db, { kind: 'product', productId }, `produit « ${found.product.name} » ${archived ? 'archivé' : 'rétabli'}`),
      auditStatement(db, { userId: who.userId, enterpriseId: producer.id, action: archived ? 'product.archive' : 'product.restore', subject: `product:${productId}`, details: who.via, at: now }),
    ]),
  );
}

export async function archiveVariant({ db, actor, producer, productId, variantId, now }: { db: Db; actor: Actor; producer: ProducerRef; productId: number; variantId: number; now: number }) {
  const found = await producerProduct(db, producer.id, productId);
  const variant = found?.variants.find((v) => v.variantId === variantId);
  if (!found || !variant) throw new DomainError('NOT_FOUND', 'No such variant in this catalog.');
  const who = auditActor(actor);
  await db.batch(
    asBatch([
      db.update(variants).set({ archivedAt: now, updatedAt: now }).where(eq(variants.id, variantId)),
      ...markStaleStatements(db, { kind: 'variant', variantId }, `variante « ${found.product.name} — ${variant.name} » archivée`),
      auditStatement(db, { userId: who.userId, enterpriseId: producer.id, action: 'variant.archive', subject: `variant:${variantId}`, details: who.via, at: now }),
    ]),
  );
}

export interface BulkRow {
  id: number;
  priceCents: number;
  onHand: number;
  /** The stock the producer was shown; the change applies as a difference (orders meanwhile stay counted). */
  onHandWas?: number | undefined;
  onDemand: boolean;
}

/** Above this many variants one producer-wide mark is cheaper than a mark per variant. */
const PER_VARIANT_MARKS = 50;

/** Prices and stock of many variants in one request, one batch; every row is checked first. */
export async function updateVariantsInBulk({ db, actor, producer, rows, now }: { db: Db; actor: Actor; producer: ProducerRef; rows: readonly BulkRow[]; now: number }) {
  const owned = await variantsOfProducer(db, producer.id, rows.map((r) => r.id));
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  rows.forEach((r, i) => {
    if (!owned.has(r.id)) errors.push({ field: `variants.${i}.id`, message: `La variante ${r.id} n’est pas dans votre catalogue.` });
    if (seen.has(r.id)) errors.push({ field: `variants.${i}.id`, message: `La variante ${r.id} apparaît deux fois.` });
    seen.add(r.id);
    // Forms reach here without the JSON schema: the same ranges, checked once for both.
    if (!(Number.isInteger(r.priceCents) && r.priceCents >= 0 && r.priceCents <= MAX_PRICE_CENTS)) errors.push({ field: `variants.${i}.priceCents`, message: `Prix de la variante ${r.id} hors limites (de 0 à 1 000 000 €).` });
    if (!r.onDemand && !isStock(r.onHand)) errors.push({ field: `variants.${i}.onHand`, message: `Variante ${r.id} : ${STOCK_RANGE}` });
    if (r.onHandWas !== undefined && !isStock(r.onHandWas)) errors.push({ field: `variants.${i}.onHandWas`, message: `Variante ${r.id} : ${STOCK_RANGE}` });
  });
  if (errors.length) throw new DomainError('VALIDATION', 'Some rows cannot be saved.', { fields: errors });
  const changed = rows.filter((r) => {
    const cur = owned.get(r.id)!;
    return cur.priceCents !== r.priceCents || cur.onDemand !== r.onDemand || (!r.onDemand && (r.onHandWas === undefined ? cur.onHand !== r.onHand : r.onHand !== r.onHandWas));
  });
  if (changed.length === 0) return { updated: 0 };
  const who = auditActor(actor);
  const marks =
    changed.length <= PER_VARIANT_MARKS
      ? changed.flatMap((r) => markStaleStatements(db, { kind: 'variant', variantId: r.id }, 'prix et stocks modifiés'))
      : markStaleStatements(db, { kind: 'producer', enterpriseId: producer.id }, `prix et stocks de ${changed.length} variantes modifiés`);
  await db.batch(
    asBatch([
      ...changed.map((r) => {
        const onHand = r.onDemand ? sql`${variants.onHand}` : r.onHandWas === undefined ? sql`${r.onHand}` : sql`max(0, ${variants.onHand} + ${r.onHand - r.onHandWas})`;
        return db.update(variants).set({ priceCents: r.priceCents, onDemand: r.onDemand, onHand, updatedAt: now }).where(eq(variants.id, r.id));
      }),
      ...marks,
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: producer.id,
        action: 'variants.bulk-update',
        subject: `producer:${producer.id}`,
        details: { variants: changed.map((r) => ({ id: r.id, priceCents: r.priceCents, onHand: r.onHand, onDemand: r.onDemand })), ...who.via },
        at: now,
      }),
    ]),
  );
  return { updated: changed.length };
}

/**
 * Plans a CSV import and, when asked and every row is valid, applies it in one batch. A file with
 * any bad row writes nothing: the plan says which lines to fix.
 */
export async function importCatalogCsv({ db, actor, producer, csv, apply, now }: { db: Db; actor: Actor; producer: ProducerRef; csv: string; apply: boolean; now: number }): Promise<ImportPlan & { applied: boolean }> {
  const [current, vocab, slugs] = await Promise.all([catalogVariants(db, producer.id), catalogVocabulary(db), productSlugs(db, producer.id)]);
  const productRows = await db.select({ id: products.id, name: products.name }).from(products).where(eq(products.producerId, producer.id));
  const plan = planCatalogImport(parseCsv(csv), {
    variants: new Map(current.map((v) => [v.variantId, v])),
    productsByName: new Map(productRows.map((p) => [p.name.toLowerCase(), p.id])),
    categorySlugs: new Set(vocab.categories.map((c) => c.slug)),
  });
  if (!apply || plan.errors.length > 0 || plan.counts.create + plan.counts.update === 0) return { ...plan, applied: false };

  const categoryId = new Map(vocab.categories.map((c) => [c.slug, c.id]));
  const who = auditActor(actor);
  const [{ next } = { next: 1 }] = await db.all<{ next: number }>(sql`SELECT coalesce(max(id), 0) + 1 AS next FROM products`);
  let nextProductId = next;
  const newProducts = new Map<string, number>();
  const statements: BatchItem<'sqlite'>[] = [];
  const touchedProducts = new Set<number>();
  const positions = new Map<number, number>();
  for (const v of current) positions.set(v.productId, Math.max(positions.get(v.productId) ?? 0, 0) + 1);
  for (const row of plan.rows) {
    if (row.action === 'unchanged') continue;
    const catId = categoryId.get(row.product.categorySlug)!;
    if (row.action === 'update') {
      if (!touchedProducts.has(row.productId)) {
        statements.push(db.update(products).set({ name: row.productName, categoryId: catId, description: row.product.description, updatedAt: now }).where(and(eq(products.id, row.productId), eq(products.producerId, producer.id))));
        touchedProducts.add(row.productId);
      }
      statements.push(updateVariantStatement(db, row.productId, row.variantId, row.variant, now));
      continue;
    }
    let productId = row.productId ?? newProducts.get(row.productName.toLowerCase());
    if (productId === undefined) {
      productId = nextProductId++;
      const slug = uniqueSlug(slugify(row.productName), slugs);
      slugs.add(slug);
      newProducts.set(row.productName.toLowerCase(), productId);
      statements.push(db.insert(products).values({ id: productId, producerId: producer.id, categoryId: catId, slug, name: row.productName, description: row.product.description, createdAt: now, updatedAt: now }));
    }
    const position = positions.get(productId) ?? 0;
    positions.set(productId, position + 1);
    statements.push(insertVariantStatement(db, productId, row.variant, position, now));
  }
  statements.push(
    ...markStaleStatements(db, { kind: 'producer', enterpriseId: producer.id }, `import CSV : ${plan.counts.create} ajout(s), ${plan.counts.update} modification(s)`),
    auditStatement(db, { userId: who.userId, enterpriseId: producer.id, action: 'catalog.import', subject: `producer:${producer.id}`, details: { ...plan.counts, ...who.via }, at: now }),
  );
  await db.batch(asBatch(statements));
  return { ...plan, applied: true };
}

/**
 * A product's image: resized and stored in R2 first (a new key each time, so nothing served is
 * overwritten), then the product points to it in one batch with the stale marks; the old object
 * is deleted once nothing refers to it.
 */
export async function setProductImage({ db, bucket, actor, producer, productId, bytes, now }: { db: Db; bucket: R2Bucket | undefined; actor: Actor; producer: ProducerRef; productId: number; bytes: Uint8Array; now: number }) {
  if (!bucket) throw new DomainError('SERVICE_UNAVAILABLE', 'Image storage is not configured (IMAGES binding).');
  const found = await producerProduct(db, producer.id, productId);
  if (!found) throw new DomainError('NOT_FOUND', 'No such product in this catalog.');
  if (bytes.byteLength === 0) throw new DomainError('VALIDATION', 'No image was sent.', { fields: [{ field: 'image', message: 'Choisissez une image.' }] });
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new DomainError('VALIDATION', 'The image is larger than 10 MB.', { fields: [{ field: 'image', message: 'Image trop lourde (10 Mo au maximum).' }] });
  const image = await resizeForCatalog(bytes);
  const key = await imageKey(productId, image);
  await bucket.put(key, image.bytes, { httpMetadata: { contentType: 'image/webp' } });
  const who = auditActor(actor);
  await db.batch(
    asBatch([
      db.update(products).set({ imageKey: key, updatedAt: now }).where(eq(products.id, productId)),
      ...markStaleStatements(db, { kind: 'product', productId }, `photo de « ${found.product.name} »`),
      auditStatement(db, { userId: who.userId, enterpriseId: producer.id, action: 'product.image', subject: `product:${productId}`, details: { key, ...who.via }, at: now }),
    ]),
  );
  if (found.product.imageKey && found.product.imageKey !== key) await bucket.delete(found.product.imageKey).catch(() => {});
  return { key, width: image.width, height: image.height };
}
