// The platform administrator's page: enterprises (create, roles, managers) and the relationships that
// let a hub sell a producer's products. Nothing about orders or customers.
import { Hono, type Context } from 'hono';
import { platformData } from '../../../db/enterprises/platform.ts';
import { databaseFor } from '../../db.ts';
import { siteUrl } from '../../links.ts';
import { requirePermission } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { unlessRefused } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { parseEnterpriseForm, readEnterpriseForm, readRelationshipForm } from './form.ts';
import { createEnterprise, setRelationship } from './use-cases.ts';
import { PlatformPage, type RefusedEnterprise } from './views.tsx';

export function platformPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  /** The page, with the new-enterprise form shown again as typed (422) when it was refused. */
  const page = async (c: Context<AdminEnv>, refused?: RefusedEnterprise) => {
    const data = await platformData(databaseFor(c.env));
    if (refused) c.status(422);
    return c.render(
      <PlatformPage l={l} csrf={csrfOf(c)} data={data} saved={!refused && Boolean(c.req.query('saved'))} refused={refused} />,
      { title: tr('Plateforme', 'Platform'), current: p.platform },
    );
  };
  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.platform, async (c) => {
      requirePermission(c, 'platform.administer');
      return page(c);
    })
    .post(`${p.platform}/structures`, async (c) => {
      requirePermission(c, 'platform.administer');
      const typed = await readEnterpriseForm(c);
      const done = await unlessRefused([], () =>
        createEnterprise(databaseFor(c.env), c.get('actor'), parseEnterpriseForm(typed), Date.now(), { locale: l, origin: siteUrl(c) }),
      );
      if (!done.ok) return page(c, { values: typed, errors: done.errors });
      // `#top` (HTML's own fragment for the top) overrides the form's #new-enterprise, so « Enregistré » shows.
      return c.redirect(`${p.platform}?saved=1#top`, 303);
    })
    .post(`${p.platform}/relations`, async (c) => {
      requirePermission(c, 'platform.administer');
      const { relationship, present } = await readRelationshipForm(c);
      await setRelationship(databaseFor(c.env), c.get('actor'), relationship, present, Date.now());
      return c.redirect(`${p.platform}?saved=1`, 303);
    });
}
