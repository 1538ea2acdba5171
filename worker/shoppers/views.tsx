// The account pages' views (French and English): sign-in form, « lien envoyé », link confirmation,
// link refused, and the account home with « Mes commandes » (an order its shopper may still change
// or cancel links to the order page's forms).
import type { Child } from 'hono/jsx';
import { formatDateTime } from '../../domain/dates.ts';
import { formatMoney, type Locale } from '../../domain/money.ts';
import type { ShopperOrder } from '../../db/shoppers/orders.ts';
import { invoicePath, orderPath } from '../links.ts';
import { Layout } from '../pages/layout.tsx';
import { ORDER_STATE, PAYMENT_STATE, shortRef } from '../pages/order-text.ts';
import { accountPaths } from './paths.ts';
import { EraseForm } from './my-data.tsx';
import { CSRF_FIELD } from '../auth/guard.ts';

export const tr = (l: Locale) => (fr: string, en: string) => (l === 'fr' ? fr : en);

export const AccountFrame = ({ l, title, children }: { l: Locale; title: string; children?: Child }) => (
  <Layout title={`${title} — Comptoir`} lang={l}>
    <main class="account">
      {children}
      <p class="account-privacy">
        <a href={accountPaths(l).privacy}>
          {tr(l)('Données personnelles : ce que nous gardons et pourquoi', 'Personal data: what we keep and why')}
        </a>
      </p>
    </main>
  </Layout>
);

export const SignInForm = ({ l, email = '', error }: { l: Locale; email?: string; error?: string | undefined }) => {
  const t = tr(l);
  return (
    <form method="post" action={accountPaths(l).signIn} class="account-sign-in">
      {error ? (
        <p class="field-error" role="alert" id="email-error">
          {error}
        </p>
      ) : null}
      <div class="field">
        <label for="email">{t('Adresse e-mail', 'E-mail address')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          required
          value={email}
          aria-describedby={error ? 'email-error' : undefined}
        />
      </div>
      <button type="submit">{t('Recevoir un lien de connexion', 'Send me a sign-in link')}</button>
    </form>
  );
};

export const SignInPage = ({ l, email, error }: { l: Locale; email?: string; error?: string | undefined }) => {
  const t = tr(l);
  return (
    <AccountFrame l={l} title={t('Mon compte', 'My account')}>
      <h1>{t('Mon compte', 'My account')}</h1>
      <p>
        {t(
          'Pas de mot de passe : indiquez l’adresse avec laquelle vous avez commandé, nous vous envoyons un lien valable 15 minutes. Vous retrouverez vos commandes, et vos coordonnées seront pré-remplies à la prochaine commande.',
          'No password: enter the address you ordered with and we e-mail you a link valid for 15 minutes. You will find your orders, and your details will be filled in at your next order.',
        )}
      </p>
      <SignInForm l={l} email={email} error={error} />
    </AccountFrame>
  );
};

export const LinkSentPage = ({ l, email }: { l: Locale; email: string }) => {
  const t = tr(l);
  return (
    <AccountFrame l={l} title={t('Lien envoyé', 'Link sent')}>
      <h1>{t('Regardez vos e-mails', 'Check your e-mail')}</h1>
      <p class="notice ok" role="status">
        {t(
          `Si ${email} a déjà commandé chez nous, un lien de connexion vient d’y être envoyé. Il est valable 15 minutes et ne sert qu’une fois.`,
          `If ${email} has ordered with us, a sign-in link is on its way. It is valid for 15 minutes and works once.`,
        )}
      </p>
    </AccountFrame>
  );
};

export const ConfirmLinkPage = ({ l, token, email }: { l: Locale; token: string; email: string }) => {
  const t = tr(l);
  return (
    <AccountFrame l={l} title={t('Connexion', 'Sign in')}>
      <h1>{t('Connexion à mon compte', 'Sign in to my account')}</h1>
      <form method="post" action={accountPaths(l).link}>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} />
        <p>{t(`Vous allez vous connecter en tant que ${email}.`, `You are about to sign in as ${email}.`)}</p>
        <button type="submit">{t('Se connecter', 'Sign in')}</button>
      </form>
    </AccountFrame>
  );
};

