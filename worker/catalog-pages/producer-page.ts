// A stale published producer page shown fresh: each product's name and the names of its variants as the
// producer has them now (the page shows no price). Found by their links, so the page needs no hook.
import type { producerPageRefresh } from '../../db/catalog/shop.ts';
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { esc } from '../../site/lib/html.ts';

export function patchProducerPage(
  lang: Lang,
  producerSlug: string,
  page: Response,
  fresh: Awaited<ReturnType<typeof producerPageRefresh>>,
): Response {
  // Product links are the product paths of this producer: what follows the prefix is the product's slug.
  const prefix = paths.product(lang, producerSlug, '').slice(0, -1);
  let last: { name: string; variants: string[] } | null = null;
  return (
    new HTMLRewriter()
      .on('meta[name="description"]', {
        element(el) {
          if (fresh.producer?.description) el.setAttribute('content', fresh.producer.description);
        },
      })
      // The hook ProducerPage.astro is asked for (the body's description paragraph); without it only the meta changes.
      .on('[data-producer-description]', {
        element(el) {
          if (fresh.producer) el.setInnerContent(esc(fresh.producer.description), { html: true });
        },
      })
      .on(`main li > a[href^="${prefix}"]`, {
        element(el) {
          const slug = (el.getAttribute('href') ?? '').slice(prefix.length).replace(/\/$/, '');
          last = fresh.products.get(slug) ?? null;
          if (last) el.setInnerContent(esc(last.name), { html: true });
        },
      })
      .on('main li > span.muted', {
        element(el) {
          if (last) el.setInnerContent(esc(`— ${last.variants.join(' · ')}`), { html: true });
          last = null;
        },
      })
      .transform(page)
  );
}
