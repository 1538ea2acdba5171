// What a back-office page answers when a request is refused: the sign-in page for anonymous callers,
// a framed page saying why (access, expired form, not found, invalid input) with the problem's status.
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import { DomainError } from '../../../domain/errors.ts';
import type { AppEnv } from '../../env.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { onError, statusFor } from '../../problem.ts';
import { setAdminFrame } from './layout.tsx';
import { paths, translator, type Locale } from './paths.ts';
import { Notice } from './ui.tsx';

export function errorTitle(code: DomainError['code'], l: Locale): string {
  const tr = translator(l);
  switch (code) {
    case 'FORBIDDEN':
      return tr('Accès refusé', 'Access denied');
    case 'CSRF':
      return tr('Formulaire expiré', 'Form expired');
    case 'NOT_FOUND':
      return tr('Introuvable', 'Not found');
    case 'VALIDATION':
      return tr('Saisie incorrecte', 'Invalid input');
    default:
      return tr('Action impossible', 'This cannot be done');
  }
}

const ErrorPage: FC<{ err: DomainError; l: Locale }> = ({ err, l }) => {
  const tr = translator(l);
  return (
    <>
      <h1>{errorTitle(err.code, l)}</h1>
      <Notice kind="bad">
        {err.code === 'FORBIDDEN'
          ? tr('Vous n’avez pas accès à cette page avec ce compte.', 'You do not have access to this page with this account.')
          : err.code === 'CSRF'
            ? tr(
                'Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.',
                'This form has expired or did not come from this site. Reload the page and try again.',
              )
            : err.fields.length
              ? err.fields.map((f) => <p>{f.message}</p>)
              : err.message}
      </Notice>
      <p>
        <a href={paths(l).home}>{tr('Retour à la gestion', 'Back to the back office')}</a>
      </p>
    </>
  );
};

/** The error handler of the pages in language `l`; anything but a DomainError is the API's 500/503 problem. */
export function pageErrors(l: Locale) {
  return async (err: Error, c: Context<AdminEnv>) => {
    if (!(err instanceof DomainError)) return onError(err, c as unknown as Context<AppEnv>);
    if (err.code === 'UNAUTHENTICATED') return c.redirect(paths(l).signIn, 303);
    await setAdminFrame(c, l);
    c.status(statusFor(err.code));
    return c.render(<ErrorPage err={err} l={l} />, { title: errorTitle(err.code, l) });
  };
}
