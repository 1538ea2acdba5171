// The pickup-day grid: a cycle's orders one below the other (a block per order, a row per line: the
// only shape that reads on a phone as on a laptop, where a column per product would not), with the
// quantities and actual weights editable in one plain form, and the bulk actions on ticked orders.
import type { FC } from 'hono/jsx';
import type { hubCycle } from '../../../db/orders/hub-orders.ts';
import type { OrderGrid } from '../../../db/orders/order-grid.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { formatMoney } from '../../../domain/money.ts';
import { shortRef } from '../../pages/order-text.ts';
import { orderStateLabel, paymentStateLabel } from '../shared/labels.ts';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { Csrf, errorFor, LabelledInput, Notice } from '../shared/ui.tsx';
import type { BulkOutcome } from '../orders/use-cases.ts';
import { BulkActions, BulkOutcomeNotice } from '../orders/views.tsx';
import { orderField } from './form.ts';

/** Where the grid is (search and page), kept by its forms so a save or a bulk action comes back to it. */
export interface GridPlace {
  q?: string | undefined;
  page?: number | undefined;
}

export const gridQuery = (place: GridPlace, extra: Record<string, string> = {}): string => {
  const params = new URLSearchParams();
  if (place.q) params.set('q', place.q);
  if (place.page) params.set('page', String(place.page));
  for (const [k, val] of Object.entries(extra)) params.set(k, val);
  const text = params.toString();
  return text ? `?${text}` : '';
};

/** An input as wide as its column (the columns are fixed so that every order's table lines up). */
const FILL = 'width:100%;box-sizing:border-box';

