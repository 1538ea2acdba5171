// The catalog's HTML forms read: the product form (its rows of variants), the bulk editor's fields and
// the CSV upload, each as what was typed (to show again) and the input the use cases take, with the
// fields a person typed wrong.
import type { producerProduct } from '../../../db/catalog/products.ts';
import type { VariantDraft } from '../../../domain/catalog-edit.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { UNIT_KINDS, type UnitKind } from '../../../domain/units.ts';
import type { Ctx } from '../../auth/identify.ts';
import { eurosField, formFields, one, parseEuros, readForm, type FormFields } from '../shared/forms.ts';
import type { Locale, Tr } from '../shared/paths.ts';
import { MAX_CSV_CHARS } from './csv.ts';
import type { BulkRow, ProductInput } from './use-cases.ts';

/** One row of the variants table, as typed. */
export interface VariantForm {
  id: string;
  name: string;
  unitKind: string;
  unitValue: string;
  price: string;
  vat: string;
  onHand: string;
  onHandWas: string;
  onDemand: boolean;
  max: string;
}

export interface ProductForm {
  name: string;
  categoryId: string;
  description: string;
  labelIds: string[];
  variants: VariantForm[];
}

/** The product form holds at most this many rows of variants (v0_… to v49_…). */
const MAX_VARIANT_ROWS = 50;

export const NEW_PRODUCT: ProductForm = { name: '', categoryId: '1', description: '', labelIds: [], variants: [] };

/** The blank row offered under the variants for adding one. */
export const BLANK_VARIANT: VariantForm = {
  id: '',
  name: '',
  unitKind: 'weight',
  unitValue: '',
  price: '',
  vat: '550',
  onHand: '0',
  onHandWas: '',
  onDemand: false,
  max: '',
};

/** A stored product as its form shows it (active variants only). */
export function productFormOf(found: NonNullable<Awaited<ReturnType<typeof producerProduct>>>, l: Locale): ProductForm {
  return {
    name: found.product.name,
    categoryId: String(found.product.categoryId),
    description: found.product.description,
    labelIds: found.labelIds.map(String),
    variants: found.variants
      .filter((x) => x.archivedAt === null)
      .map((x) => ({
        id: String(x.variantId),
        name: x.name,
        unitKind: x.unitKind,
        unitValue: String(x.unitValue),
        price: eurosField(x.priceCents, l),
        vat: String(x.vatRateBp),
        onHand: String(x.onHand),
        onHandWas: String(x.onHand),
        onDemand: x.onDemand,
        max: x.maxPerOrder === null ? '' : String(x.maxPerOrder),
      })),
  };
}

function productFormFrom(f: FormFields): ProductForm {
  const variants: VariantForm[] = [];
  for (let i = 0; i < MAX_VARIANT_ROWS; i++) {
    if (!(`v${i}_name` in f)) continue;
    const field = (k: string) => one(f, `v${i}_${k}`);
    const row: VariantForm = {
      id: field('id'),
      name: field('name'),
      unitKind: field('unitKind'),
      unitValue: field('unitValue'),
      price: field('price'),
      vat: field('vat'),
      onHand: field('onHand'),
      onHandWas: field('onHandWas'),
      onDemand: field('onDemand') === 'on',
      max: field('max'),
    };
    // The blank row offered for a new variant is ignored when left empty.
    if (!row.id && !row.name.trim() && !row.price.trim()) continue;
    variants.push(row);
  }
  const labels = f.labelIds;
  return {
    name: one(f, 'name'),
    categoryId: one(f, 'categoryId'),
    description: one(f, 'description'),
    labelIds: Array.isArray(labels) ? labels : labels ? [labels] : [],
    variants,
  };
}

