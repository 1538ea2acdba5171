// The shopper's account pages, in French and English; the session cookie is scoped to these prefixes
// and the API (session.ts), so they must stay under /compte and /en/account.
import type { Locale } from '../../domain/money.ts';

export function accountPaths(l: Locale) {
  const b = l === 'fr' ? '/compte' : '/en/account';
  return {
    home: `${b}/`,
    signIn: l === 'fr' ? `${b}/connexion` : `${b}/sign-in`,
    link: l === 'fr' ? `${b}/lien` : `${b}/link`,
    signOut: l === 'fr' ? `${b}/deconnexion` : `${b}/sign-out`,
    exportJson: l === 'fr' ? `${b}/mes-donnees.json` : `${b}/my-data.json`,
    exportCsv: l === 'fr' ? `${b}/mes-commandes.csv` : `${b}/my-orders.csv`,
    erase: l === 'fr' ? `${b}/supprimer` : `${b}/erase`,
    privacy: l === 'fr' ? '/donnees-personnelles/' : '/en/personal-data/',
  };
}
