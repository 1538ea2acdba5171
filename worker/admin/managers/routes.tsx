// An enterprise's managers page (list, invite, withdraw an invitation, remove a manager), accepting an
// invitation while signed in, and the JSON twins under /api/manage/enterprises/:ent/managers.
import { Hono, type Context } from 'hono';
import { managersOf } from '../../../db/enterprises/managers.ts';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise, requireUser } from '../../auth/guard.ts';
import { param, type AdminEnv } from '../../auth/identify.ts';
import { siteUrl } from '../../links.ts';
import { idParamSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { formStrings, parseOrThrow, unlessRefused, writeContext } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { invitationSchema, readInvitationForm } from './form.ts';
import { acceptInvitation, cancelInvitation, inviteManager, removeManager } from './use-cases.ts';
import { ManagersPage } from './views.tsx';

export function managerPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const page = async (c: Context<AdminEnv>, e: EnterpriseRow, refused?: { errors: FieldError[]; typed?: string }) => {
    const actor = c.get('actor');
    const data = await managersOf(databaseFor(c.env), e.id, Date.now());
    if (refused) c.status(422);
    return c.render(
      <ManagersPage
        l={l}
        csrf={csrfOf(c)}
        enterprise={e}
        data={data}
        me={actor.kind === 'user' ? actor.userId : null}
        saved={c.req.query('saved') ?? null}
        errors={refused?.errors}
        typed={refused?.typed}
      />,
      {
        title: tr('Gestionnaires', 'Managers'),
        enterprise: e,
        current: p.managers(e.slug),
        altHref: paths(l === 'fr' ? 'en' : 'fr').managers(e.slug),
      },
    );
  };
  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.managers(':ent'), async (c) => page(c, await requireEnterprise(c, param(c, 'ent'), 'profile.edit')))
    .post(p.managerInvite(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'profile.edit');
      const form = await readInvitationForm(c);
      const ctx = writeContext(c);
      const done = await unlessRefused(form.errors, () =>
        inviteManager({ ...ctx, enterprise: e, email: form.value!.email, locale: l, origin: siteUrl(c) }),
      );
      if (!done.ok) return page(c, e, { errors: done.errors, typed: form.raw });
      return c.redirect(`${p.managers(e.slug)}?saved=invited`, 303);
    })
    .post(p.invitationCancel(':ent', ':id'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'profile.edit');
      const id = parseOrThrow(idParamSchema, param(c, 'id'));
      await cancelInvitation({ ...writeContext(c), enterprise: e, invitationId: id });
      return c.redirect(`${p.managers(e.slug)}?saved=cancelled`, 303);
    })
    .post(p.managerRemove(':ent', ':id'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'profile.edit');
      const id = parseOrThrow(idParamSchema, param(c, 'id'));
      const done = await unlessRefused([], () => removeManager({ ...writeContext(c), enterprise: e, userId: id }));
      if (!done.ok) return page(c, e, { errors: done.errors });
      return c.redirect(`${p.managers(e.slug)}?saved=removed`, 303);
    })
    .post(p.invitationAccept, async (c) => {
      const user = requireUser(c);
      const f = await formStrings(c);
      await acceptInvitation({ db: databaseFor(c.env), email: user.email, token: f.invitation ?? '', now: Date.now() });
      return c.redirect(p.home, 303);
    });
}

const userIdParam = (c: Context) => parseOrThrow(idParamSchema, param(c, 'id'));

/** JSON: list managers and invitations, invite, withdraw an invitation, remove a manager. */
export const managerApi = new Hono<AdminEnv>()
  .get('/enterprises/:ent/managers', async (c) => {
    const e = await requireEnterprise(c, c.req.param('ent'), 'profile.edit');
    return c.json(await managersOf(databaseFor(c.env), e.id, Date.now()));
  })
  .post('/enterprises/:ent/managers/invitations', validate('json', invitationSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.param('ent'), 'profile.edit');
    const locale = c.req.query('locale') === 'en' ? 'en' : 'fr';
    await inviteManager({ ...writeContext(c), enterprise: e, email: c.req.valid('json').email, locale, origin: siteUrl(c) });
    return c.body(null, 201);
  })
  .delete('/enterprises/:ent/managers/invitations/:id', async (c) => {
    const e = await requireEnterprise(c, c.req.param('ent'), 'profile.edit');
    await cancelInvitation({ ...writeContext(c), enterprise: e, invitationId: userIdParam(c) });
    return c.body(null, 204);
  })
  .delete('/enterprises/:ent/managers/:id', async (c) => {
    const e = await requireEnterprise(c, c.req.param('ent'), 'profile.edit');
    await removeManager({ ...writeContext(c), enterprise: e, userId: userIdParam(c) });
    return c.body(null, 204);
  });
