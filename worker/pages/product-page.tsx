// A product's page, rendered by the worker when a shopper asks for it: its variants and quantities, its
// producer, and where and when to buy it, with the price and unit price each shop charges (fees and
// overrides differ from shop to shop) and where each price goes (the shop's shelves link here for it),
// French and English. The frame is the pre-rendered pages' own
// (site/layouts/Base.astro: navigation, language switch, footer; indexable), not the worker's private
// pages' frame (worker/pages/layout.tsx, noindex, no navigation): this is a public catalog page.
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { counterpartPath, paths, type Lang } from '../../domain/catalog-paths.ts';
import type { ProductView } from '../../site/lib/catalog-view.ts';
import { formatters, messages, otherLang } from '../../site/lib/i18n.ts';
import { imgTag } from '../../site/lib/photos.ts';
import { offerAnchor, renderBreakdownRows } from '../../site/lib/render-shelf.ts';
import { languageAlternates } from '../../site/lib/alternates.ts';

/** The public site's frame for a page the worker renders (the twin of site/layouts/Base.astro). */
export const CatalogFrame: FC<{
  lang: Lang;
  path: string;
  title: string;
  description?: string;
  alternate?: string;
  /** The public origin (PUBLIC_URL): the language alternates are absolute URLs, or left out. */
  origin?: string | undefined;
  children?: Child;
}> = (p) => {
  const t = messages[p.lang];
  const other = otherLang(p.lang);
  const alternate = p.alternate ?? counterpartPath(p.path, other);
  return (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{p.title}</title>
        <meta name="description" content={p.description || t.tagline} />
        <link rel="icon" href="data:," />
        {languageAlternates(p.lang, p.path, alternate, p.origin).map((a) => (
          <link rel="alternate" hreflang={a.lang} href={a.href} />
        ))}
        <link rel="stylesheet" href="/comptoir.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header class="site-header">
          <a class="brand" href={paths.home(p.lang)}>
            Comptoir
          </a>
          <nav aria-label={p.lang === 'fr' ? 'Navigation principale' : 'Main navigation'}>
            <a href={paths.hubs(p.lang)}>{t.nav.hubs}</a>
            <a href={paths.producers(p.lang)}>{t.nav.producers}</a>
            <a href={paths.impact(p.lang)}>{t.nav.impact}</a>
            <a href={alternate} hreflang={other} lang={other} title={t.switchTitle}>
              {t.switchLabel}
            </a>
          </nav>
        </header>
        <div id="main">{p.children}</div>
        <footer class="site-footer">
          <p>{t.footer}</p>
          <p>
            <a href={p.lang === 'fr' ? '/gestion/' : '/en/manage/'}>{t.backOffice}</a> ·{' '}
            <a href={p.lang === 'fr' ? '/donnees-personnelles/' : '/en/personal-data/'}>{t.privacy}</a>
          </p>
        </footer>
      </body>
    </html>
  );
};

