// Secrets of the back office (sign-in links, session ids, API tokens, CSRF tokens): random values
// handed out once and stored only as SHA-256 hashes, so a copy of the database signs nobody in.

/** 32 random bytes as base64url: 256 bits, safe in a URL, a cookie or a header. */
export function randomSecret(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  let bin = '';
  for (const b of raw) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares two strings in time independent of where they differ (CSRF tokens). */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** API tokens carry a prefix so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'cpt_';
