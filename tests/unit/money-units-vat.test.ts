import { describe, expect, it } from 'vitest';
import { formatMoney, percentOf, roundCents } from '../../domain/money.ts';
import { formatQuantity, formatUnitPrice, unitPrice } from '../../domain/units.ts';
import { vatIncluded, vatSummary } from '../../domain/vat.ts';

describe('money', () => {
  it('formats euros the French way, with a no-break space before €', () => {
    expect(formatMoney(1250)).toBe('12,50\u00a0€');
    expect(formatMoney(123456)).toBe('1\u202f234,56\u00a0€');
    expect(formatMoney(1250, 'en')).toBe('€12.50');
  });
  it('rounds half away from zero', () => {
    expect(roundCents(2.5)).toBe(3);
    expect(roundCents(-2.5)).toBe(-3);
    expect(percentOf(333, 1000)).toBe(33);
    expect(percentOf(335, 1000)).toBe(34);
  });
});

describe('unit prices', () => {
  it('shows €/kg for weight, €/L for volume and €/pièce for items', () => {
    expect(unitPrice(250, 'weight', 500)).toBe(500);
    expect(formatUnitPrice(250, 'weight', 500)).toBe('5,00\u00a0€/kg');
    expect(formatUnitPrice(450, 'volume', 750)).toBe('6,00\u00a0€/L');
    expect(formatUnitPrice(390, 'items', 6)).toBe('0,65\u00a0€/pièce');
    expect(formatUnitPrice(390, 'items', 6, 'en')).toBe('€0.65/item');
  });
  it('rejects a unit value that is not positive', () => {
    expect(() => unitPrice(100, 'weight', 0)).toThrow(RangeError);
  });
  it('names quantities as a shelf label does', () => {
    expect(formatQuantity('weight', 500)).toBe('500 g');
    expect(formatQuantity('weight', 1500)).toBe('1,5 kg');
    expect(formatQuantity('volume', 750)).toBe('75 cl');
    expect(formatQuantity('volume', 1000)).toBe('1 L');
    expect(formatQuantity('items', 6)).toBe('6 pièces');
  });
});

describe('VAT', () => {
  it('extracts the VAT contained in a price that includes it', () => {
    expect(vatIncluded(1055, 550)).toBe(55);
    expect(vatIncluded(1200, 2000)).toBe(200);
    expect(vatIncluded(0, 550)).toBe(0);
  });
  it('sums per rate so HT + VAT = TTC on every row', () => {
    const rows = vatSummary([
      { rateBp: 550, ttcCents: 333 },
      { rateBp: 2000, ttcCents: 600 },
      { rateBp: 550, ttcCents: 333 },
    ]);
    expect(rows).toEqual([
      { rateBp: 550, htCents: 631, vatCents: 35, ttcCents: 666 },
      { rateBp: 2000, htCents: 500, vatCents: 100, ttcCents: 600 },
    ]);
    for (const r of rows) expect(r.htCents + r.vatCents).toBe(r.ttcCents);
  });
});
