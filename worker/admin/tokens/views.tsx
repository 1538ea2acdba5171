// The API tokens page: the enterprise's tokens, the one just created (shown once), revoke and create.
import type { FC } from 'hono/jsx';
import type { listApiTokens } from '../../../db/auth/api-tokens.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Csrf, Notice } from '../shared/ui.tsx';

type TokenRow = Awaited<ReturnType<typeof listApiTokens>>[number];

export const TokensPage: FC<{
  l: Locale;
  csrf: string | null;
  enterprise: { slug: string; name: string };
  tokens: readonly TokenRow[];
  shown?: string | undefined;
}> = ({ l, csrf, enterprise: e, tokens, shown }) => {
  const p = paths(l);
  const tr = translator(l);
  return (
    <>
      <h1>{tr('Jetons d’API', 'API tokens')}</h1>
      <p>
        {tr(
          'Un jeton permet à un logiciel d’utiliser l’API de gestion au nom de ',
          'A token lets software use the management API on behalf of ',
        )}
        {e.name} (<code>Authorization: Bearer cpt_…</code>).
      </p>
      {shown ? (
        <Notice kind="warn">
          <p>{tr('Copiez ce jeton maintenant : il ne sera plus jamais affiché.', 'Copy this token now: it will never be shown again.')}</p>
          <p class="secret" data-testid="new-token">
            {shown}
          </p>
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
              <td>
                {formatDateTime(t.createdAt, l)} {t.createdBy ? <small class="muted">({t.createdBy})</small> : null}
              </td>
              <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt, l) : '—'}</td>
              <td>{t.revokedAt ? tr('révoqué', 'revoked') : tr('actif', 'active')}</td>
              <td>
                {t.revokedAt ? null : (
                  <form method="post" action={p.tokenRevoke(e.slug, t.id)} class="inline">
                    <Csrf token={csrf} />
                    <button type="submit">{tr('Révoquer', 'Revoke')}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action={p.tokens(e.slug)} class="actions">
        <Csrf token={csrf} />
        <label for="token-name">{tr('Nouveau jeton', 'New token')}</label>
        <input id="token-name" name="name" required maxlength={80} placeholder={tr('ex. : logiciel de caisse', 'e.g. till software')} />
        <button type="submit">{tr('Créer le jeton', 'Create token')}</button>
      </form>
    </>
  );
};
