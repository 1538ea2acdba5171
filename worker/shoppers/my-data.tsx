// « Mes données »: everything held about the signed-in shopper, as JSON and their orders as CSV for
// French spreadsheets, and erasing the account (contact data removed or anonymised; orders and
// invoices kept ten years, as French accounting law requires, which the page says).
import { Hono } from 'hono';
import { eraseShopper, shopperData } from '../../db/shoppers/my-data.ts';
import { csvMoney, toCsv } from '../../domain/csv.ts';
import { formatDateTime } from '../../domain/dates.ts';
import type { Locale } from '../../domain/money.ts';
import { databaseFor } from '../db.ts';
import { formStrings } from '../admin/shared/forms.ts';
import { ORDER_STATE, PAYMENT_STATE, shortRef } from '../pages/order-text.ts';
import { CSRF_FIELD } from '../auth/guard.ts';
import { accountPaths } from './paths.ts';
import { clearShopperCookie, type ShopperEnv } from './session.ts';
import { AccountFrame, tr } from './views.tsx';

export function myDataRoutes(l: Locale) {
  const p = accountPaths(l);
  const t = tr(l);
  const app = new Hono<ShopperEnv>();

  app.get(p.exportJson, async (c) => {
    const shopper = c.get('shopper');
    if (!shopper) return c.redirect(p.home, 303);
    const data = await shopperData(databaseFor(c.env), shopper.email);
    c.header('content-disposition', 'attachment; filename="comptoir-mes-donnees.json"');
    return c.json({ exportedAt: new Date().toISOString(), ...data });
  });

  app.get(p.exportCsv, async (c) => {
    const shopper = c.get('shopper');
    if (!shopper) return c.redirect(p.home, 303);
    const data = await shopperData(databaseFor(c.env), shopper.email);
    const head =
      l === 'fr'
        ? ['Boutique', 'Vente', 'Commande', 'Date', 'État', 'Paiement', 'État du paiement', 'Retrait ou livraison', 'Total TTC (€)']
        : ['Shop', 'Sale', 'Order', 'Date', 'Status', 'Payment', 'Payment status', 'Collection or delivery', 'Total incl. VAT (€)'];
    const rows = data.orders.map((o) => [
      o.shop,
      o.sale,
      shortRef(o.publicId),
      formatDateTime(o.placedAt ?? o.createdAt, l),
      ORDER_STATE[l][o.state],
      o.paymentName,
      PAYMENT_STATE[l][o.paymentState],
      o.shippingName,
      csvMoney(o.totalCents),
    ]);
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('content-disposition', `attachment; filename="${l === 'fr' ? 'mes-commandes' : 'my-orders'}.csv"`);
    return c.body(toCsv([head, ...rows]));
  });

  app.post(p.erase, async (c) => {
    const shopper = c.get('shopper');
    if (!shopper) return c.redirect(p.home, 303);
    const body = await formStrings(c);
    if (body.confirm !== 'yes') return c.redirect(p.home, 303);
    await eraseShopper(databaseFor(c.env), shopper.email);
    clearShopperCookie(c);
    return c.html(
      <AccountFrame l={l} title={t('Compte supprimé', 'Account erased')}>
        <h1>{t('Votre compte est supprimé', 'Your account is erased')}</h1>
        <p class="notice ok" role="status">
          {t(
            'Vos coordonnées, vos adhésions et vos sessions sont effacées. Vos commandes et leurs factures sont conservées dix ans, comme la loi l’impose aux commerçants ; leurs liens continuent de fonctionner.',
            'Your contact details, memberships and sessions are erased. Your orders and their invoices are kept for ten years, as French law requires of traders; their links still work.',
          )}
        </p>
      </AccountFrame>,
    );
  });

  return app;
}

/** The erase form on the account home: a deliberate tick, and what is kept. */
export const EraseForm = ({ l, csrf }: { l: Locale; csrf: string }) => {
  const t = tr(l);
  return (
    <form method="post" action={accountPaths(l).erase} class="account-erase">
      <input type="hidden" name={CSRF_FIELD} value={csrf} />
      <p>
        {t(
          'Supprimer mon compte efface mes coordonnées, mes adhésions aux boutiques, mes coordonnées enregistrées et mes sessions. Mes commandes et leurs factures sont conservées dix ans (obligation comptable, Code de commerce art. L123-22).',
          'Erasing my account removes my contact details, my shop memberships, my saved details and my sessions. My orders and their invoices are kept for ten years (French accounting law, Code de commerce art. L123-22).',
        )}
      </p>
      <label>
        <input type="checkbox" name="confirm" value="yes" required /> {t('Je veux supprimer mon compte', 'I want to erase my account')}
      </label>{' '}
      <button type="submit" class="danger">
        {t('Supprimer mon compte', 'Erase my account')}
      </button>
    </form>
  );
};
