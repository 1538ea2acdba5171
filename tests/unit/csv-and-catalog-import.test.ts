// French CSV (BOM, semicolons, decimal comma) both ways, Paris date fields, stock corrections, and
// the catalog import plan: per-row errors, updates, creations, nothing guessed.
import { describe, expect, it } from 'vitest';
import { CATALOG_COLUMNS, catalogCsvRows, planCatalogImport, type CatalogVariant } from '../../domain/catalog-csv.ts';
import { slugify, stockAfterCorrection, uniqueSlug } from '../../domain/catalog-edit.ts';
import { csvMoney, parseCsv, parseMoney, parsePercent, toCsv } from '../../domain/csv.ts';
import { epochToParisLocal, parisLocalToEpoch } from '../../domain/paris-time.ts';

describe('CSV', () => {
  it('writes what French spreadsheets open: BOM, semicolons, CRLF, quotes where needed', () => {
    const csv = toCsv([
      ['produit', 'prix'],
      ['Tomme « fermière »; affinée', csvMoney(1250)],
      ['Œufs "plein air"', csvMoney(5)],
    ]);
    expect(csv).toBe('\uFEFFproduit;prix\r\n"Tomme « fermière »; affinée";12,50\r\n"Œufs ""plein air""";0,05\r\n');
    expect(parseCsv(csv)).toEqual([
      ['produit', 'prix'],
      ['Tomme « fermière »; affinée', '12,50'],
      ['Œufs "plein air"', '0,05'],
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas, but keeps negative amounts as numbers', () => {
    const csv = toCsv([['=HYPERLINK("http://x","clic")', '+33 6 12 34 56 78', '@SUM(A1)', csvMoney(-350), '-x']]);
    expect(parseCsv(csv)).toEqual([[`'=HYPERLINK("http://x","clic")`, "'+33 6 12 34 56 78", "'@SUM(A1)", '-3,50', "'-x"]]);
  });

  it('reads a file re-saved with commas and LF, and skips blank lines', () => {
    expect(parseCsv('a,b\n1,"x\ny"\n\n')).toEqual([
      ['a', 'b'],
      ['1', 'x\ny'],
    ]);
  });

  it('reads amounts and rates written the French or the English way, and refuses the rest', () => {
    expect(parseMoney('12,50')).toBe(1250);
    expect(parseMoney('12.5 €')).toBe(1250);
    expect(parseMoney('1 234,00')).toBe(123400);
    expect(parseMoney('-3')).toBeNull();
    expect(parseMoney('gratuit')).toBeNull();
    expect(parseMoney('1,234')).toBeNull();
    expect(parsePercent('5,5')).toBe(550);
    expect(parsePercent('20 %')).toBe(2000);
    expect(parsePercent('cinq')).toBeNull();
  });
});

describe('Paris date fields', () => {
  it('round-trips winter and summer times', () => {
    expect(new Date(parisLocalToEpoch('2026-11-26T18:00')!).toISOString()).toBe('2026-11-26T17:00:00.000Z');
    expect(new Date(parisLocalToEpoch('2026-07-01T09:30')!).toISOString()).toBe('2026-07-01T07:30:00.000Z');
    expect(epochToParisLocal(Date.UTC(2026, 10, 26, 17, 0))).toBe('2026-11-26T18:00');
    expect(parisLocalToEpoch('26/11/2026 18:00')).toBeNull();
  });
});

describe('catalog edits', () => {
  it('applies a stock correction as a difference, so orders placed meanwhile stay counted', () => {
    expect(stockAfterCorrection(7, 10, 12)).toBe(9);
    expect(stockAfterCorrection(1, 10, 0)).toBe(0);
  });

  it('makes readable, unique slugs', () => {
    expect(slugify('Œufs de poules élevées en plein air')).toBe('oeufs-de-poules-elevees-en-plein-air');
    expect(uniqueSlug('carottes', new Set(['carottes', 'carottes-2']))).toBe('carottes-3');
  });
});

describe('planCatalogImport', () => {
  const existing: CatalogVariant = {
    variantId: 10,
    productId: 3,
    productName: 'Carottes',
    categorySlug: 'legumes',
    description: 'Croquantes.',
    name: '1 kg',
    unitKind: 'weight',
    unitValue: 1000,
    priceCents: 320,
    vatRateBp: 550,
    onHand: 80,
    onDemand: false,
    maxPerOrder: null,
  };
  const current = {
    variants: new Map([[10, existing]]),
    productsByName: new Map([['carottes', 3]]),
    categorySlugs: new Set(['legumes', 'fruits']),
  };
  const exported = catalogCsvRows([existing]);

  it('round-trips an export as « unchanged »', () => {
    const plan = planCatalogImport(exported, current);
    expect(plan.errors).toEqual([]);
    expect(plan.counts).toEqual({ create: 0, update: 0, unchanged: 1 });
  });

  it('plans an update and a creation, saying what changes', () => {
    const row = [...exported[1]!];
    row[6] = '3,40';
    const plan = planCatalogImport(
      [exported[0]!, row, ['', 'Carottes', 'botte', 'legumes', 'piece', '1', '2,90', '5,5', '25', 'non', '', 'Croquantes.']],
      current,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.rows[0]).toMatchObject({ action: 'update', variantId: 10, changes: ['prix : 3,20 → 3,40'] });
    expect(plan.rows[1]).toMatchObject({
      action: 'create',
      productId: 3,
      variant: { name: 'botte', unitKind: 'items', priceCents: 290, onHand: 25 },
    });
  });

  it('reports every bad row with its line and column, and plans nothing for them', () => {
    const plan = planCatalogImport(
      [
        exported[0]!,
        ['10', 'Carottes', '1 kg', 'legumes', 'g', '1000', 'abc', '5,5', '80', 'non', '', ''],
        ['10', 'Carottes', '1 kg', 'legumes', 'g', '1000', '3,20', '7', '80', 'non', '', ''],
        ['', 'Poires', '1 kg', 'fruits', 'g', '1000', '3,20', '5,5', '', 'peut-être', '', ''],
        ['42', 'Fantôme', '1 kg', 'legumes', 'g', '1000', '3,20', '5,5', '1', 'non', '', ''],
      ],
      current,
    );
    expect(plan.errors).toEqual([
      { line: 2, column: 'prix_ttc', message: 'Prix illisible « abc » : écrivez par exemple 3,50.' },
      { line: 3, column: 'tva', message: 'Taux de TVA inconnu : 0 ; 2,1 ; 5,5 ; 10 ou 20 %.' },
      { line: 3, column: 'variante_id', message: 'La variante 10 apparaît deux fois.' },
      { line: 4, column: 'a_la_demande', message: '« oui » ou « non » attendu.' },
      { line: 4, column: 'stock', message: 'Stock illisible «  » : un nombre entier, ou « oui » dans a_la_demande.' },
      { line: 5, column: 'variante_id', message: 'La variante 42 n’existe pas dans votre catalogue.' },
    ]);
    expect(plan.rows).toEqual([]);
  });

  it('refuses a file without the expected columns', () => {
    const plan = planCatalogImport(
      [
        ['nom', 'prix'],
        ['x', '1'],
      ],
      current,
    );
    expect(plan.errors[0]).toMatchObject({ line: 1, message: expect.stringContaining('Colonnes manquantes') });
    expect(CATALOG_COLUMNS).toContain('prix_ttc');
  });
});
