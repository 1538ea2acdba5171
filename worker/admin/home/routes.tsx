// The back office's first page: the enterprises the signed-in person manages, what each needs, and
// publishing or hiding each one.
import { Hono, type Context } from 'hono';
import { enterprisesByIds } from '../../../db/enterprises/enterprises.ts';
import { publicationsOf } from '../../../db/enterprises/publishing.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise, requireUser } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { unlessRefused, writeContext } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { hideEnterprise, publishEnterprise } from './use-cases.ts';
import { HomePage } from './views.tsx';

export function homePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const home = async (c: Context<AdminEnv>, refused?: { slug: string; errors: FieldError[] }) => {
    const user = requireUser(c);
    const db = databaseFor(c.env);
    const [mine, publications] = await Promise.all([enterprisesByIds(db, user.manages), publicationsOf(db, user.manages)]);
    if (refused) c.status(422);
    return c.render(
      <HomePage
        l={l}
        csrf={csrfOf(c)}
        mine={mine}
        publications={publications}
        refused={refused}
        saved={c.req.query('saved') ?? null}
        isPlatformAdmin={user.isPlatformAdmin}
      />,
      { title: tr('Mes structures', 'My enterprises'), altHref: paths(l === 'fr' ? 'en' : 'fr').home },
    );
  };
  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.home, (c) => home(c))
    .post(p.publish(':ent'), async (c) => {
      const e = await requireEnterprise(c, c.req.param('ent') ?? '', 'profile.edit');
      const ctx = writeContext(c);
      const done = await unlessRefused([], () => publishEnterprise(ctx.db, ctx.actor, e, l, ctx.now));
      if (!done.ok) return home(c, { slug: e.slug, errors: done.errors });
      return c.redirect(`${p.home}?saved=published`, 303);
    })
    .post(p.hide(':ent'), async (c) => {
      const e = await requireEnterprise(c, c.req.param('ent') ?? '', 'profile.edit');
      const ctx = writeContext(c);
      await hideEnterprise(ctx.db, ctx.actor, e, ctx.now);
      return c.redirect(`${p.home}?saved=hidden`, 303);
    });
}
