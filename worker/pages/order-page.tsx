// The order page, rendered on demand at an unguessable link: lines, fees, VAT, total, collection details.
import type { FC } from 'hono/jsx';
import type { OrderRecord } from '../../db/orders.ts';
import { formatDateTime, formatWindow } from '../../domain/dates.ts';
import { formatMoney } from '../../domain/money.ts';
import { vatSummary, formatVatRate } from '../../domain/vat.ts';
import { Layout } from './layout.tsx';

export function orderPath(publicId: string, locale: 'fr' | 'en' = 'fr'): string {
  return locale === 'en' ? `/en/orders/${publicId}` : `/commandes/${publicId}`;
}

const PAYMENT_STATE = { pending: 'En attente de paiement', paid: 'Payée', failed: 'Paiement échoué', refunded: 'Remboursée' } as const;
const ORDER_STATE = { checkout: 'En cours de paiement', placed: 'Confirmée', ready: 'Prête', collected: 'Retirée', delivered: 'Livrée', cancelled: 'Annulée' } as const;

export const OrderPage: FC<{ record: OrderRecord }> = ({ record }) => {
  const { order: o, lines, orderFees } = record;
  const money = (c: number) => formatMoney(c, 'fr');
  const vat = vatSummary([
    ...lines.map((l) => ({ rateBp: l.vatRateBp, ttcCents: l.lineTotalCents })),
    ...orderFees.map((f) => ({ rateBp: f.vatRateBp, ttcCents: f.amountCents })),
    { rateBp: o.shippingVatRateBp, ttcCents: o.shippingCents },
  ]).filter((r) => r.ttcCents !== 0);
  return (
    <Layout title={`Commande ${shortRef(o.publicId)} — ${record.hubName}`}>
      <main class="order">
        <p class="eyebrow">
          <a href={`/boutiques/${record.hubSlug}/`}>{record.hubName}</a> · {record.cycleName}
        </p>
        <h1>{o.state === 'placed' ? 'Merci, votre commande est enregistrée' : `Commande ${ORDER_STATE[o.state].toLowerCase()}`}</h1>
        <p>
          Commande <strong>{shortRef(o.publicId)}</strong> passée le {formatDateTime(o.placedAt ?? o.createdAt)} par {o.name}. Gardez le lien de cette page : il
          permet de la retrouver.
        </p>
        <dl class="facts">
          <dt>État</dt>
          <dd data-testid="order-state">{ORDER_STATE[o.state]}</dd>
          <dt>Paiement</dt>
          <dd data-testid="payment-state">
            {o.paymentName} — {PAYMENT_STATE[o.paymentState]}
          </dd>
          <dt>{o.shippingKind === 'delivery' ? 'Livraison' : 'Retrait'}</dt>
          <dd>
            {o.shippingName}
            {o.shippingKind === 'delivery' && o.addressLine ? `, ${o.addressLine}, ${o.postalCode} ${o.city}` : ''}
            {record.collectionStartsAt && record.collectionEndsAt ? <> — {formatWindow(record.collectionStartsAt, record.collectionEndsAt)}</> : null}
            {record.collectionPlace ? <>, {record.collectionPlace}</> : null}
            {record.instructions ? <p class="muted">{record.instructions}</p> : null}
          </dd>
        </dl>
        <table class="lines">
          <caption>Détail de la commande</caption>
          <thead>
            <tr>
              <th scope="col">Produit</th>
              <th scope="col" class="num">Quantité</th>
              <th scope="col" class="num">Prix unitaire</th>
              <th scope="col" class="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr>
                <th scope="row">
                  {l.productName} <span class="muted">— {l.variantName}</span>
                  <br />
                  <small class="muted">{l.producerName}</small>
                </th>
                <td class="num">{l.quantity}</td>
                <td class="num">{money(l.unitPriceCents)}</td>
                <td class="num">{money(l.lineTotalCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={3}>Produits</th>
              <td class="num">{money(o.itemsTotalCents)}</td>
            </tr>
            {orderFees.map((f) => (
              <tr>
                <th scope="row" colspan={3}>
                  {f.name} <small class="muted">({f.enterpriseName})</small>
                </th>
                <td class="num">{money(f.amountCents)}</td>
              </tr>
            ))}
            {o.shippingCents ? (
              <tr>
                <th scope="row" colspan={3}>{o.shippingName}</th>
                <td class="num">{money(o.shippingCents)}</td>
              </tr>
            ) : null}
            {vat.map((r) => (
              <tr class="muted">
                <th scope="row" colspan={3}>dont TVA {formatVatRate(r.rateBp)}</th>
                <td class="num">{money(r.vatCents)}</td>
              </tr>
            ))}
            <tr class="total">
              <th scope="row" colspan={3}>Total TTC</th>
              <td class="num" data-testid="order-total">{money(o.totalCents)}</td>
            </tr>
          </tfoot>
        </table>
      </main>
    </Layout>
  );
};

/** « C-8F3K2Q » — a short, readable reference; the full id stays in the link. */
export function shortRef(publicId: string): string {
  return `C-${publicId.slice(4, 10).toUpperCase()}`;
}

