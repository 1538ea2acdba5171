// The catalog's JSON API under /api/manage/producers/:ent/…: products, variants, bulk prices and
// stock, the photo, CSV export and import; the same use cases as the pages.
import { Hono } from 'hono';
import * as v from 'valibot';
import { producerProduct, producerProducts } from '../../../db/catalog/products.ts';
import { DomainError } from '../../../domain/errors.ts';
import { MAX_QUANTITY, MAX_UNIT_VALUE } from '../../../domain/limits.ts';
import { UNIT_KINDS } from '../../../domain/units.ts';
import { VAT_RATES_BP } from '../../../domain/vat.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import type { AdminEnv } from '../../auth/identify.ts';
import { databaseFor } from '../../db.ts';
import { idParamSchema, idSchema, priceCentsSchema, slugSchema, stockSchema } from '../../schemas.ts';
import { validate } from '../../validate.ts';
import { writeContext } from '../shared/forms.ts';
import { csvResponse } from '../shared/assets.ts';
import { catalogCsv, importCatalogCsv, MAX_CSV_CHARS } from './csv.ts';
import {
  archiveVariant,
  createProduct,
  ownProduct,
  setProductArchived,
  setProductImage,
  updateProduct,
  updateVariantsInBulk,
} from './use-cases.ts';

const int = (msg: string) => v.pipe(v.number(msg), v.integer(msg));
const variantSchema = v.strictObject({
  id: v.optional(idSchema),
  name: v.pipe(v.string('Nom de variante attendu.'), v.trim(), v.nonEmpty('Donnez un nom à la variante.'), v.maxLength(80)),
  unitKind: v.picklist(UNIT_KINDS, 'Unité : weight, volume ou items.'),
  unitValue: v.pipe(
    int('Quantité entière attendue.'),
    v.minValue(1, 'La quantité doit être positive.'),
    v.maxValue(MAX_UNIT_VALUE, 'Quantité trop grande (10 000 000 g, ml ou pièces au maximum).'),
  ),
  priceCents: priceCentsSchema,
  vatRateBp: v.picklist(VAT_RATES_BP, 'Taux de TVA inconnu.'),
  onHand: v.optional(stockSchema, 0),
  onHandWas: v.optional(stockSchema),
  onDemand: v.optional(v.boolean(), false),
  maxPerOrder: v.optional(
    v.nullable(
      v.pipe(
        int('Maximum entier attendu.'),
        v.minValue(1, 'Le maximum doit être positif.'),
        v.maxValue(MAX_QUANTITY, `${MAX_QUANTITY} au maximum.`),
      ),
    ),
    null,
  ),
});
const productSchema = v.strictObject({
  name: v.pipe(v.string('Nom attendu.'), v.trim(), v.nonEmpty('Donnez un nom au produit.'), v.maxLength(120, '120 caractères au maximum.')),
  categoryId: idSchema,
  description: v.optional(v.pipe(v.string(), v.maxLength(2000, '2 000 caractères au maximum.')), ''),
  labelIds: v.optional(
    v.pipe(
      v.array(idSchema),
      v.maxLength(50, '50 labels au maximum.'),
      v.check((ids) => new Set(ids).size === ids.length, 'Un label est choisi deux fois.'),
    ),
    [],
  ),
  variants: v.pipe(v.array(variantSchema), v.maxLength(50, '50 variantes au maximum.')),
});
const bulkSchema = v.strictObject({
  variants: v.pipe(
    v.array(
      v.strictObject({
        id: idSchema,
        priceCents: priceCentsSchema,
        onHand: stockSchema,
        onHandWas: v.optional(stockSchema),
        onDemand: v.boolean('Vrai ou faux attendu.'),
      }),
    ),
    v.minLength(1, 'Aucune variante à modifier.'),
    v.maxLength(5000, '5 000 variantes au maximum par envoi.'),
  ),
});

const entParam = validate('param', v.object({ ent: slugSchema }));
const productParam = validate('param', v.object({ ent: slugSchema, id: idParamSchema }));

export const catalogApi = new Hono<AdminEnv>()
  .get('/producers/:ent/products', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    return c.json({ products: await producerProducts(databaseFor(c.env), e.id, { archived: c.req.query('archived') === 'true' }) });
  })
  .post('/producers/:ent/products', entParam, validate('json', productSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    const id = await createProduct({ ...writeContext(c), producer: e, input: c.req.valid('json') });
    return c.json({ id }, 201, { location: `/api/manage/producers/${e.slug}/products/${id}` });
  })
  .get('/producers/:ent/products/:id', productParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    return c.json(await ownProduct(databaseFor(c.env), e.id, c.req.valid('param').id));
  })
  .put('/producers/:ent/products/:id', productParam, validate('json', productSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    await updateProduct({ ...writeContext(c), producer: e, productId: c.req.valid('param').id, input: c.req.valid('json') });
    return c.json(await producerProduct(databaseFor(c.env), e.id, c.req.valid('param').id));
  })
  .post('/producers/:ent/products/:id/archive', productParam, validate('json', v.strictObject({ archived: v.boolean() })), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    await setProductArchived({
      ...writeContext(c),
      producer: e,
      productId: c.req.valid('param').id,
      archived: c.req.valid('json').archived,
    });
    return c.body(null, 204);
  })
  .put('/producers/:ent/products/:id/image', productParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    return c.json(
      await setProductImage({
        ...writeContext(c),
        bucket: c.env.IMAGES,
        photos: c.env.PHOTOS,
        producer: e,
        productId: c.req.valid('param').id,
        bytes,
      }),
    );
  })
  .delete(
    '/producers/:ent/products/:id/variants/:vid',
    validate('param', v.object({ ent: slugSchema, id: idParamSchema, vid: idParamSchema })),
    async (c) => {
      const { ent, id, vid } = c.req.valid('param');
      const e = await requireEnterprise(c, ent, 'catalog.edit');
      await archiveVariant({ ...writeContext(c), producer: e, productId: id, variantId: vid });
      return c.body(null, 204);
    },
  )
  .patch('/producers/:ent/variants', entParam, validate('json', bulkSchema), async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    return c.json(await updateVariantsInBulk({ ...writeContext(c), producer: e, rows: c.req.valid('json').variants }));
  })
  .get('/producers/:ent/catalog.csv', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    return csvResponse(await catalogCsv(databaseFor(c.env), e.id), `catalogue-${e.slug}.csv`);
  })
  .post('/producers/:ent/catalog/import', entParam, async (c) => {
    const e = await requireEnterprise(c, c.req.valid('param').ent, 'catalog.edit');
    const csv = await c.req.text();
    if (csv.length > MAX_CSV_CHARS) throw new DomainError('VALIDATION', 'The file is larger than 5 MB.');
    const result = await importCatalogCsv({ ...writeContext(c), producer: e, csv, apply: c.req.query('apply') === 'true' });
    if (result.errors.length) {
      throw new DomainError('VALIDATION', `The file has ${result.errors.length} invalid row(s); nothing was saved.`, {
        fields: result.errors.map((x) => ({ field: `line.${x.line}${x.column ? `.${x.column}` : ''}`, message: x.message })),
        details: { rows: result.errors },
      });
    }
    return c.json({ applied: result.applied, counts: result.counts, rows: result.rows }, 200);
  });
