// The members' shelf a signed-in member sees on a shop page: the tag-only variants their tags open, at
// their price, rendered by the same shelf code as the published pages and sent in the live response,
// so no published page ever holds a members' product or price.
import type { memberOffer } from '../../db/catalog/shop.ts';
import type { Lang } from '../../domain/catalog-paths.ts';
import { compareText } from '../../site/lib/catalog-view.ts';
import { esc } from '../../site/lib/html.ts';
import { accountPaths } from './paths.ts';
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
  const title = lang === 'fr' ? 'Réservé aux membres' : 'For members only';
  const note =
    lang === 'fr'
      ? 'Ces produits vous sont proposés au prix membre de votre boutique.'
      : 'These products are offered to you at your shop’s members’ price.';
  return `<section class="member-shelves" aria-labelledby="member-shelves-title"><h2 id="member-shelves-title">${title}</h2><p>${note}</p>${renderShelfCategories(lang, groups)}</section>`;
}

/** « Connecté·e : … — Mon compte », shown by the shop page's script to a signed-in shopper. */
export function accountLineHtml(lang: Lang, email: string): string {
  const label = lang === 'fr' ? `Connecté·e : ${esc(email)}` : `Signed in: ${esc(email)}`;
  return `<p class="account-line">${label} — <a href="${accountPaths(lang).home}">${lang === 'fr' ? 'Mon compte' : 'My account'}</a></p>`;
}
