// A stale published shop page (or one of its parts, or the page of one of its sales) shown fresh: every
// variant row it lists is rendered again by the build's own renderShelf from the offer the cart and
// checkout read (shopPageRefresh) for the sale the page shows, rows the shop no longer offers are shown
// so, the status banner follows that sale, and the chooser the hub's open sales.
import type { ShopItem, ShopPageRefresh } from '../../db/catalog/shop.ts';
import type { Lang } from '../../domain/catalog-paths.ts';
import { esc } from '../../site/lib/html.ts';
import { messages } from '../../site/lib/i18n.ts';
import { renderCycleChooser, showsChooser } from '../../site/lib/render-cycles.ts';
import { renderShelf, renderShopStatus, renderUnavailableShelf, shelfOf } from '../../site/lib/render-shelf.ts';

const ROW = /<li class="variant" data-variant-id="(\d+)"><span class="name"[^>]*>([^<]*)<\/span>/g;

/** The variants a published page lists, with their names as published (the markup renderShelf writes). */
export function listedVariants(html: string): Map<number, string> {
  const rows = new Map<number, string>();
  for (const m of html.matchAll(ROW)) rows.set(Number(m[1]), m[2]!);
  return rows;
}

/** What the published page says of its sale: which it shows, which is at the shop's URL, whether it has a chooser. */
export interface PublishedSale {
  cycleId: number | null;
  shownAtShop: number | null;
  hasChooser: boolean;
}

export function publishedSale(html: string): PublishedSale {
  const main = /<main id="shop"[^>]*>/.exec(html)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\s${name}="(\\d+)"`).exec(main)?.[1]) || null;
  const cycleId = attr('data-cycle');
  return { cycleId, shownAtShop: attr('data-shop-cycle') ?? cycleId, hasChooser: html.includes('<nav id="shop-cycles"') };
}

/** The page's HTML rewritten with the current data (HTMLRewriter, native to workerd: no parser in the bundle). */
export function patchShopPage(
  lang: Lang,
  page: Response,
  listed: ReadonlyMap<number, string>,
  fresh: ShopPageRefresh,
  sale: PublishedSale = { cycleId: null, shownAtShop: null, hasChooser: false },
): Response {
  const nameLang = lang === 'fr' ? '' : ' lang="fr"';
  let builtOpen = false;
  let closedNow = false;
  let banner: string | null = null;
  const { open, next } = fresh;
  // The hub's open sales as they are now; the one this page showed, closed since, is no longer among them.
  const chooser = (hub: string) =>
    builtOpen && fresh.hub ? renderCycleChooser(lang, hub, fresh.opens, open?.cycleId ?? null, sale.shownAtShop) : '';
  const others = fresh.opens.filter((o) => o.cycleId !== sale.cycleId);
  return new HTMLRewriter()
    .on('main#shop', {
      element(el) {
        builtOpen = el.getAttribute('data-state') === 'open';
        const builtCloses = Number(el.getAttribute('data-closes-at'));
        const builtOpens = Number(el.getAttribute('data-opens-at'));
        if (builtOpen && open) {
          if (open.closesAt !== builtCloses || open.opensAt !== builtOpens) {
            banner = renderShopStatus(lang, { open, next: null });
            el.setAttribute('data-closes-at', String(open.closesAt));
            el.setAttribute('data-opens-at', String(open.opensAt));
          }
        } else if (builtOpen) {
          // Closed since publication: no shelf, no cart, as the page published closed shows it.
          closedNow = true;
          banner = others.length ? `<p>${esc(messages[lang].saleClosedNow)}</p>` : renderShopStatus(lang, { open: null, next });
          el.setAttribute('data-state', 'closed');
          el.removeAttribute('data-closes-at');
          if (next) el.setAttribute('data-opens-at', String(next.opensAt));
          else el.removeAttribute('data-opens-at');
        } else if (open) {
          banner = renderShopStatus(lang, { open, next: null, openedSincePublication: true });
        } else if ((next?.opensAt ?? 0) !== (builtOpens || 0)) {
          banner = renderShopStatus(lang, { open: null, next });
          if (next) el.setAttribute('data-opens-at', String(next.opensAt));
          else el.removeAttribute('data-opens-at');
        }
        // The phone layout's compact banner goes with the chooser (main.several-sales in comptoir.css).
        if (builtOpen && fresh.hub && showsChooser(fresh.opens, open?.cycleId ?? null)) el.setAttribute('class', 'several-sales');
        else el.removeAttribute('class');
      },
    })
    .on('#shop-status', {
      element(el) {
        if (banner !== null) el.setInnerContent(banner, { html: true });
        if (closedNow) el.setAttribute('class', 'banner closed');
        // A page published with one sale, now with several: the chooser comes after the banner.
        if (!sale.hasChooser && fresh.hub) el.after(chooser(fresh.hub.slug), { html: true });
      },
    })
    .on('#shop-cycles', { element: (el) => void (fresh.hub ? el.replace(chooser(fresh.hub.slug), { html: true }) : undefined) })
    .on('#shelves', { element: (el) => void (closedNow && el.remove()) })
    .on('#filters', { element: (el) => void (closedNow && el.remove()) })
    .on('#f-count', { element: (el) => void (closedNow && el.remove()) })
    .on('main#shop > nav:not(#shop-cycles)', { element: (el) => void (closedNow && el.remove()) })
    .on('#cart-bar', { element: (el) => void (closedNow && el.remove()) })
    .on('li.variant[data-variant-id]', {
      element(el) {
        if (!builtOpen || closedNow) return;
        const id = Number(el.getAttribute('data-variant-id'));
        const item = fresh.items.get(id);
        if (item) {
          el.replace(renderShelf(lang, shelfOf(item), nameLang), { html: true });
          return;
        }
        // No longer offered (withdrawn, archived, out of the cycle): named as published, without a price.
        el.replace(renderUnavailableShelf(lang, id, `<span class="name"${nameLang}>${listed.get(id) ?? ''}</span>`), { html: true });
      },
    })
    .transform(page);
}
