// A producer's catalog as CSV and back: the columns, the rows of an export, and the plan of an
// import (what each row would create or change, or why it is refused) before anything is written.
import { csvMoney, csvPercent, parseMoney, parsePercent } from './csv.ts';
import { variantErrors, type VariantDraft } from './catalog-edit.ts';
import type { UnitKind } from './units.ts';

export const CATALOG_COLUMNS = [
  'variante_id',
  'produit',
  'variante',
  'categorie',
  'unite',
  'quantite',
  'prix_ttc',
  'tva',
  'stock',
  'a_la_demande',
  'max_par_commande',
  'description',
] as const;
type Column = (typeof CATALOG_COLUMNS)[number];

const UNIT_CODES: Record<UnitKind, string> = { weight: 'g', volume: 'ml', items: 'piece' };
const UNIT_FROM_CODE: Record<string, UnitKind> = {
  g: 'weight',
  ml: 'volume',
  piece: 'items',
  pièce: 'items',
  pieces: 'items',
  pièces: 'items',
};

export interface CatalogVariant extends VariantDraft {
  variantId: number;
  productId: number;
  productName: string;
  categorySlug: string;
  description: string;
}

export function catalogCsvRows(variants: readonly CatalogVariant[]): string[][] {
  return [
    [...CATALOG_COLUMNS],
    ...variants.map((v) => [
      String(v.variantId),
      v.productName,
      v.name,
      v.categorySlug,
      UNIT_CODES[v.unitKind],
      String(v.unitValue),
      csvMoney(v.priceCents),
      csvPercent(v.vatRateBp),
      v.onDemand ? '' : String(v.onHand),
      v.onDemand ? 'oui' : 'non',
      v.maxPerOrder === null ? '' : String(v.maxPerOrder),
      v.description,
    ]),
  ];
}

export interface RowError {
  /** Line in the file, header = 1, as the spreadsheet numbers it. */
  line: number;
  column: string;
  message: string;
}

export type PlannedRow =
  | {
      line: number;
      action: 'update';
      variantId: number;
      productId: number;
      productName: string;
      variant: VariantDraft;
      product: { categorySlug: string; description: string };
      changes: string[];
    }
  | { line: number; action: 'unchanged'; variantId: number; productName: string; variantName: string }
  | {
      line: number;
      action: 'create';
      productId: number | null;
      productName: string;
      variant: VariantDraft;
      product: { categorySlug: string; description: string };
    };

export interface ImportPlan {
  rows: PlannedRow[];
  errors: RowError[];
  counts: { create: number; update: number; unchanged: number };
}

const FIELD_COLUMN: Record<string, Column> = {
  name: 'variante',
  unitKind: 'unite',
  unitValue: 'quantite',
  priceCents: 'prix_ttc',
  vatRateBp: 'tva',
  onHand: 'stock',
  maxPerOrder: 'max_par_commande',
};

export const MAX_IMPORT_ROWS = 10_000;

/**
 * Plans an import against the producer's current catalog. Rows with a variante_id update that
 * variant (it must be this producer's); rows without one add a variant to the product of that name
 * (created if needed). Every problem is reported with its line; the caller writes only an error-free plan.
 */
