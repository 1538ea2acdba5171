// Producers' catalog edits: save a product with its variants, archive, bulk prices and stock, the
// product photo; and what the catalog pages show. Each write is one batch with its stale-page marks
// and audit entry: all or nothing. The CSV import and export are in csv.ts.
import { auditActor } from '../shared/audit-actor.ts';
import {
  insertProductStatement,
  nextProductId,
  productArchivedStatement,
  productImageStatement,
  updateProductStatement,
  variantArchivedStatement,
  variantPriceStockStatement,
} from '../../../db/catalog/product-statements.ts';
import {
  catalogVariants,
  catalogVocabulary,
  insertVariantStatement,
  producerProduct,
  producerProducts,
  productSlugs,
  replaceLabelsStatements,
  updateVariantStatement,
  variantsOfProducer,
} from '../../../db/catalog/products.ts';
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf, constraintCode } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { slugify, uniqueSlug, variantErrors, type VariantDraft } from '../../../domain/catalog-edit.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { MAX_PRICE_CENTS, MAX_STOCK } from '../../../domain/limits.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { refusingConstraints } from '../shared/constraints.ts';
import { publicState } from '../shared/public-status.tsx';
import { deleteCatalogImage, storeCatalogImage } from './images.ts';

export interface ProducerRef {
  id: number;
  slug: string;
}

/** What every write here is given: the database, who acts, for which producer, and when. */
interface Write {
  db: Db;
  actor: Actor;
  producer: ProducerRef;
  now: number;
}

export interface ProductInput {
  name: string;
  categoryId: number;
  description: string;
  labelIds: number[];
  variants: Array<VariantDraft & { id?: number | undefined; onHandWas?: number | undefined }>;
}

const STOCK_RANGE = `Le stock doit être un nombre entier entre 0 et ${MAX_STOCK.toLocaleString('fr-FR')}.`;
/** The ranges the JSON schemas hold a price and a count to, checked again for the forms (which reach the use cases without the schemas). */
export const isStock = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_STOCK;
export const isPriceCents = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_PRICE_CENTS;

/** `productId`: the product being edited, whose category and labels stay accepted once retired. */
async function checkProductInput(db: Db, input: ProductInput, existingVariantIds: ReadonlySet<number>, productId?: number): Promise<void> {
  const errors: FieldError[] = [];
  const vocab = await catalogVocabulary(db, productId === undefined ? {} : { productId });
  if (!input.name.trim()) errors.push({ field: 'name', message: 'Donnez un nom au produit.' });
  if (!vocab.categories.some((c) => c.id === input.categoryId)) errors.push({ field: 'categoryId', message: 'Choisissez une catégorie.' });
  for (const id of input.labelIds)
    if (!vocab.labels.some((l) => l.id === id)) errors.push({ field: 'labelIds', message: 'Label inconnu.' });
  if (new Set(input.labelIds).size !== input.labelIds.length) errors.push({ field: 'labelIds', message: 'Un label est choisi deux fois.' });
  if (input.variants.length === 0) errors.push({ field: 'variants', message: 'Un produit a au moins une variante (ex. : « 1 kg »).' });
  input.variants.forEach((v, i) => {
    errors.push(...variantErrors(v, `variants.${i}.`));
    if (v.id !== undefined && !existingVariantIds.has(v.id))
      errors.push({ field: `variants.${i}.id`, message: 'Cette variante n’appartient pas à ce produit.' });
    if (v.onHandWas !== undefined && !isStock(v.onHandWas)) errors.push({ field: `variants.${i}.onHandWas`, message: STOCK_RANGE });
  });
  if (errors.length) throw new DomainError('VALIDATION', 'The product has invalid fields.', { fields: errors });
}

/** The product of this producer, or NOT_FOUND (a product of another catalog is not there). */
export async function ownProduct(db: Db, producerId: number, productId: number, message = 'No such product in this catalog.') {
  const found = await producerProduct(db, producerId, productId);
  if (!found) throw new DomainError('NOT_FOUND', message);
  return found;
}

const SLUG_RETRIES = 3;
/** What a product write refused by the database (not by the checks above) tells the client. */
const PRODUCT_REFUSED: FieldError[] = [
  { field: 'labelIds', message: 'Une catégorie, un label ou une variante choisis n’existent plus : rechargez la page et recommencez.' },
];

