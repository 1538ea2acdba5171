// Correcting an order after it was placed (pickup day): the changes a hub (or later the shopper)
// asks for, the order they give through the one pricing code (shelfPrice, orderTotals), and the
// difference between what was invoiced and what is charged now, as rows of a credit note (less) and
// of a supplementary invoice (more).
import { DomainError } from './errors.ts';
import type { CycleFee } from './fees.ts';
import { invoiceBody, type ChargedAmount } from './invoices.ts';
import { roundCents, type Cents } from './money.ts';
import type { StockSource } from './orders.ts';
import { orderTotals, shelfPrice, type OrderTotals, type ShelfPrice } from './pricing.ts';
import { formatQuantity, type UnitKind } from './units.ts';

export type LineChange =
  /** A new quantity for a line; 0 removes it (a producer did not bring it). */
  | { kind: 'quantity'; lineId: number; quantity: number }
  /** The real weight of each item of a line sold by weight, in grams (« environ 1,8 kg »). */
  | { kind: 'weight'; lineId: number; grams: number }
  /** A variant the shop sells in this sale, added to the order. */
  | { kind: 'add'; variantId: number; quantity: number };

/** An order line as charged, with its per-item fees. */
export interface ChargedLine {
  id: number;
  variantId: number;
  producerId: number;
  producerName: string;
  productName: string;
  variantName: string;
  unitKind: UnitKind;
  unitValue: number;
  quantity: number;
  price: ShelfPrice;
  stockSource: StockSource;
}

/** A variant as the shop offers it now, for a line added by a correction. */
export interface AddableItem {
  variantId: number;
  producerId: number;
  producerName: string;
  productName: string;
  variantName: string;
  unitKind: UnitKind;
  unitValue: number;
  price: ShelfPrice;
}

export interface CorrectedLine extends Omit<ChargedLine, 'id' | 'stockSource'> {
  /** null for a line the correction adds. */
  id: number | null;
  /** Items to take from stock (> 0) or give back (< 0). */
  stockDelta: number;
  stockSource: StockSource | null;
}

export interface Correction {
  lines: CorrectedLine[];
  /** Lines removed whole. */
  removed: ChargedLine[];
  totals: OrderTotals;
  /** What the credit note credits and what the supplementary invoice adds (positive amounts). */
  less: ChargedAmount[];
  more: ChargedAmount[];
}

const WEIGHED = /\s\((?:pesé|weighed) : [^)]*\)$/;

/** The line's name once weighed: « Poulet entier (pesé : 2,1 kg) », a previous weighing replaced. */
export function weighedName(variantName: string, grams: number, locale: 'fr' | 'en'): string {
  return `${variantName.replace(WEIGHED, '')} (${locale === 'fr' ? 'pesé' : 'weighed'} : ${formatQuantity('weight', grams, locale)})`;
}

/**
 * The price of an item sold by weight at its real weight: the producer's price scaled from the
 * weight it was listed at (its €/kg), then the cycle's per-item fees on that price and weight.
 */
export function weighedPrice(line: ChargedLine, grams: number, cycleFees: readonly CycleFee[], hubId: number): ShelfPrice {
  const base = roundCents((line.price.basePriceCents * grams) / line.unitValue);
  return shelfPrice(
    { producerId: line.producerId, basePriceCents: base, vatRateBp: line.price.vatRateBp, unitKind: 'weight', unitValue: grams },
    cycleFees,
    hubId,
  );
}

