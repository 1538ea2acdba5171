// A hub's own prices and stock for the variants it sells, as the back office lists them: each variant
// of a producer working with the hub that lets it override, with the producer's values beside the hub's.
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import { enterpriseRelationships, enterprises, products, variantOverrides, variants } from '../schema/index.ts';

export interface OverrideVariant {
  variantId: number;
  producerName: string;
  productName: string;
  variantName: string;
  unitKind: (typeof variants.$inferSelect)['unitKind'];
  unitValue: number;
  producerPriceCents: number;
  producerOnHand: number;
  producerOnDemand: boolean;
  canOverridePrice: boolean;
  canOverrideStock: boolean;
  /** The hub's values; null = the producer's applies. */
  priceCents: number | null;
  onHand: number | null;
}

/**
 * Active variants of the hub's producers. With `ids`, those variants whatever their producer allows
 * (so a refusal can say why); without, only those whose producer allows a price or stock override.
 */
export async function hubOverrideVariants(db: Db, hubId: number, ids?: readonly number[]): Promise<OverrideVariant[]> {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .select({
      variantId: variants.id,
      producerName: enterprises.name,
      productName: products.name,
      variantName: variants.name,
      unitKind: variants.unitKind,
      unitValue: variants.unitValue,
      producerPriceCents: variants.priceCents,
      producerOnHand: variants.onHand,
      producerOnDemand: variants.onDemand,
      canOverridePrice: enterpriseRelationships.canOverridePrice,
      canOverrideStock: enterpriseRelationships.canOverrideStock,
      priceCents: variantOverrides.priceCents,
      onHand: variantOverrides.onHand,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(enterprises, eq(enterprises.id, products.producerId))
    .innerJoin(
      enterpriseRelationships,
      and(eq(enterpriseRelationships.producerId, products.producerId), eq(enterpriseRelationships.hubId, hubId)),
    )
    .leftJoin(variantOverrides, and(eq(variantOverrides.hubId, hubId), eq(variantOverrides.variantId, variants.id)))
    .where(
      and(
        isNull(variants.archivedAt),
        isNull(products.archivedAt),
        ids
          ? inArray(variants.id, [...ids])
          : or(eq(enterpriseRelationships.canOverridePrice, true), eq(enterpriseRelationships.canOverrideStock, true)),
      ),
    )
    .orderBy(asc(enterprises.name), asc(products.name), asc(variants.position), asc(variants.id));
  return rows;
}