/** Creates a product with its variants; returns its id. */
export async function createProduct({ db, actor, producer, input, now }: Write & { input: ProductInput }): Promise<number> {
  await checkProductInput(db, input, new Set());
  const who = auditActor(actor);
  const name = input.name.trim();
  for (let attempt = 1; ; attempt++) {
    // The id is chosen up front so the stale marks in the same batch can name the product; a
    // concurrent creation taking it (or the slug) fails the batch on a key, and we try the next one.
    const id = await nextProductId(db);
    const slug = uniqueSlug(slugify(input.name), await productSlugs(db, producer.id));
    try {
      await db.batch(
        batchOf(
          insertProductStatement(
            db,
            { id, producerId: producer.id, categoryId: input.categoryId, slug, name, description: input.description.trim() },
            now,
          ),
          input.variants.map((v, i) => insertVariantStatement(db, id, v, i, now)),
          replaceLabelsStatements(db, id, input.labelIds),
          markStaleStatements(db, { kind: 'product', productId: id }, `nouveau produit « ${name} »`),
          auditStatement(db, {
            userId: who.userId,
            enterpriseId: producer.id,
            action: 'product.create',
            subject: `product:${id}`,
            details: { name: input.name, ...who.via },
            at: now,
          }),
        ),
      );
      return id;
    } catch (err) {
      const code = constraintCode(err);
      if (attempt < SLUG_RETRIES && /UNIQUE|PRIMARYKEY/.test(code ?? '')) continue;
      if (code) throw new DomainError('VALIDATION', 'The database refused the product.', { fields: PRODUCT_REFUSED });
      throw err;
    }
  }
}

export async function updateProduct({ db, actor, producer, productId, input, now }: Write & { productId: number; input: ProductInput }) {
  const found = await ownProduct(db, producer.id, productId);
  await checkProductInput(db, input, new Set(found.variants.map((v) => v.variantId)), productId);
  const who = auditActor(actor);
  const name = input.name.trim();
  await refusingConstraints(
    () =>
      db.batch(
        batchOf(
          updateProductStatement(
            db,
            producer.id,
            productId,
            { name, categoryId: input.categoryId, description: input.description.trim() },
            now,
          ),
          replaceLabelsStatements(db, productId, input.labelIds),
          input.variants.map((v, i) =>
            v.id !== undefined
              ? updateVariantStatement(db, productId, v.id, v, now)
              : insertVariantStatement(db, productId, v, found.variants.length + i, now),
          ),
          markStaleStatements(db, { kind: 'product', productId }, `produit « ${name} » modifié`),
          auditStatement(db, {
            userId: who.userId,
            enterpriseId: producer.id,
            action: 'product.update',
            subject: `product:${productId}`,
            details: { name: input.name, variants: input.variants.length, ...who.via },
            at: now,
          }),
        ),
      ),
    PRODUCT_REFUSED,
  );
}

export async function setProductArchived({
  db,
  actor,
  producer,
  productId,
  archived,
  now,
}: Write & { productId: number; archived: boolean }) {
  const found = await ownProduct(db, producer.id, productId);
  const who = auditActor(actor);
  await db.batch(
    batchOf(
      productArchivedStatement(db, productId, archived, now),
      markStaleStatements(db, { kind: 'product', productId }, `produit « ${found.product.name} » ${archived ? 'archivé' : 'rétabli'}`),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: producer.id,
        action: archived ? 'product.archive' : 'product.restore',
        subject: `product:${productId}`,
        details: who.via,
        at: now,
      }),
    ),
  );
}

export async function archiveVariant({ db, actor, producer, productId, variantId, now }: Write & { productId: number; variantId: number }) {
  const found = await producerProduct(db, producer.id, productId);
  const variant = found?.variants.find((v) => v.variantId === variantId);
  if (!found || !variant) throw new DomainError('NOT_FOUND', 'No such variant in this catalog.');
  const who = auditActor(actor);
  await db.batch(
    batchOf(
      variantArchivedStatement(db, variantId, now),
      markStaleStatements(db, { kind: 'variant', variantId }, `variante « ${found.product.name} — ${variant.name} » archivée`),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: producer.id,
        action: 'variant.archive',
        subject: `variant:${variantId}`,
        details: who.via,
        at: now,
      }),
    ),
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

function bulkErrors(rows: readonly BulkRow[], owned: ReadonlyMap<number, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  rows.forEach((r, i) => {
    if (!owned.has(r.id)) errors.push({ field: `variants.${i}.id`, message: `La variante ${r.id} n’est pas dans votre catalogue.` });
    if (seen.has(r.id)) errors.push({ field: `variants.${i}.id`, message: `La variante ${r.id} apparaît deux fois.` });
    seen.add(r.id);
    // Forms reach here without the JSON schema: the same ranges, checked once for both.
    if (!isPriceCents(r.priceCents))
      errors.push({ field: `variants.${i}.priceCents`, message: `Prix de la variante ${r.id} hors limites (de 0 à 1 000 000 €).` });
    if (!r.onDemand && !isStock(r.onHand)) errors.push({ field: `variants.${i}.onHand`, message: `Variante ${r.id} : ${STOCK_RANGE}` });
    if (r.onHandWas !== undefined && !isStock(r.onHandWas))
      errors.push({ field: `variants.${i}.onHandWas`, message: `Variante ${r.id} : ${STOCK_RANGE}` });
  });
  return errors;
}

