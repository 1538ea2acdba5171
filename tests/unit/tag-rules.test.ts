// The tag rules on collection and payment methods, in words (domain/tag-rules.ts); the database's twin
// (members-sql.ts visibleMethodSql) is driven through the checkout in tests/integration/members.test.ts.
import { describe, expect, it } from 'vitest';
import { methodOfferedTo } from '../../domain/tag-rules.ts';

describe('methodOfferedTo', () => {
  it('offers a method without rules to everyone, guests included', () => {
    expect(methodOfferedTo([], [])).toBe(true);
    expect(methodOfferedTo([], ['adhérent'])).toBe(true);
  });
  it('offers a method reserved to a tag only to those holding it (any of its tags)', () => {
    const rules = [
      { tag: 'adhérent', visibility: 'only' as const },
      { tag: 'bénévole', visibility: 'only' as const },
    ];
    expect(methodOfferedTo(rules, [])).toBe(false);
    expect(methodOfferedTo(rules, ['bénévole'])).toBe(true);
  });
  it('hides a method from those holding a tag it is hidden from, even when another tag reserves it to them', () => {
    expect(methodOfferedTo([{ tag: 'nouveau', visibility: 'hidden' }], ['nouveau'])).toBe(false);
    expect(methodOfferedTo([{ tag: 'nouveau', visibility: 'hidden' }], [])).toBe(true);
    expect(
      methodOfferedTo(
        [
          { tag: 'adhérent', visibility: 'only' },
          { tag: 'nouveau', visibility: 'hidden' },
        ],
        ['adhérent', 'nouveau'],
      ),
    ).toBe(false);
  });
});
