// The rules of a producer's catalog edits, shared by the forms, the JSON API and the CSV import:
// what a valid variant is, how a stock correction applies, and how a product gets its slug.
import { VAT_RATES_BP } from './vat.ts';
import { UNIT_KINDS, type UnitKind } from './units.ts';
import type { FieldError } from './errors.ts';

export interface VariantDraft {
  name: string;
  unitKind: UnitKind;
  unitValue: number;
  priceCents: number;
  vatRateBp: number;
  onHand: number;
  onDemand: boolean;
  maxPerOrder: number | null;
}

export const MAX_PRICE_CENTS = 1_000_000_00;
export const MAX_STOCK = 1_000_000;

/** Field errors of a variant (messages in French, the interface's first language). */
export function variantErrors(v: Partial<VariantDraft>, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const f = (field: string, message: string) => errors.push({ field: prefix + field, message });
  if (!v.name || !v.name.trim()) f('name', 'Donnez un nom à la variante (ex. : « 500 g », « botte »).');
  else if (v.name.length > 80) f('name', 'Le nom de la variante fait 80 caractères au maximum.');
  if (!v.unitKind || !UNIT_KINDS.includes(v.unitKind)) f('unitKind', 'Choisissez l’unité : poids (g), volume (ml) ou pièces.');
  if (!Number.isInteger(v.unitValue) || (v.unitValue ?? 0) < 1 || (v.unitValue ?? 0) > 10_000_000)
    f('unitValue', 'La quantité par article doit être un nombre entier positif (g, ml ou pièces).');
  if (!Number.isInteger(v.priceCents) || (v.priceCents ?? -1) < 0 || (v.priceCents ?? 0) > MAX_PRICE_CENTS)
    f('priceCents', 'Le prix doit être un montant positif, ex. : 3,50.');
  if (!VAT_RATES_BP.includes(v.vatRateBp as (typeof VAT_RATES_BP)[number]))
    f('vatRateBp', 'Taux de TVA inconnu : 0 ; 2,1 ; 5,5 ; 10 ou 20 %.');
  if (!Number.isInteger(v.onHand) || (v.onHand ?? -1) < 0 || (v.onHand ?? 0) > MAX_STOCK)
    f('onHand', 'Le stock doit être un nombre entier positif ou nul.');
  if (
    v.maxPerOrder !== null &&
    v.maxPerOrder !== undefined &&
    (!Number.isInteger(v.maxPerOrder) || v.maxPerOrder < 1 || v.maxPerOrder > 9999)
  )
    f('maxPerOrder', 'Le maximum par commande doit être un nombre entier positif, ou vide.');
  return errors;
}

/**
 * Stock typed by a producer is what they counted when the page was shown; orders placed since then
 * took stock meanwhile. Applying the difference keeps those orders counted instead of erasing them.
 */
export function stockAfterCorrection(current: number, shown: number, typed: number): number {
  return Math.max(0, current + (typed - shown));
}

export function slugify(text: string): string {
  const s = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 70)
    .replace(/-$/, '');
  return s || 'produit';
}

/** A slug not yet taken among `taken`: « carottes », then « carottes-2 »… */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
