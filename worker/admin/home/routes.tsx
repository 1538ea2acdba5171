// The back office's first page: the enterprises the signed-in person manages, and what each needs.
import { Hono } from 'hono';
import { enterprisesByIds } from '../../../db/enterprises/enterprises.ts';
import { databaseFor } from '../../db.ts';
import { requireUser } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { adminLayout } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { HomePage } from './views.tsx';

export function homePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  return new Hono<AdminEnv>().use(adminLayout(l)).get(p.home, async (c) => {
    const user = requireUser(c);
    const mine = await enterprisesByIds(databaseFor(c.env), user.manages);
    return c.render(<HomePage l={l} mine={mine} isPlatformAdmin={user.isPlatformAdmin} />, {
      title: tr('Mes structures', 'My enterprises'),
      altHref: paths(l === 'fr' ? 'en' : 'fr').home,
    });
  });
}
