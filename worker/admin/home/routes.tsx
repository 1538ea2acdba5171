// The back office's first page: the enterprises the signed-in person manages, and what each needs.
import { Hono } from 'hono';
import { enterprisesByIds } from '../../../db/enterprises/enterprises.ts';
import { DomainError } from '../../../domain/errors.ts';
import { databaseFor } from '../../db.ts';
import { requireUser } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { AdminLayout } from '../shared/ui.tsx';

export function homePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>();
  app.get(p.home, async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED', 'Sign in.');
    const user = requireUser(c);
    const mine = await enterprisesByIds(databaseFor(c.env), user.manages);
    return c.html(
      <AdminLayout frame={frameOf(c, l, { altHref: paths(l === 'fr' ? 'en' : 'fr').home })} title={tr('Mes structures', 'My enterprises')}>
        <h1>{tr('Mes structures', 'My enterprises')}</h1>
        {mine.length === 0 ? <p>{tr('Vous ne gérez aucune structure pour l’instant.', 'You do not manage any enterprise yet.')}</p> : null}
        <ul class="cards">
          {mine.map((e) => (
            <li class="card">
              <h2>{e.name}</h2>
              <p class="muted">{[e.isProducer ? tr('Producteur', 'Producer') : null, e.isHub ? tr('Boutique', 'Shop') : null].filter(Boolean).join(' · ')}</p>
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
        {user.isPlatformAdmin ? (
          <p>
            <a href={p.platform}>{tr('Administrer la plateforme', 'Administer the platform')}</a>
          </p>
        ) : null}
      </AdminLayout>,
    );
  });
  return app;
}
