// The « Nouvelle commande » page of a cycle: the customer (one of the shop's or a new one), the
// quantities of the sale's variants as the shop sells them, the method, an offline payment.
import type { FC } from 'hono/jsx';
import type { FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { formatQuantity } from '../../../domain/units.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Csrf, FormErrors, LabelledInput, LabelledSelect } from '../shared/ui.tsx';
import type { TakenOrderForm } from './form.ts';
import type { saleForOrder } from './use-cases.ts';

type Sale = Awaited<ReturnType<typeof saleForOrder>>;

export const emptyForm = (l: Locale): TakenOrderForm => ({
  customer: '',
  name: '',
  email: '',
  phone: '',
  locale: l,
  shippingMethodId: '',
  paymentMethodId: '',
  addressLine: '',
  postalCode: '',
  city: '',
  quantities: {},
});

export const NewOrderPage: FC<{
  l: Locale;
  csrf: string | null;
  enterprise: { slug: string; name: string };
  cycle: { id: number; name: string };
  sale: Sale;
  values: TakenOrderForm;
  errors: readonly FieldError[];
}> = ({ l, csrf, enterprise: e, cycle, sale, values, errors }) => {
  const p = paths(l);
  const tr = translator(l);
  const offline = sale.payment.filter((m) => m.kind === 'offline');
  const lineError = (variantId: number) => errors.find((x) => x.field === `lines.${variantId}`)?.message;
  // At the top of the form a line's message says which product it is about.
  const named = errors.map((x) => {
    const item = sale.items.find((i) => x.field === `lines.${i.variantId}`);
    return item ? { ...x, message: `${item.productName} — ${item.variantName} : ${x.message}` } : x;
  });
  return (
    <>
      <p class="eyebrow">
        <a href={p.cycleOrders(e.slug, cycle.id)}>
          {tr('Commandes', 'Orders')} — {cycle.name}
        </a>
      </p>
      <h1>{tr('Nouvelle commande', 'New order')}</h1>
      <p>
        {tr(
          'Pour un client au téléphone ou sur place : les prix, le stock et le minimum sont ceux de la boutique, et le client reçoit la confirmation habituelle par e-mail.',
          'For a customer on the phone or at the counter: prices, stock and minimum are the shop’s, and the customer gets the usual confirmation e-mail.',
        )}
      </p>
      <FormErrors errors={named} l={l} />
      <form method="post" action={p.cycleNewOrder(e.slug, cycle.id)} class="new-order">
        <Csrf token={csrf} />
        <fieldset>
          <legend>{tr('Client', 'Customer')}</legend>
          {sale.customers.length ? (
            <LabelledSelect
              id="customer"
              name="customer"
              label={tr('Client de la boutique', 'Shop customer')}
              options={[
                ['', tr('— Nouveau client —', '— New customer —')],
                ...sale.customers.map((c): [string, string] => [String(c.id), `${c.name || c.email} — ${c.email}`]),
              ]}
              selected={values.customer}
            />
          ) : null}
          <p class="muted">
            {tr(
              'Pour un client de la liste, laissez vides les champs ci-dessous : ses coordonnées sont reprises.',
              'For a listed customer, leave the fields below empty: their details are used.',
            )}
          </p>
          <LabelledInput id="name" name="name" label={tr('Nom', 'Name')} value={values.name} autocomplete="off" />
          <LabelledInput id="email" name="email" type="email" label={tr('E-mail', 'E-mail')} value={values.email} autocomplete="off" />
          <LabelledInput id="phone" name="phone" type="tel" label={tr('Téléphone', 'Phone')} value={values.phone} autocomplete="off" />
          <LabelledSelect
            id="locale"
            name="locale"
            label={tr('Langue des e-mails du client', 'Language of the customer’s e-mails')}
            options={[
              ['fr', 'Français'],
              ['en', 'English'],
            ]}
            selected={values.locale}
          />
        </fieldset>
        <table class="grid" data-testid="new-order-lines">
          <caption>{tr('Produits de la vente', 'Products of the sale')}</caption>
          <thead>
            <tr>
              <th>{tr('Produit', 'Product')}</th>
              <th class="num">{tr('Prix', 'Price')}</th>
              <th class="num">{tr('En stock', 'In stock')}</th>
              <th class="num">{tr('Quantité', 'Quantity')}</th>
            </tr>
          </thead>
          <tbody>
            {sale.items.map((i) => (
              <tr>
                <td>
                  <label for={`qty-${i.variantId}`}>
                    {i.productName} — {i.variantName}
                  </label>{' '}
                  <small class="muted">
                    {i.producerName}, {formatQuantity(i.unitKind, i.unitValue, l)}
                  </small>
                  {lineError(i.variantId) ? <div class="error">{lineError(i.variantId)}</div> : null}
                </td>
                <td class="num">{formatMoney(i.price.priceCents, l)}</td>
                <td class="num">{i.onDemand ? tr('à la demande', 'on demand') : i.onHand}</td>
                <td class="num">
                  <input
                    id={`qty-${i.variantId}`}
                    name={`qty.${i.variantId}`}
                    type="number"
                    min="0"
                    step="1"
                    inputmode="numeric"
                    size={4}
                    value={values.quantities[String(i.variantId)] ?? ''}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <fieldset>
          <legend>{tr('Retrait ou livraison, paiement', 'Collection or delivery, payment')}</legend>
          <LabelledSelect
            id="shippingMethodId"
            name="shippingMethodId"
            label={tr('Mode de retrait ou de livraison', 'Collection or delivery method')}
            options={sale.shipping.map((m): [string, string] => [
              String(m.id),
              `${m.name}${m.feeCents ? ` (${formatMoney(m.feeCents, l)})` : ''}`,
            ])}
            selected={values.shippingMethodId}
          />
          <LabelledInput
            id="addressLine"
            name="addressLine"
            label={tr('Adresse (livraison)', 'Address (delivery)')}
            value={values.addressLine}
          />
          <LabelledInput
            id="postalCode"
            name="postalCode"
            label={tr('Code postal', 'Postcode')}
            value={values.postalCode}
            inputmode="numeric"
          />
          <LabelledInput id="city" name="city" label={tr('Commune', 'Town')} value={values.city} />
          <LabelledSelect
            id="paymentMethodId"
            name="paymentMethodId"
            label={tr('Paiement (hors ligne)', 'Payment (offline)')}
            options={offline.map((m): [string, string] => [String(m.id), m.name])}
            selected={values.paymentMethodId}
          />
        </fieldset>
        <button type="submit">{tr('Enregistrer la commande', 'Place the order')}</button>
      </form>
    </>
  );
};
