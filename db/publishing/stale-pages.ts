// Which public catalog pages a change makes stale. The database computes the paths from the data in
// the same batch as the edit, records them with a reason, and queues one rebuild for a burst of edits.
// Product pages are not among them: the worker renders them on demand from the database, so they are
// never stale (worker/routes/product-pages.tsx).
import { sql, type SQL } from 'drizzle-orm';
import { LANGS, listingPaths, paths, pathSql } from '../../domain/catalog-paths.ts';
import type { Statement } from '../core/batch.ts';
import type { Db } from '../core/client.ts';

export type CatalogChange =
  | { kind: 'variant'; variantId: number } // price, name, stock mode, archive
  | { kind: 'product'; productId: number } // name, description, category, labels, image, archive
  | { kind: 'producer'; enterpriseId: number } // producer profile
  | { kind: 'hub'; enterpriseId: number } // hub profile, methods, terms
  | { kind: 'cycle'; cycleId: number } // times, selections, fees, collection details
  | { kind: 'override'; hubId: number; variantId: number }
  | { kind: 'category'; categoryId: number } // renamed or moved in the platform's order
  | { kind: 'label'; labelId: number }; // renamed

/** Database time in epoch ms: stale marks and rebuild claims use one clock, whoever writes them. */
export const NOW_MS = sql.raw(`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`);

/** Cycles whose shop pages are, or will be, on show: open now or still to come. */
const LIVE = `oc.closes_at > (unixepoch('subsec') * 1000)`;

const both = (f: (lang: (typeof LANGS)[number]) => string) => LANGS.map(f);

/** `SELECT <expr> AS path <from>` for each expression, bound to the change's ids. */
function select(exprs: string[], from: SQL): SQL[] {
  return exprs.map((e) => sql`SELECT ${sql.raw(e)} AS path ${from}`);
}

const literals = (paths: string[]) => paths.map((p) => sql`SELECT ${sql.raw(pathSql.literal(p))} AS path`);

const shopAndCheckout = (hubAlias: string) => [
  ...both((l) => pathSql.shop(l, `${hubAlias}.slug`)),
  ...both((l) => pathSql.checkout(l, `${hubAlias}.slug`)),
];
const shops = (hubAlias: string) => both((l) => pathSql.shop(l, `${hubAlias}.slug`));
const producerPages = both((l) => pathSql.producer(l, 'pr.slug'));

/** Hubs whose live cycles sell any of the variants a subquery yields. */
const hubsSelling = (variantIds: SQL) => sql`FROM cycle_outgoing_variants cov
  JOIN cycle_outgoing co ON co.id = cov.outgoing_id
  JOIN order_cycles oc ON oc.id = co.cycle_id
  JOIN enterprises h ON h.id = co.hub_id
  WHERE ${sql.raw(LIVE)} AND cov.variant_id IN (${variantIds})`;

/** Products (with producer) of the variants in live outgoing selections matching a condition on co. */
const productsSoldWhere = (condition: SQL) => sql`FROM cycle_outgoing co
  JOIN order_cycles oc ON oc.id = co.cycle_id
  JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
  JOIN variants v ON v.id = cov.variant_id
  JOIN products p ON p.id = v.product_id
  JOIN enterprises pr ON pr.id = p.producer_id
  WHERE ${condition}`;

