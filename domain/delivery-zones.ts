// Delivery zones and what a delivery costs: the one home of the rule the hub's form, the checkout's
// quote and the placement of an order all apply (the postcodes and communes a method serves, its own
// minimum order, and the items total from which it is free).
import type { Cents } from './money.ts';

/** A method's zone, read from the list the hub typed (« 35000, 35200, 35* » or « Rennes, Cesson-Sévigné »). */
export interface DeliveryZone {
  postcodes: string[];
  /** « 35* »: every postcode starting with 35. */
  prefixes: string[];
  /** Commune names folded (see foldCommune), so « Cesson-Sévigné » matches « cesson sevigne ». */
  communes: string[];
}

export interface ParsedZone {
  zone: DeliveryZone;
  /** Entries that are neither a postcode, a prefix nor a commune name, as typed. */
  unreadable: string[];
}

const POSTCODE = /^[0-9]{5}$/;
const PREFIX = /^([0-9]{1,4})\*$/;
const COMMUNE = /^[\p{L}][\p{L} '’.-]{0,99}$/u;

/** A commune's name as compared: no accents, ligatures spelt out, lower case, « St » as « saint », punctuation as spaces. */
export function foldCommune(name: string): string {
  return name
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’.-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^st(e?) /, 'saint$1 ')
    .replace(/ st(e?) /g, ' saint$1 ');
}

/** Entries are separated by commas, semicolons or new lines; the empty list serves everywhere. */
export function parseZone(text: string): ParsedZone {
  const zone: DeliveryZone = { postcodes: [], prefixes: [], communes: [] };
  const unreadable: string[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const compact = entry.replace(/\s+/g, '');
    const prefix = PREFIX.exec(compact);
    if (POSTCODE.test(compact)) zone.postcodes.push(compact);
    else if (prefix) zone.prefixes.push(prefix[1]!);
    else if (COMMUNE.test(entry)) zone.communes.push(foldCommune(entry));
    else unreadable.push(entry);
  }
  return { zone, unreadable };
}

export const servesEverywhere = (z: DeliveryZone): boolean => z.postcodes.length + z.prefixes.length + z.communes.length === 0;

export type ZoneCheck = { ok: true } | { ok: false; field: 'address.postalCode' | 'address.city' };

/**
 * Whether the zone serves an address: its postcode is listed or starts with a listed prefix, or its
 * commune is listed. Refused, the field to point at is the postcode when the zone lists postcodes,
 * else the commune.
 */
export function zoneServes(z: DeliveryZone, address: { postalCode: string; city: string }): ZoneCheck {
  if (servesEverywhere(z)) return { ok: true };
  const code = address.postalCode.replace(/\s+/g, '');
  if (z.postcodes.includes(code) || z.prefixes.some((p) => code.startsWith(p))) return { ok: true };
  if (z.communes.includes(foldCommune(address.city))) return { ok: true };
  return { ok: false, field: z.postcodes.length + z.prefixes.length > 0 ? 'address.postalCode' : 'address.city' };
}

/** The zone as the checkout lists it: « 35000, 35200, 35* , Rennes » with the hub's own spelling kept. */
export function zoneLabel(text: string): string {
  return text
    .split(/[,;\n]/)
    .map((e) => e.trim())
    .filter(Boolean)
    .join(', ');
}

export interface ShippingTerms {
  feeCents: Cents;
  /** Free from this items total; null = never. */
  freeFromCents: Cents | null;
  /** The method's own minimum order. */
  minOrderCents: Cents;
}

/** The fee for a cart whose products come to `itemsTotalCents`. */
export function shippingFee(m: Pick<ShippingTerms, 'feeCents' | 'freeFromCents'>, itemsTotalCents: Cents): Cents {
  return m.freeFromCents !== null && itemsTotalCents >= m.freeFromCents ? 0 : m.feeCents;
}

/** The minimum the products must reach with this method: the hub's, or the method's when higher. */
export function minimumWith(m: Pick<ShippingTerms, 'minOrderCents'> | undefined, hubMinOrderCents: Cents): Cents {
  return Math.max(hubMinOrderCents, m?.minOrderCents ?? 0);
}

/** What a shop page announces: the minimum order, the least a delivery needs when more, and the lowest free-delivery threshold. */
export function shopMinimums(
  hubMinOrderCents: Cents,
  delivery: ReadonlyArray<Pick<ShippingTerms, 'minOrderCents' | 'freeFromCents'>>,
): { minOrderCents: Cents; deliveryFromCents: Cents | null; freeDeliveryFromCents: Cents | null } {
  const deliveryMin = delivery.length ? Math.min(...delivery.map((m) => minimumWith(m, hubMinOrderCents))) : null;
  const free = delivery.flatMap((m) => (m.freeFromCents === null ? [] : [m.freeFromCents]));
  return {
    minOrderCents: hubMinOrderCents,
    deliveryFromCents: deliveryMin !== null && deliveryMin > hubMinOrderCents ? deliveryMin : null,
    freeDeliveryFromCents: free.length ? Math.min(...free) : null,
  };
}
