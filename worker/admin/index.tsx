// Mounts the back office on the worker: pages under /gestion/ (French) and /en/manage/ (English),
// rendered on demand from fresh data, and the JSON API under /api/manage/ for the same use cases.
import type { Hono } from 'hono';
import { Hono as HonoApp } from 'hono';
import { DomainError } from '../../domain/errors.ts';
import type { AppEnv } from '../env.ts';
import { csrfForApi, csrfForForms } from '../auth/guard.ts';
import { identify, type AdminEnv } from '../auth/identify.ts';
import { sessionApi, signInPages } from '../auth/routes.tsx';
import { adminAssets } from './shared/assets.ts';
import { pageErrors } from './shared/errors.tsx';
import { ADMIN_BASE, paths, type Locale } from './shared/paths.ts';
import { publicImages } from './catalog/images.ts';
import { homePages } from './home/routes.tsx';
import { catalogApi } from './catalog/api.ts';
import { catalogPages } from './catalog/routes.tsx';
import { orderPages } from './orders/routes.tsx';
import { orderApi } from './orders/api.ts';
import { reportPages } from './reports/routes.tsx';
import { reportApi } from './reports/api.ts';
import { cycleApi } from './cycles/api.ts';
import { cyclePages } from './cycles/routes.tsx';
import { hubSettingsPages } from './hub-settings/routes.tsx';
import { hubSettingsApi } from './hub-settings/api.ts';
import { overrideApi } from './overrides/api.ts';
import { overridePages } from './overrides/routes.tsx';
import { profilePages } from './profile/routes.tsx';
import { profileApi } from './profile/api.ts';
import { tokenPages } from './tokens/routes.tsx';
import { tokenApi } from './tokens/api.ts';
import { platformPages } from './platform/routes.tsx';
import { producerFeePages } from './fees/routes.tsx';
import { platformApi } from './platform/api.ts';
import { managerApi, managerPages } from './managers/routes.tsx';
import { relationshipPages } from './relationships/routes.tsx';
import { taxonomyPages } from './platform/taxonomy.tsx';
import { hubOrderPages } from './hub-orders-new/routes.tsx';
import { hubOrderApi } from './hub-orders-new/api.ts';
import { orderGridPages } from './order-grid/routes.tsx';
import { orderGridApi } from './order-grid/api.ts';

/** The pages of one language, in the order they are matched. */
const PAGES: ((l: Locale) => HonoApp<AdminEnv>)[] = [
  signInPages,
  homePages,
  catalogPages,
  orderPages,
  hubOrderPages,
  orderGridPages,
  reportPages,
  cyclePages,
  hubSettingsPages,
  overridePages,
  profilePages,
  tokenPages,
  platformPages,
  managerPages,
  relationshipPages,
  taxonomyPages,
  producerFeePages,
];

/** The JSON API's resources. */
const APIS: HonoApp<AdminEnv>[] = [
  sessionApi,
  catalogApi,
  orderApi,
  hubOrderApi,
  orderGridApi,
  reportApi,
  cycleApi,
  hubSettingsApi,
  overrideApi,
  profileApi,
  tokenApi,
  platformApi,
  managerApi,
];

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
  for (const pages of PAGES) app.route('/', pages(l));
  app.onError(pageErrors(l));
  return app;
}

function api() {
  const app = new HonoApp<AdminEnv>();
  app.use('*', identify, csrfForApi, async (c, next) => {
    // 401 before anything else (validation included), except for asking a sign-in link.
    if (c.get('actor').kind === 'anonymous' && !c.req.path.endsWith('/api/manage/sign-in-links'))
      throw new DomainError('UNAUTHENTICATED', 'Sign in, or send an API token (Authorization: Bearer cpt_…).');
    await next();
  });
  for (const resource of APIS) app.route('/', resource);
  return app;
}

export function mountBackOffice(app: Hono<AppEnv>): void {
  app.route('/', adminAssets);
  app.route('/', publicImages);
  // Typed apart from the public app (it adds the actor); the routes are mounted as they are.
  const admin = app as unknown as Hono<AdminEnv>;
  admin.route('/', pagesFor('fr'));
  admin.route('/', pagesFor('en'));
  admin.route('/api/manage', api());
}
