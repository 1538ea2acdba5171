// The hub's setting « Les clients peuvent modifier ou annuler leur commande jusqu'à la clôture » (off
// by default): its section of the settings page, its form and its statement (written by use-cases.ts
// like every setting). Shoppers' own changes go through worker/shoppers/own-order.ts, which reads it.
import type { Context } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/core/client.ts';
import { enterprises } from '../../../db/schema/index.ts';
import { formStrings } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Csrf } from '../shared/ui.tsx';

/** The checkbox as posted: ticked or not (an unticked checkbox sends nothing). */
export async function readShopperChangesForm(c: Context): Promise<boolean> {
  return (await formStrings(c)).shoppersChangeOrders === 'yes';
}

/** The setting's statement; use-cases.ts `setShopperChanges` writes it with the audit and the stale pages of every setting. */
export const shopperChangesStatement = (db: Db, hubId: number, allowed: boolean, now: number) =>
  db.update(enterprises).set({ shoppersChangeOrders: allowed, updatedAt: now }).where(eq(enterprises.id, hubId));

/** `refused`: what the settings page shows at the top of the form when its post was refused. */
export const ShopperChangesSection: FC<{ l: Locale; csrf: string | null; slug: string; allowed: boolean; refused?: Child }> = ({
  l,
  csrf,
  slug,
  allowed,
  refused,
}) => {
  const tr = translator(l);
  return (
    <>
      <h2>{tr('Modifications par les clients', 'Changes by shoppers')}</h2>
      <form method="post" action={`${paths(l).settings(slug)}/modifications-clients`} data-testid="shopper-changes">
        <Csrf token={csrf} />
        {refused}
        <p class="field">
          <label>
            <input type="checkbox" name="shoppersChangeOrders" value="yes" checked={allowed} />{' '}
            {tr(
              'Les clients peuvent modifier ou annuler leur commande jusqu’à la clôture',
              'Shoppers can change or cancel their order until the sale closes',
            )}
          </label>
        </p>
        <p class="muted">
          {tr(
            'Depuis la page de leur commande : quantités, produits ajoutés ou retirés, au prix du jour. Une commande payée par carte est remboursée de la différence, ou la hausse est payée par carte avant d’être prise en compte. Vous recevez un e-mail à chaque modification.',
            'From their order page: quantities, products added or removed, at today’s prices. A card order is refunded the difference, or an increase is paid by card before it is made. You get an e-mail at each change.',
          )}
        </p>
        <button type="submit">{tr('Enregistrer', 'Save')}</button>
      </form>
    </>
  );
};
