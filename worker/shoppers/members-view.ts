// The members' shelf a signed-in member sees on a shop page: the tag-only variants their tags open, at
// their price, rendered by the same shelf code as the published pages and sent in the live response,
// so no published page ever holds a members' product or price.
import type { memberOffer } from '../../db/catalog/shop.ts';
import type { Lang } from '../../domain/catalog-paths.ts';
import { compareText } from '../../site/lib/catalog-view.ts';
import { renderShelfCategories, shelfOf, type ShelfCategoryInput, type ShelfProductInput } from '../../site/lib/render-shelf.ts';

type Offer = Awaited<ReturnType<typeof memberOffer>>;

export function memberShelvesHtml(lang: Lang, offer: Offer): string {
  if (offer.items.length === 0) return '';
  const byProduct = new Map<number, Offer['items']>();
  for (const i of offer.items) (byProduct.get(i.productId) ?? byProduct.set(i.productId, []).get(i.productId)!).push(i);
  const products = [...byProduct.values()].sort(
    (a, b) => a[0]!.categoryPosition - b[0]!.categoryPosition || compareText(a[0]!.productName, b[0]!.productName),
  );
  const groups: ShelfCategoryInput[] = [];
  for (const items of products) {
    const first = items[0]!;
    const category = offer.categories.find((c) => c.id === first.categoryId);
    if (!category) continue;
    let group = groups.at(-1);
    if (group?.category.slug !== category.slug) groups.push((group = { category, products: [] }));
    const product: ShelfProductInput = {
      product: { slug: first.productSlug, name: first.productName },
      producer: { id: first.producerId, slug: first.producerSlug, name: first.producerName },
      labels: [],
      shelves: items.map(shelfOf),
    };
    (group.products as ShelfProductInput[]).push(product);
  }
  return renderShelfCategories(lang, groups);
}
