// A hub's tag rules on its collection/delivery and payment methods: a method reserved to a tag is offered
// only to customers holding it; a method hidden from a tag is not offered to customers holding it. The
// database applies them (db/shoppers/members-sql.ts visibleMethodSql); this is their vocabulary and the
// rule in words the back office and the tests share.

export const METHOD_RULE_VISIBILITIES = ['only', 'hidden'] as const;
export type MethodRuleVisibility = (typeof METHOD_RULE_VISIBILITIES)[number];

export const METHOD_RULE_KINDS = ['shipping', 'payment'] as const;
export type MethodRuleKind = (typeof METHOD_RULE_KINDS)[number];

/**
 * Whether a method with these rules is offered to a shopper holding `held`: no 'only' rule or one for a
 * tag they hold, and no 'hidden' rule for a tag they hold (hiding wins over reserving).
 */
export function methodOfferedTo(rules: readonly { tag: string; visibility: MethodRuleVisibility }[], held: readonly string[]): boolean {
  const only = rules.filter((r) => r.visibility === 'only');
  if (only.length > 0 && !only.some((r) => held.includes(r.tag))) return false;
  return !rules.some((r) => r.visibility === 'hidden' && held.includes(r.tag));
}
