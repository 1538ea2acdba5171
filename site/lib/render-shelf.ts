// A shop's shelves as HTML: categories, products and priced variants with the unit price, and a link to
// where the money goes (the product page shows each price's breakdown: a table in every row of a large
// shop was most of its elements). Rendered as strings because a large shop has thousands of rows; the
// markup is the data the filters read (data-c category, data-p producer, data-l labels), so no product
// ships as JS data.
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { isLowStock, isSoldOut } from '../../domain/offers.ts';
import type { ShopItem } from '../../db/catalog/shop.ts';
import type { Shelf } from './catalog-view.ts';
import { esc } from './html.ts';
import { formatters, messages } from './i18n.ts';
import { imageSize, imageUrl, imgTag, thumbKey } from './photos.ts';

type Named = { slug: string; nameFr: string; nameEn: string };

/** What a shelf needs to be shown (the build's catalog view and the worker's search both provide it). */
export interface ShelfProductInput {
  product: { slug: string; name: string; imageKey?: string | null };
  /** The producer's photo or logo stands in for a product without one. */
  producer: { id: number; slug: string; name: string; logoKey?: string | null };
  labels: readonly Named[];
  shelves: readonly Shelf[];
}

export interface ShelfCategoryInput {
  category: Named;
  products: readonly ShelfProductInput[];
}

/** Rows whose photos a phone's first screen shows: loaded at once, the others when scrolled near. */
export const EAGER_ROWS = 3;

/**
 * `offer`: the id of this shop's offer on the product pages (offerAnchor), where the links to the
 * breakdown of the prices lead; without it they lead to the top of the product page.
 */
export function renderShelfCategories(lang: Lang, categories: readonly ShelfCategoryInput[], offer = ''): string {
  let html = '';
  const row = { n: 0, offer: offer ? `#${esc(offer)}` : '' };
  for (const c of categories) html += renderCategory(lang, c, row);
  return html;
}

/** The id of a shop's offer on a product page: the hub's, or for a sale other than the one at its URL, that sale's. */
export const offerAnchor = (hubSlug: string, cycleId: number, shownAtShop: number | null): string =>
  cycleId === shownAtShop ? `o-${hubSlug}` : `o-${hubSlug}-${cycleId}`;

/**
 * The first row's thumbnail (fetchpriority high in renderProduct), the likely largest paint of a phone's
 * first screen: the page preloads it from its <head>, before the parser reaches the shelves.
 */
export function firstRowPhoto(categories: readonly ShelfCategoryInput[]): string | null {
  const first = categories[0]?.products[0];
  const key = first && (first.product.imageKey || first.producer.logoKey);
  return key && imageSize(key) ? imageUrl(thumbKey(key)) : null;
}

function renderCategory(lang: Lang, c: ShelfCategoryInput, row: { n: number; offer: string }): string {
  const slug = esc(c.category.slug);
  const name = esc(lang === 'fr' ? c.category.nameFr : c.category.nameEn);
  // Which producers and labels the category holds: the no-JavaScript filters hide it by attribute,
  // without looking through its rows.
  const producers = [...new Set(c.products.map((p) => p.producer.id))].join(' ');
  const labels = [...new Set(c.products.flatMap((p) => p.labels.map((l) => esc(l.slug))))].join(' ');
  let html = `<section class="cat" id="${slug}" data-c="${slug}" data-ps="${producers}"${labels ? ` data-ls="${labels}"` : ''} aria-labelledby="h-${slug}"><h2 id="h-${slug}">${name}</h2><ul class="products">`;
  for (const p of c.products) html += renderProduct(lang, p, c.category, row.n++, row.offer);
  return `${html}</ul></section>`;
}

