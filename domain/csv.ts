// CSV the way French spreadsheet software opens it: UTF-8 with a byte-order mark, `;` between
// fields, CRLF line ends, decimal comma; and a tolerant reader for what comes back (`;` or `,`).
import Papa from 'papaparse';

const BOM = '\uFEFF';

/**
 * Cells a spreadsheet would run as a formula (a shopper named « =HYPERLINK(…) » in a report, a phone
 * number « +33 … »), but not plain negative amounts like « -3,50 », which must stay numbers.
 */
const FORMULA = /^(?:[=+@\t\r]|-(?!\d+(?:,\d+)?$))/;

/** Rows as CSV text for French spreadsheets; Papa Parse does the quoting and defuses formulas. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return (
    BOM +
    Papa.unparse(
      rows.map((r) => [...r]),
      { delimiter: ';', newline: '\r\n', escapeFormulae: FORMULA },
    ) +
    '\r\n'
  );
}

/** « 12,50 » — cents with a decimal comma, no currency sign, so the spreadsheet sees a number. */
export function csvMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** « 5,5 » from basis points. */
export function csvPercent(bp: number): string {
  return String(bp / 100).replace('.', ',');
}

/** « 1,5 » — a decimal with a comma, up to 3 places. */
export function csvDecimal(value: number): string {
  return String(Math.round(value * 1000) / 1000).replace('.', ',');
}

/**
 * Rows of a CSV text: BOM dropped, quoted fields with "" escapes and line breaks, CRLF or LF, and the
 * delimiter guessed from the first line (`;` as we write it, `,` as some software re-saves it).
 */
export function parseCsv(text: string): string[][] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const result = Papa.parse<string[]>(src, { delimiter, skipEmptyLines: 'greedy' });
  return result.data;
}

/** « 12,50 », « 12.5 », « 12 € » → cents; null when it is not a non-negative amount. */
export function parseMoney(text: string): number | null {
  const t = text
    .trim()
    .replace(/[\s\u00a0\u202f€]/g, '')
    .replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
  const [whole = '0', frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** « 5,5 » or « 5.5 % » → 550 basis points; null otherwise. */
export function parsePercent(text: string): number | null {
  const t = text.trim().replace(/[\s%]/g, '').replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}
