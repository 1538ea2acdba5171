// The order pages of the back office: a hub's orders in a cycle (filters, reports, sales chart, bulk
// actions on the ticked ones), one order with its corrections, documents, money owed back, history and
// the actions its state allows (cancelling behind a confirmation), and what was ordered from a producer.
import type { FC } from 'hono/jsx';
import type { cycleOrders, hubCycle, orderHistory, OrderFilters, producerSales } from '../../../db/orders/hub-orders.ts';
import type { findOrder } from '../../../db/orders/order-records.ts';
import { type producerSalesCycles, REPORT_KINDS, type salesPerProducer } from '../../../db/orders/reports.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { formatInvoiceNumber } from '../../../domain/invoices.ts';
import { formatMoney } from '../../../domain/money.ts';
import { canMoveOrder, isSale, PAYMENT_STATES, SALE_STATES } from '../../../domain/orders.ts';
import { formatQuantity } from '../../../domain/units.ts';
import type { saleItemChoices } from '../../../db/orders/corrections.ts';
import { documentPath } from '../../invoices/invoice-document.ts';
import { shortRef } from '../../pages/order-text.ts';
import { BarChart } from '../shared/chart.tsx';
import { auditActionLabel, orderStateLabel, paymentStateLabel } from '../shared/labels.ts';
import { paths, reportSlug, reportTitle, translator, type Locale } from '../shared/paths.ts';
import { Csrf, errorFor, FormErrors, LabelledInput, LabelledSelect, Notice } from '../shared/ui.tsx';
import { REASON_MAX } from './form.ts';
import { canCancel, canRecordPayment, handOverState, type BulkOutcome } from './use-cases.ts';

type Rows<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
type Enterprise = { slug: string };

/** The states a hub's order list shows: the sales and the cancelled orders (a card attempt under way is not an order yet). */
const LISTED_STATES = [...SALE_STATES, 'cancelled'] as const;

/** What a bulk action did: how many orders moved, and each refused one with why. */
export const BulkOutcomeNotice: FC<{ l: Locale; outcome: BulkOutcome }> = ({ l, outcome }) => {
  const tr = translator(l);
  return (
    <Notice kind={outcome.refused.length ? 'warn' : 'ok'}>
      <span data-testid="bulk-outcome">
        {tr(`${outcome.done.length} commande(s) mise(s) à jour.`, `${outcome.done.length} order(s) updated.`)}
        {outcome.refused.length
          ? ` ${tr('Refusées', 'Refused')} : ${outcome.refused.map((r) => `${shortRef(r.id)} (${r.message})`).join(' ; ')}`
          : ''}
      </span>
    </Notice>
  );
};

/**
 * The bulk actions over the ticked orders (the orders list and the pickup grid): « Tout cocher » is a
 * link (no JavaScript), the buttons submit the page's `#bulk` form.
 */
export const BulkActions: FC<{ l: Locale; allTicked?: boolean; toggleHref: string }> = ({ l, allTicked, toggleHref }) => {
  const tr = translator(l);
  return (
    <p class="actions no-print">
      <a href={toggleHref}>{allTicked ? tr('Tout décocher', 'Untick all') : tr('Tout cocher', 'Tick all')}</a>
      <span>{tr('Pour les commandes cochées :', 'For the ticked orders:')}</span>
      <button type="submit" form="bulk" name="action" value="paid">
        {tr('Payées', 'Paid')}
      </button>
      <button type="submit" form="bulk" name="action" value="ready">
        {tr('Prêtes', 'Ready')}
      </button>
      <button type="submit" form="bulk" name="action" value="handed-over">
        {tr('Retirées ou livrées', 'Collected or delivered')}
      </button>
    </p>
  );
};

