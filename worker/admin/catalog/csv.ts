// The catalog as a spreadsheet: the CSV export, and the import planned row by row (a preview) then
// applied in one batch only when every row is valid.
import { insertProductStatement, nextProductId, productNames, updateProductStatement } from '../../../db/catalog/product-statements.ts';
import {
  catalogVariants,
  catalogVocabulary,
  insertVariantStatement,
  productSlugs,
  updateVariantStatement,
} from '../../../db/catalog/products.ts';
import { auditStatement } from '../../../db/core/audit.ts';
import { asBatch, type Statement } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { catalogCsvRows, planCatalogImport, type CatalogVariant, type ImportPlan } from '../../../domain/catalog-csv.ts';
import { slugify, uniqueSlug } from '../../../domain/catalog-edit.ts';
import { parseCsv, toCsv } from '../../../domain/csv.ts';
import type { Actor } from '../../../domain/permissions.ts';
import type { ProducerRef } from './use-cases.ts';
import { auditActor } from '../shared/audit-actor.ts';

/** The largest file an import reads (characters of CSV text), by page or API. */
export const MAX_CSV_CHARS = 5_000_000;

export async function catalogCsv(db: Db, producerId: number): Promise<string> {
  return toCsv(catalogCsvRows(await catalogVariants(db, producerId)));
}

export type ImportResult = ImportPlan & { applied: boolean };

/**
 * Plans a CSV import and, when asked and every row is valid, applies it in one batch. A file with
 * any bad row writes nothing: the plan says which lines to fix.
 */
export async function importCatalogCsv({
  db,
  actor,
  producer,
  csv,
  apply,
  now,
}: {
  db: Db;
  actor: Actor;
  producer: ProducerRef;
  csv: string;
  apply: boolean;
  now: number;
}): Promise<ImportResult> {
  const [current, vocab, slugs, names] = await Promise.all([
    catalogVariants(db, producer.id),
    catalogVocabulary(db, { producerId: producer.id }),
    productSlugs(db, producer.id),
    productNames(db, producer.id),
  ]);
  const plan = planCatalogImport(parseCsv(csv), {
    variants: new Map(current.map((v) => [v.variantId, v])),
    productsByName: new Map(names.map((p) => [p.name.toLowerCase(), p.id])),
    categorySlugs: new Set(vocab.categories.map((c) => c.slug)),
  });
  if (!apply || plan.errors.length > 0 || plan.counts.create + plan.counts.update === 0) return { ...plan, applied: false };
  const who = auditActor(actor);
  const categoryIds = new Map(vocab.categories.map((c) => [c.slug, c.id]));
  await db.batch(
    asBatch([
      ...importStatements(db, { producerId: producer.id, plan, current, categoryIds, slugs, firstId: await nextProductId(db), now }),
      ...markStaleStatements(
        db,
        { kind: 'producer', enterpriseId: producer.id },
        `import CSV : ${plan.counts.create} ajout(s), ${plan.counts.update} modification(s)`,
      ),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: producer.id,
        action: 'catalog.import',
        subject: `producer:${producer.id}`,
        details: { ...plan.counts, ...who.via },
        at: now,
      }),
    ]),
  );
  return { ...plan, applied: true };
}

/** The plan's rows as statements: each touched product updated once, new products created once by name, variants after their product's. */
function importStatements(
  db: Db,
  {
    producerId,
    plan,
    current,
    categoryIds,
    slugs,
    firstId,
    now,
  }: {
    producerId: number;
    plan: ImportPlan;
    current: readonly CatalogVariant[];
    categoryIds: ReadonlyMap<string, number>;
    slugs: Set<string>;
    firstId: number;
    now: number;
  },
): Statement[] {
  let nextId = firstId;
  const newProducts = new Map<string, number>();
  const statements: Statement[] = [];
  const touchedProducts = new Set<number>();
  const positions = new Map<number, number>();
  for (const v of current) positions.set(v.productId, Math.max(positions.get(v.productId) ?? 0, 0) + 1);
  for (const row of plan.rows) {
    if (row.action === 'unchanged') continue;
    const categoryId = categoryIds.get(row.product.categorySlug)!;
    if (row.action === 'update') {
      if (!touchedProducts.has(row.productId)) {
        statements.push(
          updateProductStatement(
            db,
            producerId,
            row.productId,
            { name: row.productName, categoryId, description: row.product.description },
            now,
          ),
        );
        touchedProducts.add(row.productId);
      }
      statements.push(updateVariantStatement(db, row.productId, row.variantId, row.variant, now));
      continue;
    }
    let productId = row.productId ?? newProducts.get(row.productName.toLowerCase());
    if (productId === undefined) {
      productId = nextId++;
      const slug = uniqueSlug(slugify(row.productName), slugs);
      slugs.add(slug);
      newProducts.set(row.productName.toLowerCase(), productId);
      statements.push(
        insertProductStatement(
          db,
          { id: productId, producerId, categoryId, slug, name: row.productName, description: row.product.description },
          now,
        ),
      );
    }
    const position = positions.get(productId) ?? 0;
    positions.set(productId, position + 1);
    statements.push(insertVariantStatement(db, productId, row.variant, position, now));
  }
  return statements;
}
