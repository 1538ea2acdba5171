// The frame of back-office pages: header, the enterprise's menu (by what the actor may do there),
// sign-out, notices and form errors. Server-rendered HTML that works without JavaScript.
import type { Child, FC } from 'hono/jsx';
import type { FieldError } from '../../../domain/errors.ts';
import { CSRF_FIELD } from '../../auth/guard.ts';
import { paths, translator, type Locale } from './paths.ts';

export interface PageFrame {
  l: Locale;
  csrf: string | null;
  user: { email: string; isPlatformAdmin: boolean } | null;
  enterprise?: { slug: string; name: string; isProducer: boolean; isHub: boolean } | undefined;
  /** The same page in the other language, when there is one. */
  altHref?: string | undefined;
  current?: string | undefined;
}

export const Csrf: FC<{ token: string | null }> = ({ token }) => (token ? <input type="hidden" name={CSRF_FIELD} value={token} /> : null);

export const AdminLayout: FC<{ frame: PageFrame; title: string; children?: Child }> = ({ frame, title, children }) => {
  const { l, enterprise: e, user } = frame;
  const p = paths(l);
  const tr = translator(l);
  const link = (href: string, label: string) => (
    <a href={href} aria-current={frame.current === href ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <html lang={l}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} — ${tr('Gestion', 'Back office')} Comptoir`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/comptoir.css" />
        <link rel="stylesheet" href={paths('fr').asset('admin.css')} />
      </head>
      <body>
        <header class="site-header">
          <a class="brand" href={p.home}>
            Comptoir · {tr('gestion', 'back office')}
          </a>
          {frame.altHref ? (
            <a href={frame.altHref} lang={l === 'fr' ? 'en' : 'fr'}>
              {l === 'fr' ? 'English' : 'Français'}
            </a>
          ) : null}
        </header>
        {user ? (
          <nav class="admin-nav" aria-label={tr('Menu de gestion', 'Back-office menu')}>
            {e ? <strong>{e.name}</strong> : null}
            {e?.isProducer ? (
              <>
                {link(p.products(e.slug), tr('Produits', 'Products'))}
                {link(p.bulk(e.slug), tr('Prix et stocks', 'Prices and stock'))}
                {link(p.csvImport(e.slug), tr('Import / export', 'Import / export'))}
                {link(p.sales(e.slug), tr('Ventes', 'Sales'))}
                {link(p.producerFees(e.slug), tr('Marges', 'Fees'))}
              </>
            ) : null}
            {e?.isHub ? (
              <>
                {link(p.cycles(e.slug), tr('Cycles de vente', 'Order cycles'))}
                {link(p.settings(e.slug), tr('Retrait et paiement', 'Collection and payment'))}
                {link(p.customers(e.slug), tr('Clients', 'Customers'))}
                {link(p.shopPrices(e.slug), tr('Prix de la boutique', 'Shop prices'))}
              </>
            ) : null}
            {e ? link(p.profile(e.slug), tr('Profil', 'Profile')) : null}
            {e ? link(p.tokens(e.slug), tr('Jetons d’API', 'API tokens')) : null}
            {link(p.home, tr('Mes structures', 'My enterprises'))}
            {user.isPlatformAdmin ? link(p.platform, tr('Plateforme', 'Platform')) : null}
            <form method="post" action={p.signOut} class="inline">
              <Csrf token={frame.csrf} />
              <span class="muted">{user.email}</span>{' '}
              <button type="submit" class="link">
                {tr('Se déconnecter', 'Sign out')}
              </button>
            </form>
          </nav>
        ) : null}
        <main class="admin">{children}</main>
      </body>
    </html>
  );
};

export const Notice: FC<{ kind: 'ok' | 'bad' | 'warn'; children?: Child }> = ({ kind, children }) => (
  <div class={`notice ${kind}`} role={kind === 'bad' ? 'alert' : 'status'}>
    {children}
  </div>
);

export const FormErrors: FC<{ errors: readonly FieldError[]; l: Locale }> = ({ errors, l }) =>
  errors.length ? (
    <div class="notice bad" role="alert">
      <p>
        <strong>{translator(l)('Le formulaire n’a pas été enregistré :', 'The form was not saved:')}</strong>
      </p>
      <ul class="errors">
        {errors.map((e) => (
          <li data-field={e.field}>{e.message}</li>
        ))}
      </ul>
    </div>
  ) : null;

/** A labelled input (the label names it by its id); every other attribute goes to the input. */
export const LabelledInput: FC<{ id: string; label: string; [attr: string]: unknown }> = ({ id, label, ...attrs }) => (
  <div class="field">
    <label for={id}>{label}</label>
    <input id={id} {...attrs} />
  </div>
);

/** A labelled choice among options, the one matching `selected` chosen. */
export const LabelledSelect: FC<{
  id: string;
  name: string;
  label: string;
  options: readonly (readonly [value: string, label: string])[];
  selected?: string | undefined;
}> = ({ id, name, label, options, selected }) => (
  <div class="field">
    <label for={id}>{label}</label>
    <select id={id} name={name}>
      {options.map(([value, text]) => (
        <option value={value} selected={selected === undefined ? undefined : value === selected}>
          {text}
        </option>
      ))}
    </select>
  </div>
);

export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}