export const ProductPage: FC<{ lang: Lang; path: string; view: ProductView; origin?: string | undefined }> = ({
  lang,
  path,
  view,
  origin,
}) => {
  const t = messages[lang];
  const f = formatters(lang);
  const { product, producer } = view;
  // Names and descriptions are written in French by the producers.
  const fr = lang === 'fr' ? undefined : 'fr';
  return (
    <CatalogFrame
      lang={lang}
      path={path}
      origin={origin}
      title={t.productTitle(product.name, producer.name)}
      description={product.description}
    >
      <main>
        <p class="eyebrow">
          {producer.logoKey ? raw(imgTag(producer.logoKey, { alt: '', className: 'logo', priority: 'eager' })) : null}
          <a href={paths.producer(lang, producer.slug)}>{producer.name}</a> · {lang === 'fr' ? view.category.nameFr : view.category.nameEn}
        </p>
        <h1 lang={fr}>{product.name}</h1>
        {product.imageKey
          ? raw(
              imgTag(product.imageKey, {
                alt: t.photoOf(product.name),
                className: 'photo',
                priority: 'high',
                large: true,
                sizes: '(max-width: 40rem) calc(100vw - 2rem), 38rem',
              }),
            )
          : null}
        {view.labels.length > 0 && (
          <p>
            {/* aria-label on a paragraph is ignored by assistive technologies: the list says what it is in words. */}
            <span class="sr-only">
              {t.labels}
              {t.colon}{' '}
            </span>
            {view.labels.map((l) => (
              <span class="lbl">{lang === 'fr' ? l.nameFr : l.nameEn}</span>
            ))}
          </p>
        )}
        {product.description && <p lang={fr}>{product.description}</p>}
        <p class="muted">
          {t.variants}
          {t.colon} <span lang={fr}>{view.variants.map((v) => `${v.name} (${f.quantity(v.unitKind, v.unitValue)})`).join(' · ')}</span>
        </p>
        <h2>{t.whereToBuy}</h2>
        {view.offers.length === 0 && view.upcoming.length === 0 && <p class="muted">{t.notOnSale}</p>}
        {view.offers.map((o) => {
          // A hub selling several sales at once has an offer for each: its first keeps the hub's anchor.
          const id = offerAnchor(o.hub.slug, o.outgoing.cycleId, o.shownAtShop);
          // Its links then name their pickup too: two links of one name must not lead to two pages.
          const several = view.offers.some((x) => x !== o && x.hub.id === o.hub.id);
          const when =
            several && o.outgoing.collectionStartsAt && o.outgoing.collectionEndsAt
              ? ` · ${f.window(o.outgoing.collectionStartsAt, o.outgoing.collectionEndsAt)}`
              : '';
          return (
            <section class="offer" aria-labelledby={id} data-cycle={o.outgoing.cycleId}>
              <h3 id={id}>
                <a href={paths.saleOf(lang, o.hub.slug, o.outgoing.cycleId, o.shownAtShop)}>
                  {o.hub.name}
                  {when}
                </a>
              </h3>
              <p>
                {t.orderUntil(f.dateTime(o.outgoing.closesAt))}
                {o.outgoing.collectionStartsAt && o.outgoing.collectionEndsAt
                  ? ` · ${t.collection(f.window(o.outgoing.collectionStartsAt, o.outgoing.collectionEndsAt), o.outgoing.collectionPlace)}`
                  : ''}
              </p>
              <table class="lines">
                <caption class="sr-only">
                  {t.variantsOf(product.name)} — {o.hub.name}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t.variants}</th>
                    <th scope="col" class="num">
                      {t.price}
                    </th>
                    <th scope="col" class="num">
                      {t.unitPrice}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {o.shelves.map((s) => (
                    <tr>
                      <th scope="row" lang={fr}>
                        {s.name}
                      </th>
                      <td class="num">{f.money(s.price.priceCents)}</td>
                      <td class="num">{f.unitPrice(s.price.priceCents, s.unitKind, s.unitValue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h4>{t.whereMoney}</h4>
              {o.shelves.map((s) => (
                <table class="breakdown" data-variant-id={s.variantId}>
                  <caption>
                    <span lang={fr}>{s.name}</span> · {f.money(s.price.priceCents)}
                  </caption>
                  <tbody>{raw(renderBreakdownRows(lang, s.price, producer.name))}</tbody>
                </table>
              ))}
            </section>
          );
        })}
        {view.upcoming.length > 0 && (
          <ul class="plain-list">
            {view.upcoming.map((u) => (
              <li>
                <a href={paths.shop(lang, u.hub.slug)}>{u.hub.name}</a> — {t.comingSoon(f.dateTime(u.outgoing.opensAt))}
              </li>
            ))}
          </ul>
        )}
      </main>
    </CatalogFrame>
  );
};

/** Not found, in the language of the part of the site asked for (the twin of the static 404 pages). */
export const CatalogNotFoundPage: FC<{ lang: Lang; path: string }> = ({ lang, path }) => {
  const t = messages[lang];
  return (
    <CatalogFrame lang={lang} path={path} title={`${t.notFoundTitle} — Comptoir`} alternate={paths.home(otherLang(lang))}>
      <main>
        <h1>{t.notFoundTitle}</h1>
        <p>
          {t.notFound} <a href={paths.home(lang)}>{t.backHome}</a>
        </p>
      </main>
    </CatalogFrame>
  );
};