/** Prices and stock of many variants in one request, one batch; every row is checked first. */
export async function updateVariantsInBulk({ db, actor, producer, rows, now }: Write & { rows: readonly BulkRow[] }) {
  const owned = await variantsOfProducer(
    db,
    producer.id,
    rows.map((r) => r.id),
  );
  const errors = bulkErrors(rows, owned);
  if (errors.length) throw new DomainError('VALIDATION', 'Some rows cannot be saved.', { fields: errors });
  const changed = rows.filter((r) => {
    const cur = owned.get(r.id)!;
    return (
      cur.priceCents !== r.priceCents ||
      cur.onDemand !== r.onDemand ||
      (!r.onDemand && (r.onHandWas === undefined ? cur.onHand !== r.onHand : r.onHand !== r.onHandWas))
    );
  });
  if (changed.length === 0) return { updated: 0 };
  const who = auditActor(actor);
  const marks =
    changed.length <= PER_VARIANT_MARKS
      ? changed.flatMap((r) => markStaleStatements(db, { kind: 'variant', variantId: r.id }, 'prix et stocks modifiés'))
      : markStaleStatements(db, { kind: 'producer', enterpriseId: producer.id }, `prix et stocks de ${changed.length} variantes modifiés`);
  await db.batch(
    batchOf(
      changed.map((r) => variantPriceStockStatement(db, r, now)),
      marks,
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: producer.id,
        action: 'variants.bulk-update',
        subject: `producer:${producer.id}`,
        details: {
          variants: changed.map((r) => ({ id: r.id, priceCents: r.priceCents, onHand: r.onHand, onDemand: r.onDemand })),
          ...who.via,
        },
        at: now,
      }),
    ),
  );
  return { updated: changed.length };
}

/**
 * A product's image: resized and stored in R2 first (a new key each time, so nothing served is
 * overwritten), then the product points to it in one batch with the stale marks; the old object
 * is deleted once nothing refers to it.
 */
export async function setProductImage({
  db,
  bucket,
  photos,
  actor,
  producer,
  productId,
  bytes,
  now,
}: Write & { bucket: R2Bucket | undefined; photos: ImagesBinding | undefined; productId: number; bytes: Uint8Array }) {
  if (!bucket) throw new DomainError('SERVICE_UNAVAILABLE', 'Image storage is not configured (IMAGES binding).');
  const found = await ownProduct(db, producer.id, productId);
  const { key, ...image } = await storeCatalogImage(bucket, photos, 'products', productId, bytes);
  const who = auditActor(actor);
  await db.batch(
    batchOf(
      productImageStatement(db, productId, key, now),
      markStaleStatements(db, { kind: 'product', productId }, `photo de « ${found.product.name} »`),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: producer.id,
        action: 'product.image',
        subject: `product:${productId}`,
        details: { key, ...who.via },
        at: now,
      }),
    ),
  );
  if (found.product.imageKey && found.product.imageKey !== key) await deleteCatalogImage(bucket, found.product.imageKey);
  return { key, width: image.width, height: image.height };
}

// ---------------------------------------------------------------------------------------------
// What the pages show.

/** The producer's public pages, both languages: what the list, bulk and import screens report on. */
export const producerPublicState = (db: Db, producerSlug: string) =>
  publicState(db, [publicPaths.producer('fr', producerSlug), publicPaths.producer('en', producerSlug)]);

export async function productsPage(db: Db, producer: ProducerRef, archived: boolean) {
  const [list, status] = await Promise.all([producerProducts(db, producer.id, { archived }), producerPublicState(db, producer.slug)]);
  return { list, status };
}

/** The product form's choices, and the product (with its public state) when it exists. */
export async function productPage(db: Db, producer: ProducerRef, productId: number | null) {
  const [vocab, existing] = await Promise.all([
    catalogVocabulary(db, productId ? { productId } : {}),
    productId ? producerProduct(db, producer.id, productId) : null,
  ]);
  const status = existing
    ? await publicState(db, [
        publicPaths.product('fr', producer.slug, existing.product.slug),
        publicPaths.product('en', producer.slug, existing.product.slug),
      ])
    : null;
  return { vocab, existing, status };
}
export type ProductPageData = Awaited<ReturnType<typeof productPage>>;

export async function bulkPage(db: Db, producer: ProducerRef) {
  const [list, status] = await Promise.all([catalogVariants(db, producer.id), producerPublicState(db, producer.slug)]);
  return { list, status };
}
