// The shop-prices page: for each variant whose producer allows it, the producer's price and stock
// beside the hub's own (empty = the producer's applies).
import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatQuantity } from '../../../domain/units.ts';
import { eurosField } from '../shared/forms.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { PublicStatus } from '../shared/public-status.tsx';
import { Csrf, FormErrors, Notice } from '../shared/ui.tsx';
import type { shopPricesPage } from './use-cases.ts';

type Props = Awaited<ReturnType<typeof shopPricesPage>> & {
  l: Locale;
  slug: string;
  csrf: string | null;
  saved?: number | undefined;
  errors?: FieldError[] | undefined;
  /** After a refusal, the fields as typed. */
  typed?: Record<string, string> | undefined;
};

export const ShopPricesPage: FC<Props> = ({ l, slug, csrf, list, status, saved, errors = [], typed }) => {
  const tr = translator(l);
  const t = (key: string, dflt: string) => (typed ? (typed[key] ?? '') : dflt);
  return (
    <>
      <h1>{tr('Prix et stocks de la boutique', 'Shop prices and stock')}</h1>
      <PublicStatus status={status} l={l} />
      {saved !== undefined ? (
        <Notice kind="ok">
          <span data-testid="overrides-saved">{tr(`${saved} variante(s) mise(s) à jour.`, `${saved} variant(s) updated.`)}</span>
        </Notice>
      ) : null}
      <FormErrors errors={errors} l={l} />
      <p class="muted">
        {tr(
          'Les variantes dont le producteur vous permet de fixer votre prix ou votre stock. Laissez vide pour reprendre celui du producteur. Un stock saisi limite la boutique à ce nombre.',
          'Variants whose producer lets you set your own price or stock. Leave empty to use the producer’s. A stock you type limits the shop to that count.',
        )}
      </p>
      {list.length === 0 ? (
        <p>
          {tr('Aucun de vos producteurs ne permet de changer prix ou stock.', 'None of your producers allows changing price or stock.')}
        </p>
      ) : (
        <form method="post" action={paths(l).shopPrices(slug)}>
          <Csrf token={csrf} />
          <table class="grid">
            <thead>
              <tr>
                <th>{tr('Producteur', 'Producer')}</th>
                <th>{tr('Produit', 'Product')}</th>
                <th class="num">{tr('Prix du producteur', 'Producer’s price')}</th>
                <th class="num">{tr('Votre prix TTC (€)', 'Your price (€)')}</th>
                <th class="num">{tr('Stock du producteur', 'Producer’s stock')}</th>
                <th class="num">{tr('Votre stock', 'Your stock')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => {
                const label = `${x.productName} — ${x.variantName}`;
                return (
                  <tr data-variant-id={String(x.variantId)}>
                    <td>{x.producerName}</td>
                    <td>
                      {label} <small class="muted">{formatQuantity(x.unitKind, x.unitValue, l)}</small>
                    </td>
                    <td class="num">{formatMoney(x.producerPriceCents, l)}</td>
                    <td class="num">
                      {x.canOverridePrice ? (
                        <input
                          type="text"
                          inputmode="decimal"
                          name={`price_${x.variantId}`}
                          value={t(`price_${x.variantId}`, x.priceCents === null ? '' : eurosField(x.priceCents, l))}
                          aria-label={tr(`Votre prix pour ${label}`, `Your price for ${label}`)}
                        />
                      ) : (
                        <span class="muted">{tr('non permis', 'not allowed')}</span>
                      )}
                    </td>
                    <td class="num">{x.producerOnDemand ? tr('à la demande', 'on demand') : String(x.producerOnHand)}</td>
                    <td class="num">
                      {x.canOverrideStock ? (
                        <input
                          type="number"
                          min="0"
                          name={`stock_${x.variantId}`}
                          value={t(`stock_${x.variantId}`, x.onHand === null ? '' : String(x.onHand))}
                          aria-label={tr(`Votre stock pour ${label}`, `Your stock for ${label}`)}
                        />
                      ) : (
                        <span class="muted">{tr('non permis', 'not allowed')}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p class="actions">
            <button type="submit">{tr('Enregistrer les modifications', 'Save changes')}</button>
          </p>
        </form>
      )}
    </>
  );
};