/** Applies the changes to the order's lines and recomputes fees, VAT and totals; refuses what makes no sense. */
export function correctOrderLines(p: {
  lines: readonly ChargedLine[];
  changes: readonly LineChange[];
  addable: ReadonlyMap<number, AddableItem>;
  cycleFees: readonly CycleFee[];
  hubId: number;
  shipping: { cents: Cents; vatRateBp: number };
  /** The per-order fees the order charges now, for the difference. */
  orderFeesBefore: OrderTotals['orderFees'];
  locale: 'fr' | 'en';
  /** A shopper's own change: a line whose quantity changes takes the shop's price of today (from `addable`). */
  reprice?: boolean;
}): Correction {
  if (p.changes.length === 0)
    throw new DomainError('VALIDATION', 'Nothing to change.', { fields: [{ field: 'changes', message: 'Aucune modification.' }] });
  const next = new Map<number, CorrectedLine>(p.lines.map((l) => [l.variantId, { ...l, stockDelta: 0 }]));
  const byId = new Map(p.lines.map((l) => [l.id, l]));
  p.changes.forEach((ch, i) => {
    const field = `changes.${i}`;
    if (ch.kind === 'add') {
      if (!(Number.isInteger(ch.quantity) && ch.quantity > 0))
        throw new DomainError('VALIDATION', 'A quantity is a whole number above 0.', {
          fields: [{ field, message: 'Quantité invalide.' }],
        });
      const current = next.get(ch.variantId);
      if (current) {
        current.quantity += ch.quantity;
        current.stockDelta += ch.quantity;
        if (p.reprice) repriced(current, p.addable.get(ch.variantId));
        return;
      }
      const item = p.addable.get(ch.variantId);
      if (!item)
        throw new DomainError('NOT_IN_SHOP', 'This product is not sold in this sale.', {
          fields: [{ field, message: 'Produit absent de cette vente.' }],
        });
      next.set(ch.variantId, { ...item, id: null, quantity: ch.quantity, stockDelta: ch.quantity, stockSource: null });
      return;
    }
    const original = byId.get(ch.lineId);
    const line = original && next.get(original.variantId);
    if (!original || !line)
      throw new DomainError('NOT_FOUND', 'No such line in this order.', { fields: [{ field, message: 'Ligne inconnue.' }] });
    if (ch.kind === 'quantity') {
      if (!(Number.isInteger(ch.quantity) && ch.quantity >= 0))
        throw new DomainError('VALIDATION', 'A quantity is a whole number, 0 to remove the line.', {
          fields: [{ field, message: 'Quantité invalide.' }],
        });
      line.stockDelta += ch.quantity - line.quantity;
      line.quantity = ch.quantity;
      if (p.reprice) repriced(line, p.addable.get(line.variantId));
      return;
    }
    if (original.unitKind !== 'weight')
      throw new DomainError('VALIDATION', 'Only an item sold by weight is weighed.', {
        fields: [{ field, message: 'Ce produit n’est pas vendu au poids.' }],
      });
    if (!(Number.isInteger(ch.grams) && ch.grams > 0 && ch.grams <= 1_000_000))
      throw new DomainError('VALIDATION', 'A weight is a whole number of grams above 0.', {
        fields: [{ field, message: 'Poids invalide (en grammes).' }],
      });
    line.price = weighedPrice(original, ch.grams, p.cycleFees, p.hubId);
    line.unitValue = ch.grams;
    line.variantName = weighedName(original.variantName, ch.grams, p.locale);
  });
  const kept = [...next.values()].filter((l) => l.quantity > 0);
  const removed = p.lines.filter((l) => (next.get(l.variantId)?.quantity ?? 0) === 0);
  if (kept.length === 0)
    throw new DomainError('VALIDATION', 'An order keeps at least one line: cancel it instead.', {
      fields: [{ field: 'changes', message: 'Une commande garde au moins une ligne : annulez-la plutôt.' }],
    });
  const totals = orderTotals(
    kept.map((l) => ({ variantId: l.variantId, quantity: l.quantity, price: l.price })),
    p.cycleFees,
    p.hubId,
    { feeCents: p.shipping.cents, vatRateBp: p.shipping.vatRateBp },
  );
  return {
    lines: [...next.values()],
    removed,
    totals,
    ...diffRows(p.lines.map(lineRow), kept.map(lineRow), p.orderFeesBefore, totals.orderFees),
  };
}

/** The line at the shop's price of today, when the shop still sells it (else it keeps the price charged). */
function repriced(line: CorrectedLine, today: AddableItem | undefined): void {
  if (!today || line.unitKind !== today.unitKind || line.unitValue !== today.unitValue) return;
  line.price = today.price;
  line.variantName = today.variantName;
}

interface Row extends ChargedAmount {
  key: string;
}

const lineRow = (l: Omit<ChargedLine, 'id' | 'stockSource'>): Row => ({
  key: `line:${l.variantId}`,
  label: `${l.productName} — ${l.variantName}`,
  detail: l.producerName,
  quantity: l.quantity,
  unitTtcCents: l.price.priceCents,
  totalTtcCents: l.price.priceCents * l.quantity,
  vatRateBp: l.price.vatRateBp,
});

/** The per-order fees charged on the lines' total, as orderTotals computes them. */
const feeRows = (fees: OrderTotals['orderFees']): Row[] =>
  fees.map((f) => ({
    key: `fee:${f.enterpriseId}:${f.name}:${f.vatRateBp}`,
    label: f.name,
    detail: f.enterpriseName,
    quantity: 1,
    unitTtcCents: f.amountCents,
    totalTtcCents: f.amountCents,
    vatRateBp: f.vatRateBp,
  }));

/** What changed, row by row: lines by variant, per-order fees by who charges them; a changed unit price (a weighing) is one adjustment row. */
function diffRows(lineRowsBefore: Row[], lineRowsAfter: Row[], feesBefore: OrderTotals['orderFees'], feesAfter: OrderTotals['orderFees']) {
  const before = new Map([...lineRowsBefore, ...feeRows(feesBefore)].map((r) => [r.key, r]));
  const after = new Map([...lineRowsAfter, ...feeRows(feesAfter)].map((r) => [r.key, r]));
  const less: ChargedAmount[] = [];
  const more: ChargedAmount[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const d = (a?.totalTtcCents ?? 0) - (b?.totalTtcCents ?? 0);
    if (d === 0) continue;
    const ref = (a ?? b)!;
    const { key: _k, ...shown } = ref;
    const sameUnit = a && b && a.unitTtcCents === b.unitTtcCents;
    const row: ChargedAmount =
      (sameUnit || !a || !b) && key.startsWith('line:')
        ? { ...shown, quantity: Math.abs(d) / ref.unitTtcCents, totalTtcCents: Math.abs(d) }
        : { ...shown, quantity: 1, unitTtcCents: Math.abs(d), totalTtcCents: Math.abs(d) };
    (d < 0 ? less : more).push(row);
  }
  return { less, more };
}

/** Totals HT, VAT per rate and TTC of a document's rows, as the invoice prints them. */
export function documentTotals(rows: readonly ChargedAmount[]) {
  const b = invoiceBody(rows);
  return { totalHtCents: b.totalHtCents, totalVatCents: b.totalVatCents, totalTtcCents: b.totalTtcCents };
}
