// The platform administrator's page: enterprises (create, roles, managers) and the relationships that
// let a hub sell a producer's products. Nothing about orders or customers.
import { Hono } from 'hono';
import { platformData } from '../../../db/enterprises/platform.ts';
import { databaseFor } from '../../db.ts';
import { siteUrl } from '../../links.ts';
import { requirePermission } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { readEnterpriseForm, readRelationshipForm } from './form.ts';
import { createEnterprise, setRelationship } from './use-cases.ts';
import { PlatformPage } from './views.tsx';

export function platformPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.platform, async (c) => {
      requirePermission(c, 'platform.administer');
      const data = await platformData(databaseFor(c.env));
      return c.render(<PlatformPage l={l} csrf={csrfOf(c)} data={data} saved={Boolean(c.req.query('saved'))} />, {
        title: tr('Plateforme', 'Platform'),
        current: p.platform,
      });
    })
    .post(`${p.platform}/structures`, async (c) => {
      requirePermission(c, 'platform.administer');
      const input = await readEnterpriseForm(c);
      await createEnterprise(databaseFor(c.env), c.get('actor'), input, Date.now(), { locale: l, origin: siteUrl(c) });
      return c.redirect(`${p.platform}?saved=1`, 303);
    })
    .post(`${p.platform}/relations`, async (c) => {
      requirePermission(c, 'platform.administer');
      const { relationship, present } = await readRelationshipForm(c);
      await setRelationship(databaseFor(c.env), c.get('actor'), relationship, present, Date.now());
      return c.redirect(`${p.platform}?saved=1`, 303);
    });
}
