// getStaticPaths for each kind of catalog page in either language, from the one catalog read of the
// build (product pages are not among them: the worker renders them on demand). An incremental rebuild renders only the pages it was asked for (see wanted()), and the views
// of the others are never computed. A page whose view cannot be derived is reported and left out
// (eachPage), so the others are still built.
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { catalogView, eachPage } from './build-data.ts';

export async function shopPaths(lang: Lang) {
  const view = await catalogView();
  return eachPage(
    view.hubs,
    (h) => paths.shop(lang, h.hub.slug),
    (h) => ({ params: { hub: h.hub.slug }, props: { lang, shop: view.shop(h.hub.id), part: 1 } }),
  );
}

/** Parts 2…n of the large shops; they are built with the shop, never alone. */
export async function shopPartPaths(lang: Lang) {
  const view = await catalogView();
  return eachPage(
    view.hubs.filter((h) => h.open),
    (h) => paths.shop(lang, h.hub.slug),
    (h) => {
      const shop = view.shop(h.hub.id);
      return shop.parts
        .slice(1)
        .map((p) => ({ params: { hub: shop.hub.slug, part: String(p.number) }, props: { lang, shop, part: p.number } }));
    },
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