function renderProduct(lang: Lang, sp: ShelfProductInput, category: Named, row: number, offer: string): string {
  const t = messages[lang];
  // Names and descriptions are written in French by the producers.
  const fr = lang === 'fr' ? '' : ' lang="fr"';
  const labels = sp.labels.map((l) => esc(l.slug)).join(' ');
  // data-o: the category's and labels' names in the other language, not shown but searched (domain/search.ts).
  const other = esc([category, ...sp.labels].map((n) => (lang === 'fr' ? n.nameEn : n.nameFr)).join(' '));
  const photo = sp.product.imageKey || sp.producer.logoKey;
  let html = `<li class="product${photo ? ' with-photo' : ''}" data-p="${sp.producer.id}"${labels ? ` data-l="${labels}"` : ''} data-o="${other}">`;
  // Beside the product's name, the photo says nothing more to a screen reader: alt="".
  if (photo) html += imgTag(photo, { alt: '', className: 'thumb', priority: row === 0 ? 'high' : row < EAGER_ROWS ? 'eager' : 'lazy' });
  const product = esc(paths.product(lang, sp.producer.slug, sp.product.slug));
  html += `<h3><a href="${product}"${fr}>${esc(sp.product.name)}</a></h3>`;
  html += `<p class="by">${t.by} <a href="${esc(paths.producer(lang, sp.producer.slug))}">${esc(sp.producer.name)}</a>`;
  for (const l of sp.labels) html += ` <span class="lbl">${esc(lang === 'fr' ? l.nameFr : l.nameEn)}</span>`;
  html += `</p><ul class="variants">`;
  for (const s of sp.shelves) html += renderShelf(lang, s, fr);
  // One link per product (not a table per variant): the product page breaks down each of its prices
  // there. Below the variants, so the first row's price stays on a phone's first screen.
  return `${html}</ul><a class="money" href="${product}${offer}">${esc(t.whereMoney)}</a></li>`;
}

/** A shop item the worker read (its search page, a stale page's patch) as the shelf the build renders. */
export const shelfOf = (i: ShopItem): Shelf => ({
  variantId: i.variantId,
  name: i.variantName,
  unitKind: i.unitKind,
  unitValue: i.unitValue,
  onDemand: i.onDemand,
  onHand: i.onHand,
  price: i.price,
});

/** One variant: name, price, unit price, and stock as of the build. */
export function renderShelf(lang: Lang, s: Shelf, nameLang = ''): string {
  const t = messages[lang];
  const f = formatters(lang);
  const p = s.price;
  const badge = isSoldOut(s)
    ? `<span class="badge out">${t.soldOut}</span>`
    : isLowStock(s)
      ? `<span class="badge">${esc(t.fewLeft(s.onHand))}</span>`
      : '';
  return (
    `<li class="variant" data-variant-id="${s.variantId}"><span class="name"${nameLang}>${esc(s.name)}</span> ` +
    `<span class="price">${f.money(p.priceCents)}</span> <span class="unit-price">${f.unitPrice(p.priceCents, s.unitKind, s.unitValue)}</span> ` +
    `<span class="stock">${badge}</span></li>`
  );
}

/** Where a price goes, as rows of a table: the producer's share, each fee, and the VAT it includes (the product page). */
export function renderBreakdownRows(lang: Lang, p: Shelf['price'], producerName: string): string {
  const t = messages[lang];
  const f = formatters(lang);
  let rows = `<tr><th scope="row">${t.role.producer} · ${esc(producerName)}</th><td>${f.money(p.basePriceCents)}</td></tr>`;
  for (const fee of p.fees)
    rows += `<tr><th scope="row">${t.role[fee.role]} · ${esc(fee.name)}</th><td>${f.money(fee.amountCents)}</td></tr>`;
  rows += `<tr><th scope="row">${esc(t.vatIncluded(f.vatRate(p.vatRateBp)))}</th><td>${f.money(p.vatCents)}</td></tr>`;
  return rows;
}

/**
 * CSS that makes the category, producer and label menus filter the shelves with JavaScript off (the page
 * puts it in <noscript>: with scripts on, the island filters, and a browser never restyles through these
 * :has() rules, which cost a large shop most of its style time at load): rules
 * matching the selected <option> with :has(), asked of the filter form (a hundred nodes; asked of the
 * whole shop it would walk thousands of rows on every change), the shelves reached with `~`. Each
 * rule ends in a class and attributes (.product, .cat; no :has() there, which would search the rows)
 * so the browser tries it on those elements only, and choices absent from this page (a large shop's
 * other parts) share one rule that hides everything.
 */
