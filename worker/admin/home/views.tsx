// The back office's first page: the enterprises the signed-in person manages, the way into each, and
// whether each is public (with what it lacks before it may be).
import type { FC } from 'hono/jsx';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import type { Publication } from '../../../db/enterprises/publishing.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Csrf, FormErrors, Notice } from '../shared/ui.tsx';
import { requirementText } from './use-cases.ts';

const PublishBlock: FC<{
  l: Locale;
  csrf: string | null;
  e: EnterpriseRow;
  pub: Publication | undefined;
  errors: readonly FieldError[];
}> = ({ l, csrf, e, pub, errors }) => {
  const p = paths(l);
  const tr = translator(l);
  if (!pub) return null;
  if (pub.publishedAt !== null)
    return (
      <form method="post" action={p.hide(e.slug)} class="publish">
        <Csrf token={csrf} />
        <p>
          <strong>{tr('Publiée', 'Published')}</strong> · {tr('visible sur le site public.', 'shown on the public site.')}
        </p>
        <button type="submit" class="secondary">
          {tr('Masquer', 'Hide')}
        </button>
      </form>
    );
  return (
    <form method="post" action={p.publish(e.slug)} class="publish">
      <Csrf token={csrf} />
      <p>
        <strong>{tr('Masquée', 'Hidden')}</strong> ·{' '}
        {tr('absente du site public, elle ne vend rien.', 'not on the public site; it sells nothing.')}
      </p>
      <FormErrors errors={errors} l={l} />
      {pub.missing.length && !errors.length ? (
        <>
          <p>{tr('Avant de publier, il manque :', 'Before publishing, it still needs:')}</p>
          <ul class="missing">
            {pub.missing.map((r) => (
              <li>{requirementText(l, r)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <button type="submit">{tr('Publier', 'Publish')}</button>
    </form>
  );
};

export const HomePage: FC<{
  l: Locale;
  csrf: string | null;
  mine: readonly EnterpriseRow[];
  publications: ReadonlyMap<number, Publication>;
  refused?: { slug: string; errors: FieldError[] } | undefined;
  saved: string | null;
  isPlatformAdmin: boolean;
}> = ({ l, csrf, mine, publications, refused, saved, isPlatformAdmin }) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Mes structures', 'My enterprises')}</h1>
      {saved === 'published' ? (
        <Notice kind="ok">
          {tr('Publiée : elle sera sur le site public sous peu.', 'Published: it will be on the public site shortly.')}
        </Notice>
      ) : null}
      {saved === 'hidden' ? (
        <Notice kind="ok">{tr('Masquée : elle quitte le site public.', 'Hidden: it leaves the public site.')}</Notice>
      ) : null}
      {mine.length === 0 ? <p>{tr('Vous ne gérez aucune structure pour l’instant.', 'You do not manage any enterprise yet.')}</p> : null}
      <ul class="cards">
        {mine.map((e) => (
          <li class="card">
            <h2>{e.name}</h2>
            <p class="muted">
              {[e.isProducer ? tr('Producteur', 'Producer') : null, e.isHub ? tr('Boutique', 'Shop') : null].filter(Boolean).join(' · ')}
            </p>
            <PublishBlock l={l} csrf={csrf} e={e} pub={publications.get(e.id)} errors={refused?.slug === e.slug ? refused.errors : []} />
            <ul>
              {e.isProducer ? (
                <>
                  <li>
                    <a href={p.products(e.slug)}>{tr('Produits', 'Products')}</a>
                  </li>
                  <li>
                    <a href={p.bulk(e.slug)}>{tr('Prix et stocks', 'Prices and stock')}</a>
                  </li>
                  <li>
                    <a href={p.sales(e.slug)}>{tr('Ventes par cycle', 'Sales per cycle')}</a>
                  </li>
                  <li>
                    <a href={p.producerHubs(e.slug)}>{tr('Boutiques qui vous vendent', 'Hubs selling your products')}</a>
                  </li>
                </>
              ) : null}
              {e.isHub ? (
                <>
                  <li>
                    <a href={p.cycles(e.slug)}>{tr('Cycles de vente et commandes', 'Order cycles and orders')}</a>
                  </li>
                  <li>
                    <a href={p.settings(e.slug)}>{tr('Retrait et paiement', 'Collection and payment')}</a>
                  </li>
                </>
              ) : null}
              <li>
                <a href={p.profile(e.slug)}>{tr('Profil', 'Profile')}</a>
              </li>
              <li>
                <a href={p.managers(e.slug)}>{tr('Gestionnaires', 'Managers')}</a>
              </li>
              <li>
                <a href={p.tokens(e.slug)}>{tr('Jetons d’API', 'API tokens')}</a>
              </li>
            </ul>
          </li>
        ))}
      </ul>
      {isPlatformAdmin ? (
        <p>
          <a href={p.platform}>{tr('Administrer la plateforme', 'Administer the platform')}</a>
        </p>
      ) : null}
    </>
  );
};
