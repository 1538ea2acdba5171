// Search results of a shop for browsers without JavaScript (the shop page's search form submits here):
// the same shelves as the pre-rendered page, found in the database across the whole shop.
import { raw } from 'hono/html';
import { paths, type Lang } from '../../domain/catalog-paths.ts';
import { messages } from '../../site/lib/i18n.ts';
import { renderShelfCategories, type ShelfCategoryInput } from '../../site/lib/render-shelf.ts';
import { Layout } from './layout.tsx';

export interface ShopSearchPageProps {
  lang: Lang;
  hub: { slug: string; name: string };
  query: { q: string; category?: string | undefined; producer?: string | undefined; label?: string | undefined };
  /** The sale searched when it came from a sale's own page (a hub selling several at once). */
  cycleId?: number | undefined;
  /** What is searched for, in words, e.g. « carottes · Légumes ». */
  criteria: string;
  categories: ShelfCategoryInput[];
  /** Products found (not variants), and how many of them are shown (a large result is cut, whole products). */
  found: number;
  shown: number;
  open: boolean;
}

const TEXT = {
  fr: {
    title: (hub: string) => `Recherche — ${hub}`,
    heading: 'Résultats de la recherche',
    for: (c: string) => `Recherche\u202f: ${c}`,
    found: (n: number) =>
      n === 0 ? 'Aucun produit ne correspond à ces critères.' : `${n} produit${n > 1 ? 's' : ''} trouvé${n > 1 ? 's' : ''}.`,
    capped: (n: number) => ` Les ${n} premiers sont affichés\u202f: précisez la recherche pour voir les autres.`,
    back: (hub: string) => `← Retour à la boutique ${hub}`,
    closed: 'La boutique est fermée\u202f: aucune vente publique n’est ouverte en ce moment.',
  },
  en: {
    title: (hub: string) => `Search — ${hub}`,
    heading: 'Search results',
    for: (c: string) => `Search: ${c}`,
    found: (n: number) => (n === 0 ? 'No product matches these criteria.' : `${n} product${n > 1 ? 's' : ''} found.`),
    capped: (n: number) => ` The first ${n} are shown: refine the search to see the others.`,
    back: (hub: string) => `← Back to the ${hub} shop`,
    closed: 'The shop is closed: no public sale is open right now.',
  },
} as const;

export const ShopSearchPage = (p: ShopSearchPageProps) => {
  const t = TEXT[p.lang];
  const m = messages[p.lang];
  const shop = p.cycleId ? paths.shopCycle(p.lang, p.hub.slug, p.cycleId) : paths.shop(p.lang, p.hub.slug);
  return (
    <Layout title={t.title(p.hub.name)} lang={p.lang}>
      <main id="main">
        <p class="eyebrow">
          <a href={shop}>{t.back(p.hub.name)}</a>
        </p>
        <h1>{t.heading}</h1>
        {!p.open ? (
          <p class="banner closed">{t.closed}</p>
        ) : (
          <>
            {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is understood by every browser; <search> is not yet */}
            <form class="filters" role="search" method="get" action={`/api/shops/${p.hub.slug}/search`}>
              <input type="hidden" name="lang" value={p.lang} />
              {p.cycleId && <input type="hidden" name="cycle" value={String(p.cycleId)} />}
              {p.query.category && <input type="hidden" name="category" value={p.query.category} />}
              {p.query.producer && <input type="hidden" name="producer" value={p.query.producer} />}
              {p.query.label && <input type="hidden" name="label" value={p.query.label} />}
              <div class="field wide">
                <label for="f-q">{m.search}</label>
                <input id="f-q" name="q" type="search" maxlength={80} value={p.query.q} />
              </div>
              <button type="submit">{m.searchButton}</button>
            </form>
            {p.criteria && <p>{t.for(p.criteria)}</p>}
            <p role="status">
              {t.found(p.found)}
              {p.shown < p.found ? t.capped(p.shown) : ''}
            </p>
            <div id="shelves">{raw(renderShelfCategories(p.lang, p.categories))}</div>
          </>
        )}
      </main>
    </Layout>
  );
};
