// Mounts the back office on the worker: pages under /gestion/ (French) and /en/manage/ (English),
// rendered on demand from fresh data, and the JSON API under /api/manage/ for the same use cases.
import type { Context, Hono } from 'hono';
import { Hono as HonoApp } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import type { AppEnv } from '../env.ts';
import { onError, statusFor } from '../problem.ts';
import { csrfForApi, csrfForForms } from '../auth/guard.ts';
import { identify, type AdminEnv } from '../auth/identify.ts';
import { sessionApi, signInPages } from '../auth/routes.tsx';
import { frameOf } from './shared/layout.tsx';
import { ADMIN_CSS, BULK_EDIT_JS, PRINT_JS } from './shared/assets.ts';
import { catalogApi } from './catalog/api.ts';
import { catalogPages } from './catalog/routes.tsx';
import { cycleApi } from './cycles/api.ts';
import { cyclePages } from './cycles/routes.tsx';
import { homePages } from './home/routes.tsx';
import { publicImages } from './catalog/images.ts';
import { orderApi, orderPages } from './orders/routes.tsx';
import { overrideApi } from './overrides/api.ts';
import { overridePages } from './overrides/routes.tsx';
import { ADMIN_BASE, paths, translator, type Locale } from './shared/paths.ts';
import { platformApi, platformPages } from './platform/routes.tsx';
import { profileApi, profilePages } from './profile/routes.tsx';
import { reportApi, reportPages } from './reports/routes.tsx';
import { hubSettingsApi, hubSettingsPages } from './hub-settings/routes.tsx';
import { tokenApi, tokenPages } from './tokens/routes.tsx';
import { AdminLayout, Notice } from './shared/ui.tsx';

function errorTitle(code: DomainError['code'], l: Locale): string {
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

function pageErrors(l: Locale) {
  const tr = translator(l);
  return (err: Error, c: Context<AdminEnv>) => {
    if (!(err instanceof DomainError)) return onError(err, c as unknown as Context<AppEnv>);
    if (err.code === 'UNAUTHENTICATED') return c.redirect(paths(l).signIn, 303);
    const frame = c.get('actor') ? frameOf(c, l) : { l, csrf: null, user: null };
    return c.html(
      <AdminLayout frame={frame} title={errorTitle(err.code, l)}>
        <h1>{errorTitle(err.code, l)}</h1>
        <Notice kind="bad">
          {err.code === 'FORBIDDEN'
            ? tr('Vous n’avez pas accès à cette page avec ce compte.', 'You do not have access to this page with this account.')
            : err.code === 'CSRF'
              ? tr('Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.', 'This form has expired or did not come from this site. Reload the page and try again.')
              : err.fields.length
                ? err.fields.map((f) => <p>{f.message}</p>)
                : err.message}
        </Notice>
        <p>
          <a href={paths(l).home}>{tr('Retour à la gestion', 'Back to the back office')}</a>
        </p>
      </AdminLayout>,
      statusFor(err.code),
    );
  };
}

function pagesFor(l: Locale) {
  const app = new HonoApp<AdminEnv>();
  const open = new Set([paths(l).signIn, paths(l).signInLink]);
  // Before the session check, which `/gestion/*` also matches: anyone typing /gestion gets /gestion/ first.
  app.get(ADMIN_BASE[l], (c) => c.redirect(paths(l).home, 301));
  app.use(`${ADMIN_BASE[l]}/*`, identify, csrfForForms, async (c, next) => {
    // Everything but signing in needs a session: anonymous visitors go to the sign-in page first.
    if (c.get('actor').kind === 'anonymous' && !open.has(c.req.path)) throw new DomainError('UNAUTHENTICATED', 'Sign in.');
    await next();
  });
  for (const sub of [signInPages(l), homePages(l), catalogPages(l), orderPages(l), reportPages(l), cyclePages(l), hubSettingsPages(l), overridePages(l), profilePages(l), tokenPages(l), platformPages(l)]) app.route('/', sub);
  app.onError(pageErrors(l));
  return app;
}

export function mountBackOffice(app: Hono<AppEnv>): void {
  const assets = new HonoApp<AppEnv>()
    .get(paths('fr').asset('admin.css'), (c) => c.body(ADMIN_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }))
    .get(paths('fr').asset('bulk-edit.js'), (c) => c.body(BULK_EDIT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }))
    .get(paths('fr').asset('print.js'), (c) => c.body(PRINT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  app.route('/', assets);
  app.route('/', publicImages);
  // Typed apart from the public app (it adds the actor); the routes are mounted as they are.
  const admin = app as unknown as Hono<AdminEnv>;
  admin.route('/', pagesFor('fr'));
  admin.route('/', pagesFor('en'));
  const api = new HonoApp<AdminEnv>();
  api.use('*', identify, csrfForApi, async (c, next) => {
    // 401 before anything else (validation included), except for asking a sign-in link.
    if (c.get('actor').kind === 'anonymous' && !c.req.path.endsWith('/api/manage/sign-in-links')) throw new DomainError('UNAUTHENTICATED', 'Sign in, or send an API token (Authorization: Bearer cpt_…).');
    await next();
  });
  for (const sub of [sessionApi, catalogApi, orderApi, reportApi, cycleApi, hubSettingsApi, overrideApi, profileApi, tokenApi, platformApi]) api.route('/', sub);
  admin.route('/api/manage', api);
}