/** One SELECT (a UNION of path selects) listing the pages a change affects. */
export function affectedPathsQuery(change: CatalogChange): SQL {
  const parts: SQL[] = [];
  switch (change.kind) {
    case 'variant': {
      const id = change.variantId;
      const ofVariant = sql`FROM variants v JOIN products p ON p.id = v.product_id JOIN enterprises pr ON pr.id = p.producer_id WHERE v.id = ${id}`;
      parts.push(...select(producerPages, ofVariant));
      parts.push(...select(shops('h'), hubsSelling(sql`${id}`)));
      break;
    }
    case 'product': {
      const id = change.productId;
      const ofProduct = sql`FROM products p JOIN enterprises pr ON pr.id = p.producer_id WHERE p.id = ${id}`;
      parts.push(...select(producerPages, ofProduct));
      parts.push(...select(shops('h'), hubsSelling(sql`SELECT id FROM variants WHERE product_id = ${id}`)));
      break;
    }
    case 'producer': {
      const id = change.enterpriseId;
      parts.push(...select(producerPages, sql`FROM enterprises pr WHERE pr.id = ${id}`));
      parts.push(
        ...select(
          shops('h'),
          hubsSelling(sql`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE p.producer_id = ${id}`),
        ),
      );
      // A hub's page between cycles names the producers it works with.
      parts.push(
        ...select(shops('h'), sql`FROM enterprise_relationships r JOIN enterprises h ON h.id = r.hub_id WHERE r.producer_id = ${id}`),
      );
      parts.push(...literals(listingPaths()));
      break;
    }
    case 'hub': {
      const id = change.enterpriseId;
      parts.push(...select(shopAndCheckout('h'), sql`FROM enterprises h WHERE h.id = ${id}`));
      // Producer pages say where to buy: they name the hub.
      parts.push(...select(producerPages, productsSoldWhere(sql`co.hub_id = ${id} AND ${sql.raw(LIVE)}`)));
      parts.push(...literals(listingPaths()));
      break;
    }
    case 'cycle': {
      const id = change.cycleId;
      parts.push(
        ...select(shopAndCheckout('h'), sql`FROM cycle_outgoing co JOIN enterprises h ON h.id = co.hub_id WHERE co.cycle_id = ${id}`),
      );
      parts.push(...select(producerPages, productsSoldWhere(sql`co.cycle_id = ${id}`)));
      parts.push(...literals(listingPaths()));
      break;
    }
    case 'override': {
      parts.push(...select(shops('h'), sql`FROM enterprises h WHERE h.id = ${change.hubId}`));
      break;
    }
    // The platform's categories and labels: their names (and the categories' order) are on the shelves
    // of the shops selling what uses them, on the producers' pages, and a producer's labels on the list
    // of producers. Product pages are rendered on demand.
    case 'category': {
      const id = change.categoryId;
      parts.push(...select(producerPages, sql`FROM products p JOIN enterprises pr ON pr.id = p.producer_id WHERE p.category_id = ${id}`));
      parts.push(
        ...select(
          shops('h'),
          hubsSelling(sql`SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE p.category_id = ${id}`),
        ),
      );
      break;
    }
    case 'label': {
      const id = change.labelId;
      const onProducts = sql`SELECT product_id FROM product_labels WHERE label_id = ${id}`;
      parts.push(
        ...select(
          producerPages,
          sql`FROM enterprises pr WHERE pr.id IN (SELECT producer_id FROM products WHERE id IN (${onProducts}))
            OR pr.id IN (SELECT enterprise_id FROM enterprise_labels WHERE label_id = ${id})`,
        ),
      );
      parts.push(...select(shops('h'), hubsSelling(sql`SELECT id FROM variants WHERE product_id IN (${onProducts})`)));
      parts.push(
        ...select(
          both((l) => pathSql.literal(paths.producers(l))),
          sql`WHERE EXISTS (SELECT 1 FROM enterprise_labels WHERE label_id = ${id})`,
        ),
      );
      break;
    }
    default:
      return unreachable(change);
  }
  return sql.join(parts, sql` UNION `);
}

const MAX_REASON = 200;
const MAX_LOG_REASON = 1000;

/**
 * Statements to run in the same batch as the edit: record the stale pages (paths) with a reason, and
 * queue a rebuild (one queued rebuild collects a burst of edits; their reasons are appended to it).
 * Paths are computed from the data as the batch sees it at that point: put these statements after the
 * edit, and for an edit that moves pages (a slug change, a variant leaving a cycle) also before it.
 */
export function markStaleStatements(db: Db, change: CatalogChange, reason: string): Statement[] {
  const why = reason.trim().slice(0, MAX_REASON) || change.kind;
  return [recordStaleStatement(db, change, why), ...queueRebuildStatements(db, why)];
}

/** Records the pages a change affects as stale, without queueing (the caller queues). */
export function recordStaleStatement(db: Db, change: CatalogChange, reason: string): Statement {
  // A page marked again gets a later mark time, even within the same millisecond: a rebuild that took
  // the earlier mark then leaves it stale for the next one.
  return db.run(sql`INSERT INTO stale_pages (path, reason, marked_at)
    SELECT path, ${reason}, ${NOW_MS} FROM (${affectedPathsQuery(change)}) WHERE path IS NOT NULL
    ON CONFLICT (path) DO UPDATE SET reason = excluded.reason, marked_at = max(excluded.marked_at, stale_pages.marked_at + 1)`);
}

/** Queues a rebuild unless one is already waiting, in which case the reason joins it. */
export function queueRebuildStatements(db: Db, reason: string): Statement[] {
  return [
    db.run(sql`UPDATE catalog_rebuilds SET reason = substr(reason || ' ; ' || ${reason}, 1, ${MAX_LOG_REASON})
      WHERE state = 'queued' AND instr(reason, ${reason}) = 0`),
    db.run(sql`INSERT INTO catalog_rebuilds (state, reason, requested_at)
      SELECT 'queued', ${reason}, ${NOW_MS} WHERE NOT EXISTS (SELECT 1 FROM catalog_rebuilds WHERE state = 'queued')`),
  ];
}

/** Which public paths a change affects (for tests and for the back office to show). */
export async function pagesAffectedBy(db: Db, change: CatalogChange): Promise<string[]> {
  const rows = await db.all<{ path: string | null }>(sql`SELECT path FROM (${affectedPathsQuery(change)}) ORDER BY path`);
  return rows.flatMap((r) => (r.path === null ? [] : [r.path]));
}

function unreachable(value: never): never {
  throw new Error(`unexpected catalog change: ${JSON.stringify(value)}`);
}
