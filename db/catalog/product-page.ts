// What a product's page shows, read when a shopper asks for it (the worker renders product pages on
// demand): the build's catalog read (site.ts) narrowed to the product and the hubs selling it, so the
// page shows what the shop pages and the checkout compute, from the same rules, in one round trip.
import { sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { readCatalog, type CatalogSnapshot } from './site.ts';

/**
 * The snapshot of one published product (not archived) with its producer, its variants, and the hubs
 * whose live sales sell it, with their sales, prices, overrides and fees; null when there is no such
 * product. The product is the snapshot's only one.
 */
export async function loadProductCatalog(
  db: Db,
  now: number,
  slugs: { producer: string; product: string },
): Promise<CatalogSnapshot | null> {
  const productIds = sql`SELECT p.id FROM products p JOIN enterprises pr ON pr.id = p.producer_id
    WHERE pr.slug = ${slugs.producer} AND p.slug = ${slugs.product} AND p.archived_at IS NULL`;
  // Hubs with a sale not yet closed that sells one of its variants; each hub's sales are then ranked
  // whole, as the build does, so « open now » and « next » are the same hub by hub.
  const hubIds = sql`SELECT co.hub_id FROM cycle_outgoing co JOIN cycle_outgoing_variants cov ON cov.outgoing_id = co.id
    JOIN variants v ON v.id = cov.variant_id JOIN order_cycles oc ON oc.id = co.cycle_id
    WHERE v.product_id IN (${productIds}) AND oc.closes_at > ${now}`;
  const snap = await readCatalog(db, now, { productIds, hubIds });
  return snap.products.length > 0 ? snap : null;
}
