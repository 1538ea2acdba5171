import { describe, expect, it } from 'vitest';
import { frenchVatNumber, normalizeSiret, normalizeVatNumber } from '../../domain/legal-ids.ts';

describe('legal identifiers', () => {
  it('accepts a SIRET with a valid checksum, in any spacing, and refuses a mistyped one', () => {
    expect(normalizeSiret('732 829 320 00074')).toBe('73282932000074');
    expect(normalizeSiret('73282932000075')).toBeNull();
    expect(normalizeSiret('7328293200007')).toBeNull();
    expect(normalizeSiret('35600000000001')).toBe('35600000000001');
  });
  it('derives and checks French VAT numbers from the SIREN', () => {
    expect(frenchVatNumber('732829320')).toBe('FR44732829320');
    expect(normalizeVatNumber('fr 44 732829320')).toBe('FR44732829320');
    expect(normalizeVatNumber('FR45732829320')).toBeNull();
    expect(normalizeVatNumber('DE123456789')).toBe('DE123456789');
    expect(normalizeVatNumber('12345')).toBeNull();
  });
});
