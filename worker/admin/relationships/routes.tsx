// A producer's own « Boutiques » page: the hubs it lets sell its products, the rights it gives each
// (granted and withdrawn by the producer itself), and adding a hub. The writes are the platform's
// (setRelationship: audited, the hub's pages marked stale). A refused form comes back on the page (422)
// as ticked, its message beside the hub.
import { Hono } from 'hono';
import { producerHubs } from '../../../db/enterprises/platform.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import { formStrings, parseOrThrow, unlessRefused } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { relationshipSchema } from '../platform/form.ts';
import { setRelationship } from '../platform/use-cases.ts';
import { ProducerHubsPage, type RefusedGrant } from './views.tsx';

export function relationshipPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  /** The page; after a refusal (422), with the refused form as ticked and its message. */
  const page = async (c: Ctx, e: EnterpriseRow, refused?: RefusedGrant) => {
    const data = await producerHubs(databaseFor(c.env), e.id);
    if (refused) c.status(422);
    return c.render(
      <ProducerHubsPage l={l} csrf={csrfOf(c)} enterprise={e} data={data} saved={Boolean(c.req.query('saved'))} refused={refused} />,
      {
        title: tr('Boutiques', 'Hubs'),
        enterprise: e,
        current: p.producerHubs(e.slug),
        altHref: paths(l === 'fr' ? 'en' : 'fr').producerHubs(e.slug),
      },
    );
  };
  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.producerHubs(':ent'), async (c) => page(c, await requireEnterprise(c, param(c, 'ent'), 'catalog.edit')))
    .post(p.producerHubs(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
      const f = await formStrings(c);
      const grants = {
        canAddToCycles: f.canAddToCycles === 'on',
        canOverridePrice: f.canOverridePrice === 'on',
        canOverrideStock: f.canOverrideStock === 'on',
      };
      const done = await unlessRefused([], () =>
        // The producer is the page's, never a field: a producer grants rights over its own products only.
        setRelationship(
          databaseFor(c.env),
          c.get('actor'),
          parseOrThrow(relationshipSchema, { producer: e.slug, hub: f.hub, ...grants }),
          f.action !== 'remove',
          Date.now(),
        ),
      );
      // The hub is the one choice of the form, and the schema's and the platform's messages are French
      // only: the refusal is said here, in the page's language, beside it.
      if (!done.ok)
        return page(c, e, {
          hub: f.hub ?? '',
          grants,
          message: done.errors.some((x) => x.field === 'producer')
            ? tr(
                'Cette structure n’est pas un producteur : elle n’a pas de produits à confier.',
                'This enterprise is not a producer: it has no products to entrust.',
              )
            : tr(
                'Cette boutique n’existe pas ou ne vend plus : choisissez-en une dans la liste (rechargez la page si elle a changé).',
                'This hub does not exist or no longer sells: choose one from the list (reload the page if it changed).',
              ),
        });
      return c.redirect(`${p.producerHubs(e.slug)}?saved=1`, 303);
    });
}
