// Publishing a rebuilt shop page moves its own files into the served folder: its index, its numbered
// parts and the pages of its other open sales; a sale's page that the rebuild no longer produces (the
// sale closed) is removed, and nothing else of the served folder is touched.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publishFiles } from '../../scripts/catalog-rebuild.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'publish-'));
  dirs.push(root);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), body);
  }
  return root;
}

describe('publishing a rebuilt shop page', () => {
  it('publishes the pages of its sales and parts, and removes the page of a sale that closed', () => {
    const built = tree({
      'boutiques/ruche/index.html': 'shop v2',
      'boutiques/ruche/page/2/index.html': 'part 2 v2',
      'boutiques/ruche/vente/7/index.html': 'sale 7 new',
      'en/shops/ruche/sale/7/index.html': 'sale 7 en',
    });
    const served = tree({
      'boutiques/ruche/index.html': 'shop v1',
      'boutiques/ruche/page/2/index.html': 'part 2 v1',
      'boutiques/ruche/vente/6/index.html': 'sale 6, closed since',
      'boutiques/ruche/vente/6/page/2/index.html': 'sale 6 part 2',
      'boutiques/autre/vente/3/index.html': 'another hub',
    });
    const changed = publishFiles(built, served, ['/boutiques/ruche/', '/en/shops/ruche/']);
    const read = (rel: string) => readFileSync(join(served, rel), 'utf8');
    expect(read('boutiques/ruche/index.html')).toBe('shop v2');
    expect(read('boutiques/ruche/page/2/index.html')).toBe('part 2 v2');
    expect(read('boutiques/ruche/vente/7/index.html')).toBe('sale 7 new');
    expect(read('en/shops/ruche/sale/7/index.html')).toBe('sale 7 en');
    expect(existsSync(join(served, 'boutiques/ruche/vente/6/index.html'))).toBe(false);
    expect(existsSync(join(served, 'boutiques/ruche/vente/6/page/2/index.html'))).toBe(false);
    expect(read('boutiques/autre/vente/3/index.html')).toBe('another hub');
    expect(changed).toContain('boutiques/ruche/vente/6/index.html');
  });
});
