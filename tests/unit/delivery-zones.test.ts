// Delivery zones as a hub types them and as checkout applies them: postcodes, prefixes, communes
// (accents and « St » folded), the fee from a threshold, and a method's own minimum.
import { describe, expect, it } from 'vitest';
import { minimumWith, parseZone, shippingFee, shopMinimums, zoneLabel, zoneServes } from '../../domain/delivery-zones.ts';
import { orderTotals, shelfPrice } from '../../domain/pricing.ts';

const serves = (zone: string, postalCode: string, city: string) => zoneServes(parseZone(zone).zone, { postalCode, city });

describe('parseZone', () => {
  it('reads postcodes, prefixes and communes separated by commas, semicolons or lines', () => {
    const { zone, unreadable } = parseZone('35000, 35200 ;35*\nRennes, Cesson-Sévigné');
    expect(zone).toEqual({ postcodes: ['35000', '35200'], prefixes: ['35'], communes: ['rennes', 'cesson sevigne'] });
    expect(unreadable).toEqual([]);
  });

  it('reports what it cannot read instead of silently serving nobody', () => {
    expect(parseZone('35000, 3500, 12*34, #Rennes').unreadable).toEqual(['3500', '12*34', '#Rennes']);
  });
});

describe('zoneServes', () => {
  it('serves every address when the list is empty', () => {
    expect(serves('', '99999', 'Ailleurs')).toEqual({ ok: true });
  });

  it('serves a listed postcode or one under a prefix, and refuses others on the postcode field', () => {
    expect(serves('35000, 35200', '35200', 'Rennes')).toEqual({ ok: true });
    expect(serves('35*', '35510', 'Cesson-Sévigné')).toEqual({ ok: true });
    expect(serves('35000, 35200', '35510', 'Cesson-Sévigné')).toEqual({ ok: false, field: 'address.postalCode' });
  });

  it('matches communes whatever the accents, case, hyphens or « St », and refuses others on the commune field', () => {
    expect(serves('Rennes, Cesson-Sévigné', '35510', 'cesson sevigne')).toEqual({ ok: true });
    expect(serves('Saint-Quentin-la-Chabanne', '23500', 'St Quentin la Chabanne')).toEqual({ ok: true });
    expect(serves('Rennes, Cesson-Sévigné', '35000', 'Nantes')).toEqual({ ok: false, field: 'address.city' });
  });

  it('serves a commune listed beside postcodes even when its postcode is not listed', () => {
    expect(serves('23500, Aubusson', '23200', 'Aubusson')).toEqual({ ok: true });
  });

  it('lists the zone as the hub wrote it', () => {
    expect(zoneLabel(' 35000,35200 ;\nRennes ')).toBe('35000, 35200, Rennes');
  });
});

describe('shipping fee and minimum', () => {
  const method = { feeCents: 490, freeFromCents: 4000, minOrderCents: 2500 };

  it('charges the fee below the threshold and nothing from it', () => {
    expect(shippingFee(method, 3999)).toBe(490);
    expect(shippingFee(method, 4000)).toBe(0);
    expect(shippingFee({ ...method, freeFromCents: null }, 1_000_000)).toBe(490);
  });

  it('asks the higher of the hub’s and the method’s minimum', () => {
    expect(minimumWith(method, 1500)).toBe(2500);
    expect(minimumWith(method, 3000)).toBe(3000);
    expect(minimumWith(undefined, 1500)).toBe(1500);
  });

  it('puts a free delivery in the order totals: no shipping line, no shipping VAT', () => {
    const price = shelfPrice({ producerId: 1, basePriceCents: 2100, vatRateBp: 550, unitKind: 'items', unitValue: 1 }, [], 9);
    const lines = [{ variantId: 1, quantity: 2, price }];
    const charged = orderTotals(lines, [], 9, { feeCents: 490, vatRateBp: 550, freeFromCents: 5000 });
    expect(charged).toMatchObject({ itemsTotalCents: 4200, shippingCents: 490, totalCents: 4690 });
    const free = orderTotals(lines, [], 9, { feeCents: 490, vatRateBp: 550, freeFromCents: 4200 });
    expect(free).toMatchObject({ shippingCents: 0, totalCents: 4200 });
    expect(free.vat.reduce((s, r) => s + r.ttcCents, 0)).toBe(4200);
  });

  it('says what a shop page announces: the minimum, the least a delivery needs, the lowest free threshold', () => {
    expect(
      shopMinimums(1500, [
        { minOrderCents: 3000, freeFromCents: 5000 },
        { minOrderCents: 0, freeFromCents: null },
      ]),
    ).toEqual({
      minOrderCents: 1500,
      deliveryFromCents: null,
      freeDeliveryFromCents: 5000,
    });
    expect(shopMinimums(0, [{ minOrderCents: 2500, freeFromCents: 4500 }])).toEqual({
      minOrderCents: 0,
      deliveryFromCents: 2500,
      freeDeliveryFromCents: 4500,
    });
    expect(shopMinimums(0, [])).toEqual({ minOrderCents: 0, deliveryFromCents: null, freeDeliveryFromCents: null });
  });
});
