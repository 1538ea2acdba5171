// getStaticPaths for each kind of catalog page in either language, from the one catalog read of the
// build (product pages are not among them: the worker renders them on demand). An incremental rebuild renders only the pages it was asked for (see wanted()), and the views
// of the others are never computed. A page whose view cannot be derived is reported and left out
// (eachPage), so the others are still built.
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { catalogView, eachPage } from './build-data.ts';

/**
 * A shop page's props name the hub, not its priced shelves: Astro keeps every page's props until the
 * build ends, and the shelves of every shop of a national catalog would stay in memory with them. The
 * page asks for its shop (ShopPage.astro), priced when first asked for.
 */
export interface ShopPageProps {
  lang: Lang;
  hubId: number;
  /** One of the hub's other open sales (its own pages); absent for the shop's URL, which shows the first. */
  cycleId?: number;
  part: number;
}

export async function shopPaths(lang: Lang) {
  const view = await catalogView();
  return eachPage(
    view.hubs,
    (h) => paths.shop(lang, h.hub.slug),
    (h) => ({ params: { hub: h.hub.slug }, props: { lang, hubId: h.hub.id, part: 1 } satisfies ShopPageProps }),
  );
}

/** Parts 2…n of the large shops; they are built with the shop, never alone. */
export async function shopPartPaths(lang: Lang) {
  const view = await catalogView();
  return eachPage(
    view.hubs.filter((h) => h.open),
    (h) => paths.shop(lang, h.hub.slug),
    (h) =>
      view
        .shop(h.hub.id)
        .parts.slice(1)
        .map((p) => ({
          params: { hub: h.hub.slug, part: String(p.number) },
          props: { lang, hubId: h.hub.id, part: p.number } satisfies ShopPageProps,
        })),
  ).flat();
}

/**
 * The pages of each open public sale but the first, at hubs selling several at once (a Tuesday pickup
 * in one village, a Friday one in another): page 1 and the further parts of a large one.
 */
export async function shopCyclePaths(lang: Lang, parts: 'first' | 'rest') {
  const view = await catalogView();
  return eachPage(
    view.hubs.filter((h) => h.opens.length > 1),
    (h) => paths.shop(lang, h.hub.slug),
    (h) =>
      h.opens.slice(1).flatMap((o) => {
        const numbers =
          parts === 'first'
            ? [1]
            : view
                .shop(h.hub.id, o.cycleId)
                .parts.slice(1)
                .map((p) => p.number);
        return numbers.map((n) => ({
          params:
            parts === 'first'
              ? { hub: h.hub.slug, cycle: String(o.cycleId) }
              : { hub: h.hub.slug, cycle: String(o.cycleId), part: String(n) },
          props: { lang, hubId: h.hub.id, cycleId: o.cycleId, part: n } satisfies ShopPageProps,
        }));
      }),
  ).flat();
}

export async function producerPaths(lang: Lang) {
  const view = await catalogView();
  return eachPage(
    view.producers,
    (p) => paths.producer(lang, p.slug),
    (p) => ({ params: { producer: p.slug }, props: { lang, view: view.producer(p.id) } }),
  );
}
