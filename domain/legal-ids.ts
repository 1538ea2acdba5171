// French business identifiers printed on invoices: SIRET (14 digits, Luhn checksum) and the
// intra-EU VAT number derived from the SIREN (FR + 2-digit key + SIREN).

const digitsOnly = (s: string) => s.replace(/[\s.]/g, '');

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The SIRET in canonical form (14 digits), or null when it is not a valid one. */
export function normalizeSiret(input: string): string | null {
  const s = digitsOnly(input);
  if (!/^\d{14}$/.test(s)) return null;
  // La Poste's establishments use a different rule (sum of digits divisible by 5).
  if (s.startsWith('356000000')) return [...s].reduce((a, d) => a + Number(d), 0) % 5 === 0 ? s : null;
  return luhnValid(s) ? s : null;
}

/** The French VAT number for a SIREN: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatNumber(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

/** A VAT number in canonical form (no spaces, upper case), or null. French numbers are checked against their key. */
export function normalizeVatNumber(input: string): string | null {
  const s = input.replace(/[\s.-]/g, '').toUpperCase();
  if (/^FR[0-9A-Z]{2}\d{9}$/.test(s)) return /^FR\d{2}/.test(s) ? (frenchVatNumber(s.slice(4)) === s ? s : null) : s;
  return /^[A-Z]{2}[0-9A-Z]{2,13}$/.test(s) && !s.startsWith('FR') ? s : null;
}
