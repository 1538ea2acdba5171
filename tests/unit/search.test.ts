// The shop search's rule (domain/search.ts): how text is folded, and which products a query finds.
import { describe, expect, it } from 'vitest';
import { foldText, matchesWords, productSearchText, queryWords } from '../../domain/search.ts';

const finds = (query: string, names: string) =>
  matchesWords(
    productSearchText({ productName: names, variantNames: [], producerName: '', categoryNames: [], labelNames: [] }),
    queryWords(query),
  );

describe('foldText', () => {
  it('lowers case, removes accents and expands ligatures', () => {
    expect(foldText('Œufs de poules')).toBe('oeufs de poules');
    expect(foldText('Crème fraîche ÉPAISSE')).toBe('creme fraiche epaisse');
    expect(foldText('Cæsar Straße')).toBe('caesar strasse');
    expect(foldText('Bœuf')).toBe('boeuf');
  });

  it('reads apostrophes, hyphens and punctuation as spaces', () => {
    expect(foldText("Appellation d'origine protégée (AOP)")).toBe('appellation d origine protegee aop');
    expect(foldText('Pur-beurre, l’été & co.')).toBe('pur beurre l ete co');
    expect(foldText('  ')).toBe('');
  });
});

describe('matchesWords', () => {
  it('finds a product whatever accents and ligatures the shopper types', () => {
    expect(finds('oeufs', 'Œufs de poules plein air')).toBe(true);
    expect(finds('oeuf', 'Œufs de poules plein air')).toBe(true);
    expect(finds('ŒUFS', 'Oeufs extra-frais')).toBe(true);
    expect(finds('creme', 'Crème fraîche')).toBe(true);
    expect(finds('pâte', 'Pates fraîches')).toBe(true);
    expect(finds('boeuf', 'Steaks hachés pur bœuf')).toBe(true);
  });

  it('finds a word by its beginning, every word of the query, in any order', () => {
    expect(finds('fromage', 'Fromage de chèvre')).toBe(true);
    expect(finds('fromage', 'Fromages')).toBe(true);
    expect(finds('chevre fromage', 'Fromage de chèvre')).toBe(true);
    expect(finds('fromage brebis', 'Fromage de chèvre')).toBe(false);
    expect(finds("d'origine", 'Appellation d’origine protégée')).toBe(true);
  });

  it('does not find a word inside another one', () => {
    expect(finds('ail', 'Volaille fermière')).toBe(false);
    expect(finds('ail', 'Ail rose')).toBe(true);
    expect(finds('the', 'Méthode traditionnelle')).toBe(false);
  });

  it('finds everything for an empty query', () => {
    expect(queryWords('  ,  ')).toEqual([]);
    expect(finds('', 'Carottes')).toBe(true);
  });
});

describe('productSearchText', () => {
  it('finds a product by its variants, producer, category and labels, in both languages', () => {
    const text = productSearchText({
      productName: 'Tomme de vache',
      variantNames: ['Pièce de 500 g'],
      producerName: 'Ferme laitière du Mas',
      categoryNames: ['Fromages', 'Cheese'],
      labelNames: ['Agriculture biologique (AB)', 'Organic farming (AB)'],
    });
    for (const q of ['tomme', 'piece 500', 'laitiere', 'fromage', 'cheese', 'organic', 'bio', 'ab tomme'])
      expect(matchesWords(text, queryWords(q)), q).toBe(true);
    expect(matchesWords(text, queryWords('chèvre'))).toBe(false);
  });
});