export const GridPage: FC<{
  l: Locale;
  csrf: string | null;
  enterprise: { slug: string };
  cycle: NonNullable<Awaited<ReturnType<typeof hubCycle>>>;
  grid: OrderGrid;
  place: GridPlace;
  notice?: string | undefined;
  /** Refused changes: messages per field (`q.<line>`, `kg.<line>`, `order.<id>`) and what was typed. */
  errors?: FieldError[] | undefined;
  raw?: Record<string, string> | undefined;
  outcome?: BulkOutcome | undefined;
  allTicked?: boolean | undefined;
}> = ({ l, csrf, enterprise: e, cycle, grid, place, notice, errors = [], raw = {}, outcome, allTicked }) => {
  const p = paths(l);
  const tr = translator(l);
  const money = (c: number) => formatMoney(c, l);
  const kg = (grams: number) => String(grams / 1000).replace('.', l === 'fr' ? ',' : '.');
  const refusedOrders = grid.orders.filter(
    (o) => o.lines.some((x) => errorFor(errors, `q.${x.id}`) || errorFor(errors, `kg.${x.id}`)) || errorFor(errors, orderField(o.publicId)),
  );
  // Messages that are no field of the grid (nothing ticked for a bulk action).
  const general = errors.filter((x) => !/^(q|kg|order)\./.test(x.field));
  const pages = Math.ceil(grid.total / grid.pageSize);
  return (
    <>
      <p class="eyebrow">
        <a href={p.cycles(e.slug)}>{tr('Cycles de vente', 'Order cycles')}</a> › <a href={p.cycleOrders(e.slug, cycle.id)}>{cycle.name}</a>
      </p>
      <h1>
        {tr('Grille de retrait', 'Pickup grid')} — {cycle.name}
      </h1>
      <p class="muted">
        {tr(
          'Corrigez les quantités (0 retire la ligne et rend son stock) et saisissez le poids réel des produits vendus au poids, puis enregistrez : chaque commande modifiée est recalculée, le client reçoit un e-mail, un avoir ou une facture complémentaire est émis.',
          'Correct the quantities (0 removes the line and gives its stock back) and type the actual weight of items sold by weight, then save: each changed order is recomputed, the shopper gets an e-mail, a credit note or a supplementary invoice is issued.',
        )}
      </p>
      {notice ? <Notice kind="ok">{notice}</Notice> : null}
      {refusedOrders.length ? (
        <div class="notice bad" role="alert" data-testid="grid-refused">
          <p>
            <strong>{tr('Non enregistrées (le reste de la grille l’est) :', 'Not saved (the rest of the grid is):')}</strong>
          </p>
          <ul class="errors">
            {refusedOrders.map((o) => (
              <li>
                <a href={`#${o.publicId}`}>
                  {shortRef(o.publicId)} — {o.name}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {outcome ? <BulkOutcomeNotice l={l} outcome={outcome} /> : null}
      {general.length ? (
        <Notice kind="bad">
          <span data-testid="grid-error">{general.map((x) => x.message).join(' ')}</span>
        </Notice>
      ) : null}
      <form method="get" class="filters no-print">
        <LabelledInput id="q" label={tr('Client ou référence', 'Shopper or reference')} name="q" value={place.q ?? ''} />
        <button type="submit">{tr('Chercher', 'Search')}</button>
      </form>
      <form method="post" action={p.cycleGridBulk(e.slug, cycle.id) + gridQuery(place)} id="bulk" class="no-print">
        <Csrf token={csrf} />
      </form>
      <BulkActions
        l={l}
        allTicked={allTicked}
        toggleHref={p.cycleGrid(e.slug, cycle.id) + gridQuery(place, allTicked ? {} : { tout: '1' })}
      />
      <form method="post" action={p.cycleGrid(e.slug, cycle.id) + gridQuery(place)} data-testid="grid">
        <Csrf token={csrf} />
        {grid.orders.map((o) => {
          const ref = shortRef(o.publicId);
          const whole = errorFor(errors, orderField(o.publicId));
          return (
            <section class="bag" id={o.publicId} data-testid="grid-order" aria-labelledby={`h-${o.publicId}`}>
              <input type="hidden" name="order" value={o.publicId} />
              <input type="hidden" name={`v.${o.publicId}`} value={String(o.updatedAt)} />
              <h2 id={`h-${o.publicId}`}>
                <a href={p.order(e.slug, o.publicId)}>{ref}</a> — {o.name}
              </h2>
              <p class="actions">
                <label class="no-print">
                  <input type="checkbox" form="bulk" name="orders" value={o.publicId} checked={allTicked} /> {tr('Cocher', 'Tick')}{' '}
                  <span class="sr-only">{`${ref} — ${o.name}`}</span>
                </label>
                <span>{o.shippingName}</span>
                <span class="pill">{orderStateLabel(tr, o.state)}</span>
                <span>
                  {o.paymentName} — {paymentStateLabel(tr, o.paymentState)}
                </span>
                <strong data-testid="grid-order-total">{money(o.totalCents)}</strong>
              </p>
              {whole ? (
                <p class="row-error" role="alert">
                  {whole}
                </p>
              ) : null}
              <div class="table-scroll">
                <table class="grid" style="table-layout:fixed">
                  {/* The same columns in every order's table, so the blocks line up down the page. */}
                  <colgroup>
                    <col />
                    <col style="width:3.5rem" />
                    <col style="width:6rem" />
                    <col style="width:5rem" />
                  </colgroup>
                  <thead>
                    <tr>
                      <th>{tr('Produit', 'Product')}</th>
                      <th class="num">{tr('Qté', 'Qty')}</th>
                      <th class="num">{tr('Poids réel (kg)', 'Actual weight (kg)')}</th>
                      <th class="num">{tr('Total', 'Total')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.lines.map((x) => {
                      const qError = errorFor(errors, `q.${x.id}`);
                      const kgError = errorFor(errors, `kg.${x.id}`);
                      return (
                        <tr class={qError || kgError ? 'changed' : undefined}>
                          <td>
                            {x.productName} — {x.variantName} <small class="muted">{x.producerName}</small>
                            {qError ? (
                              <span class="row-error" id={`err-q-${x.id}`}>
                                <br />
                                {qError}
                              </span>
                            ) : null}
                            {kgError ? (
                              <span class="row-error" id={`err-kg-${x.id}`}>
                                <br />
                                {kgError}
                              </span>
                            ) : null}
                          </td>
                          <td class="num">
                            <input
                              name={`q.${x.id}`}
                              inputmode="numeric"
                              size={2}
                              value={raw[`q.${x.id}`] ?? String(x.quantity)}
                              aria-label={`${tr('Quantité', 'Quantity')} — ${x.productName} (${ref})`}
                              aria-invalid={qError ? 'true' : undefined}
                              aria-describedby={qError ? `err-q-${x.id}` : undefined}
                              style={FILL}
                            />
                          </td>
                          <td class="num">
                            {x.unitKind === 'weight' ? (
                              <input
                                name={`kg.${x.id}`}
                                inputmode="decimal"
                                size={4}
                                value={raw[`kg.${x.id}`] ?? ''}
                                placeholder={kg(x.unitValue)}
                                aria-label={`${tr('Poids réel en kg', 'Actual weight in kg')} — ${x.productName} (${ref})`}
                                aria-invalid={kgError ? 'true' : undefined}
                                aria-describedby={kgError ? `err-kg-${x.id}` : undefined}
                                style={FILL}
                              />
                            ) : null}
                          </td>
                          <td class="num">{money(x.lineTotalCents)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
          );
        })}
        {grid.orders.length ? (
          <p class="actions">
            <button type="submit">{tr('Enregistrer la grille', 'Save the grid')}</button>
            <span class="muted">
              {tr(
                'Seules les commandes modifiées sont recalculées ; pour ajouter un produit, ouvrez la commande.',
                'Only the changed orders are recomputed; to add a product, open the order.',
              )}
            </span>
          </p>
        ) : (
          <p>
            {place.q
              ? tr('Aucune commande ne correspond.', 'No order matches.')
              : tr('Aucune commande à retirer.', 'No orders to hand over.')}
          </p>
        )}
      </form>
      {pages > 1 ? (
        <nav class="actions no-print" aria-label={tr('Pages de la grille', 'Grid pages')}>
          {Array.from({ length: pages }, (_, i) =>
            i === grid.page ? (
              <strong aria-current="page">{i + 1}</strong>
            ) : (
              <a href={p.cycleGrid(e.slug, cycle.id) + gridQuery({ q: place.q, page: i })}>{i + 1}</a>
            ),
          )}
        </nav>
      ) : null}
    </>
  );
};
