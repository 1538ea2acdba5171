// Back-office URLs in French (/gestion/…) and English (/en/manage/…), one builder for links and
// route patterns alike so the two languages can never drift apart.
export type Locale = 'fr' | 'en';

export const ADMIN_BASE: Record<Locale, string> = { fr: '/gestion', en: '/en/manage' };

export function paths(l: Locale) {
  const b = ADMIN_BASE[l];
  const s = (fr: string, en: string) => (l === 'fr' ? fr : en);
  const ent = (e: string) => `${b}/${e}`;
  return {
    home: `${b}/`,
    asset: (name: string) => `${b}/assets/${name}`,
    signIn: `${b}/${s('connexion', 'sign-in')}`,
    signInLink: `${b}/${s('connexion', 'sign-in')}/${s('lien', 'link')}`,
    signOut: `${b}/${s('deconnexion', 'sign-out')}`,
    enterprise: (e: string) => `${ent(e)}/`,
    products: (e: string) => `${ent(e)}/${s('produits', 'products')}`,
    newProduct: (e: string) => `${ent(e)}/${s('produits', 'products')}/${s('nouveau', 'new')}`,
    product: (e: string, id: number | string) => `${ent(e)}/${s('produits', 'products')}/${id}`,
    productArchive: (e: string, id: number | string) => `${ent(e)}/${s('produits', 'products')}/${id}/${s('archiver', 'archive')}`,
    variantArchive: (e: string, id: number | string, v: number | string) =>
      `${ent(e)}/${s('produits', 'products')}/${id}/variantes/${v}/${s('archiver', 'archive')}`,
    productImage: (e: string, id: number | string) => `${ent(e)}/${s('produits', 'products')}/${id}/image`,
    bulk: (e: string) => `${ent(e)}/${s('prix-et-stocks', 'prices-and-stock')}`,
    csvExport: (e: string) => `${ent(e)}/${s('catalogue', 'catalog')}.csv`,
    csvImport: (e: string) => `${ent(e)}/import`,
    sales: (e: string) => `${ent(e)}/${s('ventes', 'sales')}`,
    cycles: (e: string) => `${ent(e)}/cycles`,
    newCycle: (e: string) => `${ent(e)}/cycles/${s('nouveau', 'new')}`,
    cycle: (e: string, id: number | string) => `${ent(e)}/cycles/${id}`,
    cycleClone: (e: string, id: number | string) => `${ent(e)}/cycles/${id}/${s('dupliquer', 'clone')}`,
    cycleHubs: (e: string, id: number | string) => `${ent(e)}/cycles/${id}/${s('boutiques', 'hubs')}`,
    cycleHub: (e: string, id: number | string, hub: string) => `${ent(e)}/cycles/${id}/${s('boutiques', 'hubs')}/${hub}`,
    cycleHubRemove: (e: string, id: number | string, hub: string) =>
      `${ent(e)}/cycles/${id}/${s('boutiques', 'hubs')}/${hub}/${s('retirer', 'remove')}`,
    cycleOrders: (e: string, id: number | string) => `${ent(e)}/cycles/${id}/${s('commandes', 'orders')}`,
    report: (e: string, id: number | string, kind: string) => `${ent(e)}/cycles/${id}/${s('rapports', 'reports')}/${kind}`,
    order: (e: string, o: string) => `${ent(e)}/${s('commandes', 'orders')}/${o}`,
    orderPaid: (e: string, o: string) => `${ent(e)}/${s('commandes', 'orders')}/${o}/${s('payee', 'paid')}`,
    orderCancel: (e: string, o: string) => `${ent(e)}/${s('commandes', 'orders')}/${o}/${s('annuler', 'cancel')}`,
    orderState: (e: string, o: string) => `${ent(e)}/${s('commandes', 'orders')}/${o}/${s('etat', 'state')}`,
    settings: (e: string) => `${ent(e)}/${s('retrait-et-paiement', 'checkout')}`,
    customers: (e: string) => `${ent(e)}/${s('clients', 'customers')}`,
    shopPrices: (e: string) => `${ent(e)}/${s('prix-boutique', 'shop-prices')}`,
    profile: (e: string) => `${ent(e)}/${s('profil', 'profile')}`,
    tokens: (e: string) => `${ent(e)}/${s('jetons', 'tokens')}`,
    tokenRevoke: (e: string, id: number | string) => `${ent(e)}/${s('jetons', 'tokens')}/${id}/${s('revoquer', 'revoke')}`,
    platform: `${b}/${s('plateforme', 'platform')}`,
    // golive-admin: publishing, managers and invitations, a producer's hubs, categories and labels.
    publish: (e: string) => `${ent(e)}/${s('publier', 'publish')}`,
    hide: (e: string) => `${ent(e)}/${s('masquer', 'hide')}`,
    managers: (e: string) => `${ent(e)}/${s('gestionnaires', 'managers')}`,
    managerInvite: (e: string) => `${ent(e)}/${s('gestionnaires', 'managers')}/${s('inviter', 'invite')}`,
    managerRemove: (e: string, id: number | string) => `${ent(e)}/${s('gestionnaires', 'managers')}/${id}/${s('retirer', 'remove')}`,
    invitationCancel: (e: string, id: number | string) => `${ent(e)}/invitations/${id}/${s('annuler', 'cancel')}`,
    invitationAccept: `${b}/invitations/${s('accepter', 'accept')}`,
    producerHubs: (e: string) => `${ent(e)}/${s('boutiques', 'hubs')}`,
    platformTaxonomy: `${b}/${s('plateforme', 'platform')}/${s('categories-et-labels', 'categories-and-labels')}`,
    /** golive-pay: a producer's own fees. */
    producerFees: (e: string) => `${ent(e)}/${s('marges', 'fees')}`,
    orderCorrect: (e: string, o: string) => `${ent(e)}/${s('commandes', 'orders')}/${o}/${s('corriger', 'correct')}`,
    orderRepaid: (e: string, o: string) => `${ent(e)}/${s('commandes', 'orders')}/${o}/${s('rendu', 'repaid')}`,
    cycleOrdersBulk: (e: string, id: number | string) => `${ent(e)}/cycles/${id}/${s('commandes', 'orders')}/${s('par-lot', 'bulk')}`,
    cycleNewOrder: (e: string, id: number | string) => `${ent(e)}/cycles/${id}/${s('commandes', 'orders')}/${s('nouvelle', 'new')}`,
    /** grid: a cycle's orders as one pickup-day grid (quantities and weights), and its bulk actions. */
    cycleGrid: (e: string, id: number | string) => `${ent(e)}/cycles/${id}/${s('grille', 'grid')}`,
    cycleGridBulk: (e: string, id: number | string) => `${ent(e)}/cycles/${id}/${s('grille', 'grid')}/${s('par-lot', 'bulk')}`,
    reports: (e: string) => `${ent(e)}/${s('rapports', 'reports')}`,
    periodReport: (e: string, kind: string) => `${ent(e)}/${s('rapports', 'reports')}/${kind}`,
  };
}
export type Paths = ReturnType<typeof paths>;

