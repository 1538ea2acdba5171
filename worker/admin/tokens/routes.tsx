// API tokens pages and JSON routes: list, create (the secret is shown once), revoke.
import { Hono } from 'hono';
import * as v from 'valibot';
import { formatDateTime } from '../../../domain/dates.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise, requireUser } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { frameOf } from '../shared/layout.tsx';
import { idParamSchema, slugSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { formStrings, parseOrThrow } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { AdminLayout, Csrf, Notice } from '../shared/ui.tsx';
import { createApiToken, listApiTokens, revokeToken } from './use-cases.ts';

const nameSchema = v.pipe(v.string('Donnez un nom au jeton.'), v.trim(), v.nonEmpty('Donnez un nom au jeton.'), v.maxLength(80, '80 caractères au maximum.'));

export function tokenPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);
  const app = new Hono<AdminEnv>();

  const render = async (c: Ctx, slug: string, shown?: string) => {
    const e = await requireEnterprise(c, slug, 'tokens.manage');
    const tokens = await listApiTokens(databaseFor(c.env), e.id);
    return (
      <AdminLayout frame={frameOf(c, l, { enterprise: e, current: p.tokens(e.slug) })} title={tr('Jetons d’API', 'API tokens')}>
        <h1>{tr('Jetons d’API', 'API tokens')}</h1>
        <p>{tr('Un jeton permet à un logiciel d’utiliser l’API de gestion au nom de ', 'A token lets software use the management API on behalf of ')}{e.name} (<code>Authorization: Bearer cpt_…</code>).</p>
        {shown ? (
          <Notice kind="warn">
            <p>{tr('Copiez ce jeton maintenant : il ne sera plus jamais affiché.', 'Copy this token now: it will never be shown again.')}</p>
            <p class="secret" data-testid="new-token">{shown}</p>
          </Notice>
        ) : null}
        <table class="grid">
          <thead>
            <tr>
              <th>{tr('Nom', 'Name')}</th>
              <th>{tr('Créé', 'Created')}</th>
              <th>{tr('Dernière utilisation', 'Last used')}</th>
              <th>{tr('État', 'State')}</th>
              <th>
                <span class="sr-only">{tr('Actions', 'Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td>{formatDateTime(t.createdAt, l)} {t.createdBy ? <small class="muted">({t.createdBy})</small> : null}</td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt, l) : '—'}</td>
                <td>{t.revokedAt ? tr('révoqué', 'revoked') : tr('actif', 'active')}</td>
                <td>
                  {t.revokedAt ? null : (
                    <form method="post" action={p.tokenRevoke(e.slug, t.id)} class="inline">
                      <Csrf token={frameOf(c, l).csrf} />
                      <button type="submit">{tr('Révoquer', 'Revoke')}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form method="post" action={p.tokens(e.slug)} class="actions">
          <Csrf token={frameOf(c, l).csrf} />
          <label for="token-name">{tr('Nouveau jeton', 'New token')}</label>
          <input id="token-name" name="name" required maxlength={80} placeholder={tr('ex. : logiciel de caisse', 'e.g. till software')} />
          <button type="submit">{tr('Créer le jeton', 'Create token')}</button>
        </form>
      </AdminLayout>
    );
  };

  app.get(p.tokens(':ent'), async (c) => c.html(await render(c, param(c, 'ent'))));
  app.post(p.tokens(':ent'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'tokens.manage');
    const user = requireUser(c);
    const { name } = parseOrThrow(v.object({ name: nameSchema }), await formStrings(c));
    const { token } = await createApiToken({ db: databaseFor(c.env), enterpriseId: e.id, userId: user.userId, name, now: Date.now() });
    return c.html(await render(c, e.slug, token), 201);
  });
  app.post(p.tokenRevoke(':ent', ':id'), async (c) => {
    const e = await requireEnterprise(c, param(c, 'ent'), 'tokens.manage');
    const user = requireUser(c);
    const id = parseOrThrow(idParamSchema, param(c, 'id'));
    await revokeToken({ db: databaseFor(c.env), enterpriseId: e.id, userId: user.userId, tokenId: id, now: Date.now() });
    return c.redirect(p.tokens(e.slug), 303);
  });
  return app;
}

const entParam = validate('param', v.object({ ent: slugSchema }));

export const tokenApi = new Hono<AdminEnv>()
  .get('/enterprises/:ent/tokens', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'tokens.manage');
    const tokens = await listApiTokens(databaseFor(c.env), e.id);
    return c.json({ tokens });
  })
  .post('/enterprises/:ent/tokens', entParam, validate('json', v.strictObject({ name: nameSchema })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'tokens.manage');
    const user = requireUser(c);
    const created = await createApiToken({ db: databaseFor(c.env), enterpriseId: e.id, userId: user.userId, name: c.req.valid('json').name, now: Date.now() });
    return c.json(created, 201);
  })
  .delete('/enterprises/:ent/tokens/:id', validate('param', v.object({ ent: slugSchema, id: idParamSchema })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'tokens.manage');
    const user = requireUser(c);
    await revokeToken({ db: databaseFor(c.env), enterpriseId: e.id, userId: user.userId, tokenId: c.req.valid('param').id, now: Date.now() });
    return c.body(null, 204);
  });
