// What the pickup grid's form asks for: only changed fields become changes, a field that cannot be
// read holds back its own order and no other, a weight is read in kg as typed in French or English.
import { describe, expect, it } from 'vitest';
import type { GridOrder } from '../../db/orders/order-grid.ts';
import { readCount, readGridChanges, readKilograms } from '../../worker/admin/order-grid/form.ts';
import { translator } from '../../worker/admin/shared/paths.ts';

const line = (id: number, over: Partial<GridOrder['lines'][number]> = {}): GridOrder['lines'][number] => ({
  id,
  orderId: 1,
  productName: `Produit ${id}`,
  variantName: 'pièce',
  producerName: 'Ferme',
  unitKind: 'items',
  unitValue: 1,
  quantity: 2,
  lineTotalCents: 500,
  ...over,
});
const order = (publicId: string, lines: GridOrder['lines']): GridOrder => ({
  publicId,
  name: 'Client',
  phone: '',
  state: 'placed',
  paymentState: 'pending',
  paymentKind: 'offline',
  paymentName: 'Espèces',
  shippingKind: 'pickup',
  shippingName: 'Retrait',
  totalCents: 1000,
  updatedAt: 7,
  lines,
});
const tr = translator('fr');

describe('readGridChanges', () => {
  it('asks for the changed fields only, remembering which field each change came from', () => {
    const orders = [order('ord_a', [line(1), line(2, { unitKind: 'weight', unitValue: 1800, quantity: 1 })]), order('ord_b', [line(3)])];
    const { requests, errors } = readGridChanges(
      tr,
      { 'v.ord_a': '7', 'v.ord_b': '7', 'q.1': '2', 'q.2': '1', 'kg.2': '2,1', 'q.3': ' 0 ' },
      orders,
    );
    expect(errors).toEqual([]);
    expect(requests).toEqual([
      { publicId: 'ord_a', changes: [{ kind: 'weight', lineId: 2, grams: 2100 }], version: 7, fieldOf: ['kg.2'] },
      { publicId: 'ord_b', changes: [{ kind: 'quantity', lineId: 3, quantity: 0 }], version: 7, fieldOf: ['q.3'] },
    ]);
  });

  it('holds back an order with an unreadable field, and only that order', () => {
    const orders = [order('ord_a', [line(1), line(2)]), order('ord_b', [line(3)])];
    const { requests, errors } = readGridChanges(tr, { 'v.ord_a': '7', 'v.ord_b': '7', 'q.1': 'deux', 'q.2': '5', 'q.3': '1' }, orders);
    expect(errors).toEqual([{ field: 'q.1', message: 'Un nombre entier, 0 pour retirer la ligne.' }]);
    expect(requests.map((r) => r.publicId)).toEqual(['ord_b']);
  });

  it('sends each order with the version the grid showed, for the correction to refuse it if it changed since', () => {
    const orders = [order('ord_a', [line(1)]), order('ord_b', [line(3)])];
    const { requests, errors } = readGridChanges(tr, { 'v.ord_a': '6', 'v.ord_b': '7', 'q.1': '1', 'q.3': '1' }, orders);
    expect(errors).toEqual([]);
    expect(requests.map((r) => [r.publicId, r.version])).toEqual([
      ['ord_a', 6],
      ['ord_b', 7],
    ]);
  });

  it('holds back an order whose shown version is missing or unreadable, when something was typed on it', () => {
    const orders = [order('ord_a', [line(1)]), order('ord_b', [line(3)]), order('ord_c', [line(4)])];
    const { requests, errors } = readGridChanges(tr, { 'v.ord_b': 'x', 'v.ord_c': '7', 'q.1': '1', 'q.3': '1', 'q.4': '3' }, orders);
    expect(requests.map((r) => r.publicId)).toEqual(['ord_c']);
    expect(errors).toEqual([
      { field: 'order.ord_a', message: expect.stringContaining('Cette commande a été modifiée entre-temps') },
      { field: 'order.ord_b', message: expect.stringContaining('Cette commande a été modifiée entre-temps') },
    ]);
  });

  it('ignores a weight typed on a line not sold by weight, and a weight equal to the one charged', () => {
    const orders = [order('ord_a', [line(1, { unitKind: 'items' }), line(2, { unitKind: 'weight', unitValue: 1800 })])];
    expect(readGridChanges(tr, { 'kg.1': '3', 'kg.2': '1,8' }, orders).requests).toEqual([]);
  });
});

describe('readKilograms and readCount', () => {
  it('reads « 2,1 », « 2.1 » and « 0,850 » as grams; refuses 0, words and more than three decimals', () => {
    expect([readKilograms('2,1'), readKilograms('2.1'), readKilograms('0,850')]).toEqual([2100, 2100, 850]);
    expect([readKilograms('0'), readKilograms('deux'), readKilograms('1,2345'), readKilograms('-1')]).toEqual([null, null, null, null]);
  });
  it('reads whole counts up to 9,999', () => {
    expect([readCount('0'), readCount(' 12 '), readCount('9999')]).toEqual([0, 12, 9999]);
    expect([readCount('1,5'), readCount('10000'), readCount('-1'), readCount('')]).toEqual([null, null, null, null]);
  });
});
