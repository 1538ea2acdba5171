// Public ids: a prefix and 22 random base62 characters (~131 bits), so links cannot be guessed or enumerated.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** cart_…, ord_…, and chg_… for a shopper's change awaiting its payment. */
export type IdPrefix = 'cart' | 'ord' | 'chg';

export function newPublicId(prefix: IdPrefix): string {
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 62).
  let out = '';
  while (out.length < 22) {
    for (const b of crypto.getRandomValues(new Uint8Array(32))) {
      if (b < 248 && out.length < 22) out += ALPHABET[b % 62];
    }
  }
  return `${prefix}_${out}`;
}

export function isPublicId(value: string, prefix: IdPrefix): boolean {
  return new RegExp(`^${prefix}_[0-9A-Za-z]{22}$`).test(value);
}