/** A string in the page's language: French first, English beside it where it is written. */
export function translator(l: Locale) {
  return (fr: string, en: string) => (l === 'fr' ? fr : en);
}
export type Tr = ReturnType<typeof translator>;

/** Report names in URLs, per language. */
const REPORT_SLUGS = {
  producers: { fr: 'producteurs', en: 'producers' },
  shoppers: { fr: 'paniers', en: 'shoppers' },
  products: { fr: 'produits', en: 'products' },
  payments: { fr: 'paiements', en: 'payments' },
  fees: { fr: 'marges-et-commissions', en: 'fees' },
  vat: { fr: 'tva', en: 'vat' },
  payouts: { fr: 'a-reverser', en: 'payouts' },
  customers: { fr: 'clients', en: 'customers' },
} as const;
export type ReportKindKey = keyof typeof REPORT_SLUGS;

export function reportSlug(l: Locale, kind: ReportKindKey): string {
  return REPORT_SLUGS[kind][l];
}
export function reportKindOf(l: Locale, slug: string): ReportKindKey | null {
  return (Object.keys(REPORT_SLUGS) as ReportKindKey[]).find((k) => REPORT_SLUGS[k][l] === slug) ?? null;
}
export function reportTitle(tr: Tr, kind: ReportKindKey): string {
  return {
    producers: tr('Totaux par producteur', 'Totals per producer'),
    shoppers: tr('Colisage par client', 'Packing per shopper'),
    products: tr('Colisage par produit', 'Packing per product'),
    payments: tr('Paiements', 'Payments'),
    fees: tr('Marges et commissions par entreprise', 'Fees per enterprise'),
    vat: tr('TVA par taux et par producteur', 'VAT per rate and per producer'),
    payouts: tr('À reverser aux producteurs', 'Owed to producers'),
    customers: tr('Totaux par client', 'Totals per customer'),
  }[kind];
}