export function filterCss(
  shop: {
    categories: readonly { category: { slug: string } }[];
    producers: readonly { producer: { id: number } }[];
    labels: readonly { slug: string }[];
  },
  here: readonly ShelfCategoryInput[],
): string {
  const on = (select: string, values: string[]) =>
    `#filters:has(#${select} :is(${values.map((v) => `[value="${v}"]`).join(',')}):checked)~#shelves`;
  const presentProducers = new Set<string>();
  const presentLabels = new Set<string>();
  for (const c of here)
    for (const p of c.products) {
      presentProducers.add(String(p.producer.id));
      for (const l of p.labels) presentLabels.add(cssString(l.slug));
    }
  const rules: string[] = [];
  for (const c of shop.categories) {
    const v = cssString(c.category.slug);
    rules.push(`${on('f-c', [v])} .cat:not([data-c="${v}"])`);
  }
  const absentProducers = shop.producers.map((p) => String(p.producer.id)).filter((v) => !presentProducers.has(v));
  if (absentProducers.length) rules.push(`${on('f-p', absentProducers)} .cat`);
  for (const v of presentProducers)
    rules.push(`${on('f-p', [v])} .product:not([data-p="${v}"])`, `${on('f-p', [v])} .cat:not([data-ps~="${v}"])`);
  const absentLabels = shop.labels.map((l) => cssString(l.slug)).filter((v) => !presentLabels.has(v));
  if (absentLabels.length) rules.push(`${on('f-l', absentLabels)} .cat`);
  for (const v of presentLabels)
    rules.push(`${on('f-l', [v])} .product:not([data-l~="${v}"])`, `${on('f-l', [v])} .cat:not([data-ls~="${v}"])`);
  return rules.length ? `${rules.join(',')}{display:none}` : '';
}

const cssString = (s: string) => s.replace(/[^a-z0-9-]/gi, '');

// ---------------------------------------------------------------------------------------------
// What the worker writes into a stale published shop page (worker/catalog-pages) beside renderShelf.

/**
 * A variant the published page lists that the shop no longer offers (withdrawn, archived, out of the
 * cycle): its name stays, without price or breakdown, marked so the island gives it no add button.
 */
export function renderUnavailableShelf(lang: Lang, variantId: number, nameHtml: string): string {
  return (
    `<li class="variant unavailable" data-variant-id="${variantId}" data-unavailable="">${nameHtml} ` +
    `<span class="stock"><span class="badge out">${esc(messages[lang].noLongerOffered)}</span></span></li>`
  );
}

/** The notice of a page served as published because the database could not be asked. */
export function renderAsOfPublicationNotice(lang: Lang): string {
  return `<p class="banner error" role="status" id="as-of-publication">${esc(messages[lang].asOfPublication)}</p>`;
}

export interface ShopStatusCycle {
  name: string;
  opensAt: number;
  closesAt: number;
  collectionStartsAt: number | null;
  collectionEndsAt: number | null;
  collectionPlace: string;
  instructions: string;
}

/**
 * The inside of the shop's status banner (#shop-status), written by ShopPage.astro at build and by the
 * worker into a stale page: open until when, collection, instructions; or closed, with the next
 * opening. `openedSincePublication` is a page published closed whose cycle has opened: its shelves come
 * with the rebuild.
 */
export function renderShopStatus(
  lang: Lang,
  s: { open: ShopStatusCycle | null; next: ShopStatusCycle | null; membersOnly?: boolean; openedSincePublication?: boolean },
): string {
  const t = messages[lang];
  const f = formatters(lang);
  const { open, next } = s;
  if (open && s.openedSincePublication) return `<p>${esc(t.island.openedNow)}</p>`;
  if (open) {
    let html = `<p><strong>${esc(t.ordersOpen(f.cycleLabel(open.name, open.opensAt, open.closesAt), f.dateTime(open.closesAt)))}</strong></p>`;
    if (open.collectionStartsAt && open.collectionEndsAt)
      html += `<p>${esc(t.collection(f.window(open.collectionStartsAt, open.collectionEndsAt), open.collectionPlace))}</p>`;
    if (open.instructions) html += `<p class="muted" lang="fr">${esc(open.instructions)}</p>`;
    return html;
  }
  let html = `<p>${esc(t.shopClosed)}${next ? esc(t.shopNext(f.dateTime(next.opensAt))) : ''}</p>`;
  if (s.membersOnly) html += `<p>${esc(t.shopMembers)}</p>`;
  if (next?.collectionStartsAt && next.collectionEndsAt)
    html += `<p class="muted">${esc(t.collection(f.window(next.collectionStartsAt, next.collectionEndsAt), next.collectionPlace))}</p>`;
  return html;
}