export const LinkRefusedPage = ({ l, reason }: { l: Locale; reason: 'used' | 'expired' | 'invalid' }) => {
  const t = tr(l);
  return (
    <AccountFrame l={l} title={t('Lien de connexion', 'Sign-in link')}>
      <h1>{t('Ce lien ne permet pas de vous connecter', 'This link cannot sign you in')}</h1>
      <p class="notice bad" role="alert">
        {reason === 'used'
          ? t('Ce lien a déjà servi : chaque lien ne fonctionne qu’une fois.', 'This link was already used: each link works once.')
          : reason === 'expired'
            ? t('Ce lien a expiré : il n’est valable que 15 minutes.', 'This link has expired: it is valid for 15 minutes only.')
            : t(
                'Ce lien n’est pas valide : il est incomplet, ou il a été envoyé à une autre adresse.',
                'This link is not valid: it is incomplete, or it was sent to another address.',
              )}
      </p>
      <p>
        <a href={accountPaths(l).home}>{t('Demander un nouveau lien', 'Ask for a new link')}</a>
      </p>
    </AccountFrame>
  );
};

export const AccountHome = ({
  l,
  email,
  orders,
  csrf,
  memberSales,
}: {
  l: Locale;
  email: string;
  /** Each with whether its shopper may change or cancel it now (ownRefusal). */
  orders: readonly (ShopperOrder & { changeable: boolean })[];
  csrf: string;
  /** The members-only sales open to this shopper (members-sale.tsx MemberSalesList). */
  memberSales?: Child;
}) => {
  const t = tr(l);
  const p = accountPaths(l);
  const byShop = new Map<string, (typeof orders)[number][]>();
  for (const o of orders) (byShop.get(o.hubName) ?? byShop.set(o.hubName, []).get(o.hubName)!).push(o);
  return (
    <AccountFrame l={l} title={t('Mon compte', 'My account')}>
      <h1>{t('Mon compte', 'My account')}</h1>
      <p data-testid="account-email">{t(`Connecté·e en tant que ${email}.`, `Signed in as ${email}.`)}</p>
      <h2>{t('Mes commandes', 'My orders')}</h2>
      {orders.length === 0 ? <p>{t('Aucune commande avec cette adresse pour l’instant.', 'No order with this address yet.')}</p> : null}
      {[...byShop].map(([shop, list]) => (
        <section class="account-shop">
          <h3>{shop}</h3>
          <ul class="account-orders">
            {list.map((o) => (
              <li data-testid="account-order">
                <a href={orderPath(o.publicId, l)}>{shortRef(o.publicId)}</a> — {o.cycleName} —{' '}
                {formatDateTime(o.placedAt ?? o.createdAt, l)} — {formatMoney(o.totalCents, l)} — {ORDER_STATE[l][o.state]} —{' '}
                {o.paymentName} : {PAYMENT_STATE[l][o.paymentState]}
                {o.invoiced ? (
                  <>
                    {' '}
                    — <a href={invoicePath(o.publicId, l)}>{t('facture', 'invoice')}</a>
                  </>
                ) : null}
                {o.changeable ? (
                  <>
                    {' '}
                    —{' '}
                    <a
                      href={`${orderPath(o.publicId, l)}#own-change`}
                      aria-label={t(`Modifier la commande ${shortRef(o.publicId)}`, `Change order ${shortRef(o.publicId)}`)}
                    >
                      {t('Modifier', 'Change')}
                    </a>{' '}
                    ·{' '}
                    <a
                      href={`${orderPath(o.publicId, l)}#own-cancel`}
                      aria-label={t(`Annuler la commande ${shortRef(o.publicId)}`, `Cancel order ${shortRef(o.publicId)}`)}
                    >
                      {t('Annuler', 'Cancel')}
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {memberSales}
      <h2>{t('Mes données', 'My data')}</h2>
      <ul>
        <li>
          <a href={p.exportJson} download>
            {t('Télécharger tout ce que nous gardons sur moi (JSON)', 'Download everything held about me (JSON)')}
          </a>
        </li>
        <li>
          <a href={p.exportCsv} download>
            {t('Télécharger mes commandes (CSV, pour un tableur)', 'Download my orders (CSV, for a spreadsheet)')}
          </a>
        </li>
      </ul>
      <EraseForm l={l} csrf={csrf} />
      <form method="post" action={p.signOut}>
        <input type="hidden" name={CSRF_FIELD} value={csrf} />
        <button type="submit" class="secondary">
          {t('Me déconnecter', 'Sign out')}
        </button>
      </form>
    </AccountFrame>
  );
};
