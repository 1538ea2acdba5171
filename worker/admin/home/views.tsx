// The back office's first page: the enterprises the signed-in person manages, and the way into each.
import type { FC } from 'hono/jsx';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';

export const HomePage: FC<{ l: Locale; mine: readonly EnterpriseRow[]; isPlatformAdmin: boolean }> = ({ l, mine, isPlatformAdmin }) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Mes structures', 'My enterprises')}</h1>
      {mine.length === 0 ? <p>{tr('Vous ne gérez aucune structure pour l’instant.', 'You do not manage any enterprise yet.')}</p> : null}
      <ul class="cards">
        {mine.map((e) => (
          <li class="card">
            <h2>{e.name}</h2>
            <p class="muted">
              {[e.isProducer ? tr('Producteur', 'Producer') : null, e.isHub ? tr('Boutique', 'Shop') : null].filter(Boolean).join(' · ')}
            </p>
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
