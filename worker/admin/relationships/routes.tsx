// A producer's own « Boutiques » page: the hubs it lets sell its products, the rights it gives each
// (granted and withdrawn by the producer itself), and adding a hub. The writes are the platform's
// (setRelationship: audited, the hub's pages marked stale).
import { Hono } from 'hono';
import { producerHubs } from '../../../db/enterprises/platform.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv } from '../../auth/identify.ts';
import { formStrings, parseOrThrow } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { relationshipSchema } from '../platform/form.ts';
import { setRelationship } from '../platform/use-cases.ts';
import { ProducerHubsPage } from './views.tsx';

export function relationshipPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.producerHubs(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
      const data = await producerHubs(databaseFor(c.env), e.id);
      return c.render(<ProducerHubsPage l={l} csrf={csrfOf(c)} enterprise={e} data={data} saved={Boolean(c.req.query('saved'))} />, {
        title: tr('Boutiques', 'Hubs'),
        enterprise: e,
        current: p.producerHubs(e.slug),
        altHref: paths(l === 'fr' ? 'en' : 'fr').producerHubs(e.slug),
      });
    })
    .post(p.producerHubs(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'catalog.edit');
      const f = await formStrings(c);
      // The producer is the page's, never a field: a producer grants rights over its own products only.
      const r = parseOrThrow(relationshipSchema, {
        producer: e.slug,
        hub: f.hub,
        canAddToCycles: f.canAddToCycles === 'on',
        canOverridePrice: f.canOverridePrice === 'on',
        canOverrideStock: f.canOverrideStock === 'on',
      });
      await setRelationship(databaseFor(c.env), c.get('actor'), r, f.action !== 'remove', Date.now());
      return c.redirect(`${p.producerHubs(e.slug)}?saved=1`, 303);
    });
}
