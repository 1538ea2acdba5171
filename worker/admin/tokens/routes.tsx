// API tokens pages: list, create (the secret is shown once, on the answer to the form), revoke.
import { Hono } from 'hono';
import { databaseFor } from '../../db.ts';
import { requireEnterprise, requireUser } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { idParamSchema } from '../../schemas.ts';
import { parseOrThrow } from '../shared/forms.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { readTokenName } from './form.ts';
import { createApiToken, listApiTokens, revokeToken } from './use-cases.ts';
import { TokensPage } from './views.tsx';

export function tokenPages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);

  const page = async (c: Ctx, e: Awaited<ReturnType<typeof requireEnterprise>>, shown?: string) => {
    const tokens = await listApiTokens(databaseFor(c.env), e.id);
    return c.render(<TokensPage l={l} csrf={csrfOf(c)} enterprise={e} tokens={tokens} shown={shown} />, {
      title: tr('Jetons d’API', 'API tokens'),
      enterprise: e,
      current: p.tokens(e.slug),
    });
  };

  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.tokens(':ent'), async (c) => page(c, await requireEnterprise(c, param(c, 'ent'), 'tokens.manage')))
    .post(p.tokens(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'tokens.manage');
      const user = requireUser(c);
      const name = await readTokenName(c);
      const { token } = await createApiToken({ db: databaseFor(c.env), enterpriseId: e.id, userId: user.userId, name, now: Date.now() });
      c.status(201);
      return page(c, e, token);
    })
    .post(p.tokenRevoke(':ent', ':id'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'tokens.manage');
      const user = requireUser(c);
      const id = parseOrThrow(idParamSchema, param(c, 'id'));
      await revokeToken({ db: databaseFor(c.env), enterpriseId: e.id, userId: user.userId, tokenId: id, now: Date.now() });
      return c.redirect(p.tokens(e.slug), 303);
    });
}
