// Groups a shop's items by category, then product, in the order the catalog query returns them.
import type { ShopItem } from '../../db/catalog.ts';

export interface ProductGroup {
  productId: number;
  productName: string;
  description: string;
  producerSlug: string;
  producerName: string;
  variants: ShopItem[];
}

export interface CategoryGroup {
  slug: string;
  name: string;
  products: ProductGroup[];
}

export function groupShopItems(items: readonly ShopItem[]): CategoryGroup[] {
  const categories = new Map<string, CategoryGroup>();
  const products = new Map<number, ProductGroup>();
  for (const item of items) {
    let cat = categories.get(item.categorySlug);
    if (!cat) categories.set(item.categorySlug, (cat = { slug: item.categorySlug, name: item.categoryName, products: [] }));
    let product = products.get(item.productId);
    if (!product) {
      product = { productId: item.productId, productName: item.productName, description: item.description, producerSlug: item.producerSlug, producerName: item.producerName, variants: [] };
      products.set(item.productId, product);
      cat.products.push(product);
    }
    product.variants.push(item);
  }
  return [...categories.values()];
}