function productInputFrom(form: ProductForm): { input: ProductInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const intOr = (text: string, field: string, message: string, fallback = 0) => {
    if (/^\d{1,9}$/.test(text.trim())) return Number(text.trim());
    errors.push({ field, message });
    return fallback;
  };
  const variants = form.variants.map((r, i) => {
    const price = parseEuros(r.price);
    if (price === null)
      errors.push({ field: `variants.${i}.priceCents`, message: `Prix illisible « ${r.price} » : écrivez par exemple 3,50.` });
    const draft: VariantDraft & { id?: number; onHandWas?: number } = {
      name: r.name,
      unitKind: (UNIT_KINDS as readonly string[]).includes(r.unitKind) ? (r.unitKind as UnitKind) : 'items',
      unitValue: intOr(r.unitValue, `variants.${i}.unitValue`, 'Quantité par article : un nombre entier (g, ml ou pièces).'),
      priceCents: price ?? 0,
      vatRateBp: Number(r.vat),
      onHand:
        r.onDemand && !r.onHand.trim() ? 0 : intOr(r.onHand || '0', `variants.${i}.onHand`, 'Stock : un nombre entier positif ou nul.'),
      onDemand: r.onDemand,
      maxPerOrder: r.max.trim() ? intOr(r.max, `variants.${i}.maxPerOrder`, 'Maximum par commande : un nombre entier, ou vide.') : null,
    };
    if (r.id) draft.id = Number(r.id);
    if (r.onHandWas && /^\d+$/.test(r.onHandWas)) draft.onHandWas = Number(r.onHandWas);
    return draft;
  });
  return {
    input: {
      name: form.name,
      categoryId: Number(form.categoryId),
      description: form.description,
      labelIds: form.labelIds.map(Number).filter((n) => Number.isInteger(n) && n > 0),
      variants,
    },
    errors,
  };
}

/** The posted product form: as typed, as input, and what is wrong with it. */
export async function readProductForm(c: Ctx): Promise<{ form: ProductForm; input: ProductInput; errors: FieldError[] }> {
  const form = productFormFrom(await formFields(c));
  return { form, ...productInputFrom(form) };
}

/** The archive button's field: « 0 » restores, anything else archives. */
export async function readArchived(c: Ctx): Promise<boolean> {
  return one(await formFields(c), 'archived') !== '0';
}

/** The uploaded photo's bytes (none when no file was sent: the use case says so). */
export async function readImage(c: Ctx): Promise<Uint8Array> {
  const file = (await readForm(c)).image;
  return file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
}

/** The bulk editor's rows (price_<id>, stock_<id>, was_<id>, demand_<id>), the fields as typed, and the unreadable ones. */
export async function readBulkForm(c: Ctx, tr: Tr): Promise<{ rows: BulkRow[]; typed: FormFields; errors: FieldError[] }> {
  const f = await formFields(c);
  const rows: BulkRow[] = [];
  const errors: FieldError[] = [];
  for (const key of Object.keys(f)) {
    const m = /^price_(\d+)$/.exec(key);
    if (!m) continue;
    const id = Number(m[1]);
    const price = parseEuros(one(f, key));
    const stockText = one(f, `stock_${id}`).trim();
    const onDemand = one(f, `demand_${id}`) === 'on';
    if (price === null)
      errors.push({
        field: `price_${id}`,
        message: tr(
          `Prix illisible « ${one(f, key)} » (variante ${id}) : écrivez par exemple 3,50.`,
          `Unreadable price "${one(f, key)}" (variant ${id}): write e.g. 3.50.`,
        ),
      });
    if (!onDemand && !/^\d{1,7}$/.test(stockText))
      errors.push({
        field: `stock_${id}`,
        message: tr(
          `Stock illisible « ${stockText} » (variante ${id}) : un nombre entier.`,
          `Unreadable stock "${stockText}" (variant ${id}): a whole number.`,
        ),
      });
    const was = one(f, `was_${id}`);
    rows.push({
      id,
      priceCents: price ?? 0,
      onHand: /^\d+$/.test(stockText) ? Number(stockText) : 0,
      onHandWas: /^\d+$/.test(was) ? Number(was) : undefined,
      onDemand,
    });
  }
  return { rows, typed: f, errors };
}

/** The CSV to import: the uploaded file, or the text carried by the preview's confirm button; and whether to apply it. */
export async function readImportForm(c: Ctx, tr: Tr): Promise<{ csv: string; apply: boolean }> {
  const body = await readForm(c);
  const file = body.file;
  const csv = file instanceof File ? await file.text() : typeof body.csv === 'string' ? body.csv : '';
  if (csv.length > MAX_CSV_CHARS)
    throw new DomainError('VALIDATION', 'File too large.', {
      fields: [{ field: 'file', message: tr('Fichier trop gros (5 Mo au maximum).', 'File too large (5 MB at most).') }],
    });
  return { csv, apply: body.apply === '1' };
}