export const CycleOrdersPage: FC<{
  l: Locale;
  csrf: string | null;
  enterprise: Enterprise;
  cycle: NonNullable<Rows<typeof hubCycle>>;
  filters: OrderFilters;
  list: Rows<typeof cycleOrders>;
  sales: Rows<typeof salesPerProducer>;
  /** After a bulk action: what was done and what was refused, with why. */
  outcome?: BulkOutcome | undefined;
  /** « Tout cocher » without JavaScript: the list comes back with every box ticked. */
  allTicked?: boolean;
}> = ({ l, csrf, enterprise: e, cycle, filters, list, sales, outcome, allTicked }) => {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  return (
    <>
      <p class="eyebrow">
        <a href={p.cycles(e.slug)}>{tr('Cycles de vente', 'Order cycles')}</a>
      </p>
      <h1>{cycle.name}</h1>
      <p class="actions">
        <a href={p.cycleNewOrder(e.slug, cycle.id)}>{tr('Nouvelle commande (téléphone, sur place)', 'New order (phone, on site)')}</a>
        <a href={p.cycleGrid(e.slug, cycle.id)}>
          {tr('Grille de retrait (corriger quantités et poids)', 'Pickup grid (correct quantities and weights)')}
        </a>
      </p>
      <p class="actions">
        {tr('Rapports :', 'Reports:')}
        {REPORT_KINDS.map((k) => (
          <a href={p.report(e.slug, cycle.id, reportSlug(l, k))}>{reportTitle(tr, k)}</a>
        ))}
      </p>
      {sales.length ? (
        <figure>
          <BarChart
            l={l}
            title={tr('Ventes par producteur (TTC)', 'Sales per producer (incl. VAT)')}
            rows={sales.map((s) => ({ label: s.producerName, cents: s.salesCents }))}
          />
          <figcaption class="muted">
            {tr('Ventes par producteur, prix TTC payés par les clients.', 'Sales per producer, VAT-inclusive prices paid by shoppers.')}
          </figcaption>
        </figure>
      ) : null}
      <form method="get" class="filters no-print">
        <LabelledSelect
          id="state"
          name="state"
          label={tr('État', 'State')}
          options={[['', tr('tous', 'all')], ...LISTED_STATES.map((x) => [x, orderStateLabel(tr, x)] as const)]}
          selected={filters.state}
        />
        <LabelledSelect
          id="payment"
          name="payment"
          label={tr('Paiement', 'Payment')}
          options={[['', tr('tous', 'all')], ...PAYMENT_STATES.map((x) => [x, paymentStateLabel(tr, x)] as const)]}
          selected={filters.paymentState}
        />
        <LabelledInput id="q" label={tr('Client ou référence', 'Shopper or reference')} name="q" value={filters.q ?? ''} />
        <button type="submit">{tr('Filtrer', 'Filter')}</button>
      </form>
      {outcome ? <BulkOutcomeNotice l={l} outcome={outcome} /> : null}
      <form method="post" action={p.cycleOrdersBulk(e.slug, cycle.id)} id="bulk" class="no-print">
        <Csrf token={csrf} />
      </form>
      <BulkActions l={l} allTicked={allTicked} toggleHref={`${p.cycleOrders(e.slug, cycle.id)}?${allTicked ? '' : 'tout=1'}`} />
      <table class="grid" data-testid="orders">
        <caption class="sr-only">{tr('Commandes', 'Orders')}</caption>
        <thead>
          <tr>
            <th class="no-print">
              <span class="sr-only">{tr('Cocher', 'Tick')}</span>
            </th>
            <th>{tr('Réf.', 'Ref.')}</th>
            <th>{tr('Client', 'Shopper')}</th>
            <th>{tr('Retrait', 'Collection')}</th>
            <th>{tr('État', 'State')}</th>
            <th>{tr('Paiement', 'Payment')}</th>
            <th class="num">{tr('Total', 'Total')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((o) => (
            <tr>
              <td class="no-print">
                <input
                  type="checkbox"
                  form="bulk"
                  name="orders"
                  value={o.publicId}
                  checked={allTicked && o.state !== 'cancelled'}
                  aria-label={`${tr('Cocher', 'Tick')} ${shortRef(o.publicId)} — ${o.name}`}
                />
              </td>
              <td>
                <a href={p.order(e.slug, o.publicId)}>{shortRef(o.publicId)}</a>
              </td>
              <td>
                {o.name} <small class="muted">{o.email}</small>
              </td>
              <td>{o.shippingName}</td>
              <td>{orderStateLabel(tr, o.state)}</td>
              <td>
                {o.paymentName} — {paymentStateLabel(tr, o.paymentState)}
              </td>
              <td class="num">{money(o.totalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length === 0 ? <p>{tr('Aucune commande.', 'No orders.')}</p> : null}
    </>
  );
};

export const OrderPage: FC<{
  l: Locale;
  csrf: string | null;
  enterprise: Enterprise;
  record: NonNullable<Rows<typeof findOrder>>;
  history: Rows<typeof orderHistory>;
  /** What the correction form may add: the sale's variants. */
  items?: Rows<typeof saleItemChoices>;
  notice?: string | undefined;
  /** A refused correction: its messages and what was typed. */
  errors?: FieldError[] | undefined;
  raw?: Record<string, string> | undefined;
}> = ({ l, csrf, enterprise: e, record, history, items = [], notice, errors = [], raw = {} }) => {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const o = record.order;
  const handOver = handOverState(o.shippingKind);
  const correctable = isSale(o.state);
  const owed = record.moneyBack.filter((m) => m.state === 'owed');
  return (
    <>
      <p class="eyebrow">
        <a href={p.cycleOrders(e.slug, o.cycleId)}>{record.cycleName}</a>
      </p>
      <h1>
        {tr('Commande', 'Order')} {shortRef(o.publicId)} — {o.name}
      </h1>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      <dl class="facts">
        <dt>{tr('État', 'State')}</dt>
        <dd data-testid="admin-order-state">{orderStateLabel(tr, o.state)}</dd>
        <dt>{tr('Paiement', 'Payment')}</dt>
        <dd data-testid="admin-payment-state">
          {o.paymentName} — {paymentStateLabel(tr, o.paymentState)}
        </dd>
        <dt>{tr('Contact', 'Contact')}</dt>
        <dd>
          {o.email} · {o.phone}
        </dd>
        <dt>{o.shippingKind === 'delivery' ? tr('Livraison', 'Delivery') : tr('Retrait', 'Collection')}</dt>
        <dd>
          {o.shippingName}
          {o.addressLine ? `, ${o.addressLine}, ${o.postalCode} ${o.city}` : ''}
        </dd>
        <dt>{tr('Passée le', 'Placed')}</dt>
        <dd>{formatDateTime(o.placedAt ?? o.createdAt, l)}</dd>
      </dl>
      {errors.length ? <FormErrors errors={errors} l={l} /> : null}
      <form method="post" action={p.orderCorrect(e.slug, o.publicId)} data-testid="correction" class="correction">
        <Csrf token={csrf} />
        <div class="table-scroll">
          <table class="grid">
            <thead>
              <tr>
                <th>{tr('Produit', 'Product')}</th>
                <th>{tr('Producteur', 'Producer')}</th>
                <th class="num">{tr('Quantité', 'Quantity')}</th>
                <th class="num">{tr('Poids réel (kg)', 'Actual weight (kg)')}</th>
                <th class="num">{tr('Total', 'Total')}</th>
              </tr>
            </thead>
            <tbody>
              {record.lines.map((x) => (
                <tr>
                  <td>
                    {x.productName} — {x.variantName}
                  </td>
                  <td>{x.producerName}</td>
                  <td class="num">
                    {correctable ? (
                      <input
                        name={`q.${x.id}`}
                        inputmode="numeric"
                        size={3}
                        value={raw[`q.${x.id}`] ?? String(x.quantity)}
                        aria-label={`${tr('Quantité', 'Quantity')} — ${x.productName}`}
                        aria-invalid={errorFor(errors, `q.${x.id}`) ? 'true' : undefined}
                      />
                    ) : (
                      x.quantity
                    )}
                  </td>
                  <td class="num">
                    {x.unitKind === 'weight' && correctable ? (
                      <input
                        name={`kg.${x.id}`}
                        inputmode="decimal"
                        size={5}
                        value={raw[`kg.${x.id}`] ?? ''}
                        placeholder={String(x.unitValue / 1000).replace('.', l === 'fr' ? ',' : '.')}
                        aria-label={`${tr('Poids réel en kg', 'Actual weight in kg')} — ${x.productName}`}
                        aria-invalid={errorFor(errors, `kg.${x.id}`) ? 'true' : undefined}
                      />
                    ) : x.unitKind === 'weight' ? (
                      formatQuantity('weight', x.unitValue, l)
                    ) : null}
                  </td>
                  <td class="num">{money(x.lineTotalCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colspan={4}>{tr('Total TTC', 'Total incl. VAT')}</th>
                <td class="num" data-testid="admin-order-total">
                  {money(o.totalCents)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        {correctable ? (
          <div class="filters">
            <LabelledSelect
              id="add-variant"
              name="add.variant"
              label={tr('Ajouter un produit', 'Add a product')}
              options={[['', tr('—', '—')], ...items.map((i) => [String(i.variantId), i.label] as const)]}
              selected={raw['add.variant']}
            />
            <LabelledInput
              id="add-quantity"
              name="add.quantity"
              label={tr('Quantité', 'Quantity')}
              inputmode="numeric"
              size={3}
              value={raw['add.quantity'] ?? '1'}
            />
            <button type="submit">{tr('Enregistrer les modifications', 'Save the changes')}</button>
            <p class="muted">
              {tr(
                'Quantité 0 : la ligne est retirée et son stock rendu. Le client reçoit un e-mail ; une baisse donne un avoir (et un remboursement si la commande est payée), une hausse une facture complémentaire.',
                'Quantity 0 removes the line and gives its stock back. The shopper gets an e-mail; less gives a credit note (and a refund if the order is paid), more a supplementary invoice.',
              )}
            </p>
          </div>
        ) : null}
      </form>
      {record.invoices.length || record.creditNotes.length ? (
        <>
          <h2>{tr('Factures et avoirs', 'Invoices and credit notes')}</h2>
          <ul data-testid="documents">
            {record.invoices.map((i) => (
              <li>
                <a
                  href={documentPath(o.publicId, l, {
                    kind: 'invoice',
                    year: i.year,
                    number: i.number,
                    first: i.supplementsInvoiceId === null,
                  })}
                >
                  {tr('Facture', 'Invoice')} {formatInvoiceNumber(i.year, i.number)}
                </a>{' '}
                — {money(i.totalTtcCents)}
              </li>
            ))}
            {record.creditNotes.map((n) => (
              <li>
                <a href={documentPath(o.publicId, l, { kind: 'credit-note', year: n.year, number: n.number })}>
                  {tr('Avoir', 'Credit note')} {formatInvoiceNumber(n.year, n.number)}
                </a>{' '}
                — {money(n.totalTtcCents)} ({n.cause === 'cancelled' ? tr('annulation', 'cancellation') : tr('correction', 'correction')})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {record.moneyBack.length ? (
        <>
          <h2>{tr('Sommes à rendre au client', 'Money back to the shopper')}</h2>
          <ul data-testid="money-back">
            {record.moneyBack.map((m) => (
              <li>
                {money(m.amountCents)} —{' '}
                {m.state === 'refunded'
                  ? tr('remboursé sur la carte', 'refunded to the card')
                  : m.state === 'repaid'
                    ? tr('rendu', 'handed back')
                    : m.kind === 'card'
                      ? tr('à rembourser (Stripe n’a pas répondu)', 'to refund (Stripe did not answer)')
                      : tr('à rendre au client', 'owed to the shopper')}
                {m.state === 'owed' && m.kind === 'offline' ? (
                  <form method="post" action={p.orderRepaid(e.slug, o.publicId)} class="inline">
                    <Csrf token={csrf} />
                    <input type="hidden" name="id" value={String(m.id)} />
                    <button type="submit" class="link">
                      {tr('Marquer comme rendue', 'Mark as handed back')}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
          {owed.length ? (
            <p data-testid="owed-total">
              <strong>
                {tr('Dû au client', 'Owed to the shopper')} : {money(owed.reduce((n, m) => n + m.amountCents, 0))}
              </strong>
            </p>
          ) : null}
        </>
      ) : null}
      <div class="actions no-print">
        {canRecordPayment(o) ? (
          <form method="post" action={p.orderPaid(e.slug, o.publicId)}>
            <Csrf token={csrf} />
            <button type="submit">{tr('Marquer comme payée', 'Mark as paid')}</button>
          </form>
        ) : null}
        {canMoveOrder(o.state, handOver) ? (
          <form method="post" action={p.orderState(e.slug, o.publicId)}>
            <Csrf token={csrf} />
            {canMoveOrder(o.state, 'ready') ? (
              <button type="submit" name="state" value="ready">
                {tr('Marquer prête', 'Mark as ready')}
              </button>
            ) : null}{' '}
            <button type="submit" name="state" value={handOver}>
              {handOver === 'delivered' ? tr('Marquer livrée', 'Mark as delivered') : tr('Marquer retirée', 'Mark as collected')}
            </button>
          </form>
        ) : null}
      </div>
      {canCancel(o.state) ? (
        <details class="danger-zone no-print">
          <summary>{tr('Annuler la commande…', 'Cancel the order…')}</summary>
          <form method="post" action={p.orderCancel(e.slug, o.publicId)}>
            <Csrf token={csrf} />
            <p>
              {tr(
                'Annuler est définitif : le stock est rendu, le client reçoit un e-mail avec le motif',
                'Cancelling cannot be undone: the stock is given back, the shopper gets an e-mail with the reason',
              )}
              {record.invoice ? tr(', un avoir annule la facture', ', a credit note cancels the invoice') : ''}
              {o.paymentState === 'paid'
                ? o.paymentKind === 'card'
                  ? tr(' et le paiement par carte est remboursé.', ' and the card payment is refunded.')
                  : tr(' et la somme payée est notée comme due au client.', ' and the amount paid is recorded as owed to the shopper.')
                : '.'}
            </p>
            <div class="field">
              <label for="reason">{tr('Motif (facultatif, lu par le client)', 'Reason (optional, the shopper reads it)')}</label>
              <input id="reason" name="reason" maxlength={REASON_MAX} />
            </div>
            <button type="submit" class="danger">
              {o.paymentState === 'paid' && o.paymentKind === 'card'
                ? tr('Annuler et rembourser', 'Cancel and refund')
                : tr('Annuler la commande', 'Cancel the order')}
            </button>
          </form>
        </details>
      ) : null}
      <h2>{tr('Historique', 'History')}</h2>
      <ul data-testid="order-history">
        {history.map((h) => (
          <li>
            {formatDateTime(h.at, l)} — {auditActionLabel(tr, h.action)} — {h.email ?? tr('système ou jeton d’API', 'system or API token')}
          </li>
        ))}
      </ul>
    </>
  );
};

export const SalesPage: FC<{
  l: Locale;
  cycles: Rows<typeof producerSalesCycles>;
  cycle: Rows<typeof producerSalesCycles>[number] | undefined;
  rows: Rows<typeof producerSales>;
}> = ({ l, cycles, cycle, rows }) => {
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const hubs = [...new Set(rows.map((r) => r.hubName))];
  return (
    <>
      <h1>{tr('Ce qui vous a été commandé', 'What was ordered from you')}</h1>
      <form method="get" class="filters no-print">
        <LabelledSelect
          id="cycle"
          name="cycle"
          label={tr('Cycle', 'Cycle')}
          options={cycles.map(
            (x) =>
              [
                String(x.id),
                `${x.name} — ${x.hubNames || tr('aucune boutique', 'no shop')} (${tr(`${x.orderCount} commande(s)`, `${x.orderCount} order(s)`)})`,
              ] as const,
          )}
          selected={cycle ? String(cycle.id) : undefined}
        />
        <button type="submit">{tr('Afficher', 'Show')}</button>
      </form>
      {hubs.length === 0 ? (
        <p>{tr('Aucune commande de vos produits dans ce cycle.', 'No orders of your products in this cycle.')}</p>
      ) : null}
      {hubs.map((h) => (
        <section>
          <h2>{h}</h2>
          <table class="grid">
            <thead>
              <tr>
                <th>{tr('Produit', 'Product')}</th>
                <th class="num">{tr('Quantité', 'Quantity')}</th>
                <th class="num">{tr('Commandes', 'Orders')}</th>
                <th class="num">{tr('Pour vous (TTC)', 'Your share (incl. VAT)')}</th>
              </tr>
            </thead>
            <tbody>
              {rows
                .filter((r) => r.hubName === h)
                .map((r) => (
                  <tr>
                    <td>
                      {r.productName} — {r.variantName}
                    </td>
                    <td class="num">{r.quantity}</td>
                    <td class="num">{r.orders}</td>
                    <td class="num">{money(r.baseCents)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
};
