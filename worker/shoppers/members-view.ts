// The members' views a signed-in member sees: the members' shelf on a shop page (the tag-only variants
// their tags open, at their price, sent in the live response), the links to their members-only sales,
// and the shelves of such a sale's own page. All rendered by the same shelf code as the published
// pages, in the worker, for that shopper's request: no published page ever holds a members' product or price.
import type { memberOffer, ShopItem } from '../../db/catalog/shop.ts';
import type { categories as categoriesTable } from '../../db/schema/index.ts';
import type { Lang } from '../../domain/catalog-paths.ts';
import { compareText } from '../../site/lib/catalog-view.ts';
import { esc } from '../../site/lib/html.ts';
import { formatters } from '../../site/lib/i18n.ts';
import { accountPaths } from './paths.ts';
import { renderShelfCategories, shelfOf, type ShelfCategoryInput, type ShelfProductInput } from '../../site/lib/render-shelf.ts';

type Offer = Awaited<ReturnType<typeof memberOffer>>;
type Category = typeof categoriesTable.$inferSelect;

/** Items grouped as the published shelves are: categories in position order, products by name, variants in the query's order. */
export function shelfGroups(items: readonly ShopItem[], categories: readonly Category[]): ShelfCategoryInput[] {
  const byProduct = new Map<number, ShopItem[]>();
  for (const i of items) (byProduct.get(i.productId) ?? byProduct.set(i.productId, []).get(i.productId)!).push(i);
  const products = [...byProduct.values()].sort(
    (a, b) => a[0]!.categoryPosition - b[0]!.categoryPosition || compareText(a[0]!.productName, b[0]!.productName),
  );
  const groups: ShelfCategoryInput[] = [];
  for (const list of products) {
    const first = list[0]!;
    const category = categories.find((c) => c.id === first.categoryId);
    if (!category) continue;
    let group = groups.at(-1);
    if (group?.category.slug !== category.slug) groups.push((group = { category, products: [] }));
    const product: ShelfProductInput = {
      product: { slug: first.productSlug, name: first.productName },
      producer: { id: first.producerId, slug: first.producerSlug, name: first.producerName },
      labels: [],
      shelves: list.map(shelfOf),
    };
    (group.products as ShelfProductInput[]).push(product);
  }
  return groups;
}

export function memberShelvesHtml(lang: Lang, offer: Offer): string {
  if (offer.items.length === 0) return '';
  const title = lang === 'fr' ? 'Réservé aux membres' : 'For members only';
  const note =
    lang === 'fr'
      ? 'Ces produits vous sont proposés au prix membre de votre boutique.'
      : 'These products are offered to you at your shop’s members’ price.';
  return `<section class="member-shelves" aria-labelledby="member-shelves-title"><h2 id="member-shelves-title">${title}</h2><p>${note}</p>${renderShelfCategories(lang, shelfGroups(offer.items, offer.categories))}</section>`;
}

/** The page of a members-only sale, under the account (the shopper's cookie reaches it, never a catalog page). */
export const memberSalePath = (lang: Lang, hubSlug: string, cycleId: number) =>
  lang === 'fr' ? `/compte/ventes/${hubSlug}/${cycleId}/` : `/en/account/sales/${hubSlug}/${cycleId}/`;

/** « Ventes réservées aux membres : … », links to the members-only sales open to this shopper at this hub ('' when none). */
export function memberSalesHtml(
  lang: Lang,
  hubSlug: string,
  sales: readonly { cycleId: number; name: string; closesAt: number }[],
): string {
  if (sales.length === 0) return '';
  const f = formatters(lang);
  const links = sales
    .map(
      (s) =>
        `<li><a href="${memberSalePath(lang, esc(hubSlug), s.cycleId)}">${esc(s.name)}</a> — ${esc(lang === 'fr' ? `jusqu’au ${f.dateTime(s.closesAt)}` : `until ${f.dateTime(s.closesAt)}`)}</li>`,
    )
    .join('');
  const title = lang === 'fr' ? 'Ventes réservées aux membres, ouvertes pour vous :' : 'Members-only sales open to you:';
  return `<div class="member-sales"><p>${title}</p><ul>${links}</ul></div>`;
}

/** « Connecté·e : … — Mon compte », shown by the shop page's script to a signed-in shopper. */
export function accountLineHtml(lang: Lang, email: string): string {
  const label = lang === 'fr' ? `Connecté·e : ${esc(email)}` : `Signed in: ${esc(email)}`;
  return `<p class="account-line">${label} — <a href="${accountPaths(lang).home}">${lang === 'fr' ? 'Mon compte' : 'My account'}</a></p>`;
}
