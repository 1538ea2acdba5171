// CSV the way French spreadsheet software opens it: UTF-8 with a byte-order mark, `;` between
// fields, CRLF line ends, decimal comma; and a tolerant reader for what comes back (`;` or `,`).

const BOM = '\uFEFF';

function quote(field: string): string {
  return /[";\r\n]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((r) => r.map(quote).join(';')).join('\r\n') + '\r\n';
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
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
    } else if (ch === '"' && field === '') inQuotes = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** « 12,50 », « 12.5 », « 12 € » → cents; null when it is not a non-negative amount. */
export function parseMoney(text: string): number | null {
  const t = text.trim().replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
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
