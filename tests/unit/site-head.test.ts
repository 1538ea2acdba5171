// The pre-rendered pages' head: language alternates that search engines accept (absolute, both
// languages, or none), and the inlined stylesheet minified without changing what its selectors match.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { languageAlternates } from '../../site/lib/alternates.ts';
import { siteCss } from '../../site/lib/site-head.ts';
import { AFTER_PAINT_LOADER, AFTER_PAINT_LOADER_SHA256, CONTENT_SECURITY_POLICY } from '../../worker/security-headers.ts';

describe('language alternates', () => {
  it('gives both languages as absolute URLs on the public origin', () => {
    expect(languageAlternates('fr', '/boutiques/la-ruche/', '/en/shops/la-ruche/', 'https://comptoir.example.coop/')).toEqual([
      { lang: 'fr', href: 'https://comptoir.example.coop/boutiques/la-ruche/' },
      { lang: 'en', href: 'https://comptoir.example.coop/en/shops/la-ruche/' },
    ]);
  });

  it('leaves them out rather than write relative ones, without a public origin or with a malformed one', () => {
    for (const origin of [undefined, '', 'comptoir.example.coop', 'https://comptoir.example.coop/shop'])
      expect(languageAlternates('en', '/en/', '/', origin), String(origin)).toEqual([]);
  });
});

describe('inlined stylesheet', () => {
  it('keeps descendant selectors before a pseudo-class and drops comments', () => {
    expect(siteCss).toContain('.filters :is(input,select){');
    expect(siteCss).not.toContain('/*');
    expect(siteCss).toContain('@media (max-width:40rem){');
  });
});

describe("the shop page's after-paint loader", () => {
  it('is allowed by the security policy under the hash of its exact text', () => {
    const hash = createHash('sha256').update(AFTER_PAINT_LOADER).digest('base64');
    expect(AFTER_PAINT_LOADER_SHA256, 'update AFTER_PAINT_LOADER_SHA256 to this after changing the loader').toBe(hash);
    expect(CONTENT_SECURITY_POLICY).toContain(`script-src 'self' 'sha256-${hash}'`);
  });
});