export function planCatalogImport(
  table: readonly (readonly string[])[],
  current: {
    variants: ReadonlyMap<number, CatalogVariant>;
    productsByName: ReadonlyMap<string, number>;
    categorySlugs: ReadonlySet<string>;
  },
): ImportPlan {
  const errors: RowError[] = [];
  const rows: PlannedRow[] = [];
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = CATALOG_COLUMNS.filter(
    (c) => c !== 'variante_id' && c !== 'description' && c !== 'max_par_commande' && !header.includes(c),
  );
  if (missing.length) {
    errors.push({
      line: 1,
      column: missing.join(', '),
      message: `Colonnes manquantes : ${missing.join(', ')}. Partez d’un export du catalogue.`,
    });
    return { rows, errors, counts: { create: 0, update: 0, unchanged: 0 } };
  }
  if (table.length - 1 > MAX_IMPORT_ROWS) {
    errors.push({ line: 1, column: '', message: `${MAX_IMPORT_ROWS} lignes au maximum par import.` });
    return { rows, errors, counts: { create: 0, update: 0, unchanged: 0 } };
  }
  const col = (row: readonly string[], c: Column) => (header.indexOf(c) >= 0 ? (row[header.indexOf(c)] ?? '').trim() : '');
  const seenIds = new Set<number>();

  table.slice(1).forEach((row, i) => {
    const line = i + 2;
    const err = (column: string, message: string) => errors.push({ line, column, message });
    const before = errors.length;
    const idText = col(row, 'variante_id');
    const productName = col(row, 'produit');
    const categorySlug = col(row, 'categorie').toLowerCase();
    const unitCode = col(row, 'unite').toLowerCase();
    const unitKind = UNIT_FROM_CODE[unitCode];
    const unitValueText = col(row, 'quantite');
    const price = parseMoney(col(row, 'prix_ttc'));
    const vat = parsePercent(col(row, 'tva'));
    const onDemandText = col(row, 'a_la_demande').toLowerCase();
    const onDemand = ['oui', 'yes', '1', 'vrai', 'true'].includes(onDemandText);
    if (onDemandText && !onDemand && !['non', 'no', '0', 'faux', 'false'].includes(onDemandText))
      err('a_la_demande', '« oui » ou « non » attendu.');
    const stockText = col(row, 'stock');
    const maxText = col(row, 'max_par_commande');

    if (!productName) err('produit', 'Le nom du produit est vide.');
    else if (productName.length > 120) err('produit', '120 caractères au maximum.');
    if (!current.categorySlugs.has(categorySlug)) err('categorie', `Catégorie inconnue « ${categorySlug} ».`);
    if (!unitKind) err('unite', `Unité inconnue « ${unitCode} » : g, ml ou piece.`);
    if (price === null) err('prix_ttc', `Prix illisible « ${col(row, 'prix_ttc')} » : écrivez par exemple 3,50.`);
    if (vat === null) err('tva', `Taux de TVA illisible « ${col(row, 'tva')} » : écrivez par exemple 5,5.`);
    if (!/^\d+$/.test(unitValueText)) err('quantite', `Quantité illisible « ${unitValueText} » : un nombre entier de g, ml ou pièces.`);
    if (!onDemand && !/^\d+$/.test(stockText))
      err('stock', `Stock illisible « ${stockText} » : un nombre entier, ou « oui » dans a_la_demande.`);
    if (maxText && !/^\d+$/.test(maxText)) err('max_par_commande', `Maximum illisible « ${maxText} ».`);
    const description = col(row, 'description');
    if (description.length > 2000) err('description', '2 000 caractères au maximum.');

    const variant: VariantDraft = {
      name: col(row, 'variante'),
      unitKind: unitKind ?? 'items',
      unitValue: Number(unitValueText),
      priceCents: price ?? 0,
      vatRateBp: vat ?? 0,
      onHand: onDemand ? 0 : Number(stockText),
      onDemand,
      maxPerOrder: maxText ? Number(maxText) : null,
    };
    if (errors.length === before) {
      for (const e of variantErrors(variant)) err(FIELD_COLUMN[e.field] ?? e.field, e.message);
    }

    let existing: CatalogVariant | undefined;
    if (idText) {
      const id = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN;
      existing = current.variants.get(id);
      if (!existing) err('variante_id', `La variante ${idText} n’existe pas dans votre catalogue.`);
      else if (seenIds.has(id)) err('variante_id', `La variante ${idText} apparaît deux fois.`);
      seenIds.add(id);
    }
    if (errors.length > before) return;

    const product = { categorySlug, description };
    if (existing) {
      const changes: string[] = [];
      if (existing.productName !== productName) changes.push(`produit : ${existing.productName} → ${productName}`);
      if (existing.name !== variant.name) changes.push(`variante : ${existing.name} → ${variant.name}`);
      if (existing.priceCents !== variant.priceCents)
        changes.push(`prix : ${csvMoney(existing.priceCents)} → ${csvMoney(variant.priceCents)}`);
      if (existing.vatRateBp !== variant.vatRateBp)
        changes.push(`TVA : ${csvPercent(existing.vatRateBp)} → ${csvPercent(variant.vatRateBp)}`);
      if (existing.onDemand !== variant.onDemand) changes.push(variant.onDemand ? 'à la demande' : 'stock compté');
      if (!variant.onDemand && existing.onHand !== variant.onHand) changes.push(`stock : ${existing.onHand} → ${variant.onHand}`);
      if (existing.unitKind !== variant.unitKind || existing.unitValue !== variant.unitValue)
        changes.push(`quantité : ${existing.unitValue} → ${variant.unitValue} ${UNIT_CODES[variant.unitKind]}`);
      if (existing.maxPerOrder !== variant.maxPerOrder)
        changes.push(`max par commande : ${existing.maxPerOrder ?? '—'} → ${variant.maxPerOrder ?? '—'}`);
      if (existing.categorySlug !== categorySlug) changes.push(`catégorie : ${existing.categorySlug} → ${categorySlug}`);
      if (existing.description !== description) changes.push('description');
      rows.push(
        changes.length
          ? { line, action: 'update', variantId: existing.variantId, productId: existing.productId, productName, variant, product, changes }
          : { line, action: 'unchanged', variantId: existing.variantId, productName, variantName: variant.name },
      );
    } else {
      rows.push({
        line,
        action: 'create',
        productId: current.productsByName.get(productName.toLowerCase()) ?? null,
        productName,
        variant,
        product,
      });
    }
  });
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const r of rows) counts[r.action]++;
  return { rows, errors, counts };
}
