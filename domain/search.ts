// The shop's text search, one rule for the page's instant search (site/scripts/shop/filters.ts) and the
// search for browsers without JavaScript (worker/routes/shops.ts): what is searched and what matches.

/** Letters NFD does not take apart: ligatures and the like, written as people type them. */
const EXPANSIONS: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const EXPAND = new RegExp(`[${Object.keys(EXPANSIONS).join('')}]`, 'g');

/**
 * Text as the search compares it: lower case, accents removed, ligatures expanded (« Œufs » → « oeufs »),
 * apostrophes, hyphens and other punctuation as spaces (« d'Auvergne », « pur-beurre »), one space apart.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(EXPAND, (c) => EXPANSIONS[c]!)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a query, folded; no word means no text condition. */
export function queryWords(query: string): string[] {
  const folded = foldText(query);
  return folded ? folded.split(' ') : [];
}

/**
 * What a product is found by: its name, its variants', its producer's, its category's and its labels'
 * (categories and labels in both languages, so « cheese » finds the « Fromages » on the French page too).
 * Folded and with a space before each word, ready for `matchesWords`.
 */
export function productSearchText(p: {
  productName: string;
  variantNames: readonly string[];
  producerName: string;
  categoryNames: readonly string[];
  labelNames: readonly string[];
}): string {
  return ` ${foldText([p.productName, ...p.variantNames, p.producerName, ...p.categoryNames, ...p.labelNames].join(' '))}`;
}

/**
 * Whether every word of the query begins a word of the text. Word starts, not any substring: « fromage »
 * finds « fromages » and « fromage de chèvre », « oeuf » finds « Œufs », but « ail » (garlic) does not
 * find « volaille » nor « paille », nor « thé » « méthode ». As fast as a substring test.
 */
export function matchesWords(searchText: string, words: readonly string[]): boolean {
  return words.every((w) => searchText.includes(` ${w}`));
}
