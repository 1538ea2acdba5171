// A hub's own price and stock for variants it sells, where the producer allows it: every row checked
// first, then one batch of upserts/deletes with the stale marks of the hub's pages and an audit entry.
import { overrideStatement } from '../../../db/catalog/override-statements.ts';
import { hubOverrideVariants } from '../../../db/catalog/overrides.ts';
import { auditStatement } from '../../../db/core/audit.ts';
import { batchOf } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { isPriceCents, isStock, type ProducerRef } from '../catalog/use-cases.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { publicState } from '../shared/public-status.tsx';

/** One variant's wish: a number sets the hub's value, null goes back to the producer's, absent leaves it. */
export interface OverrideRow {
  id: number;
  priceCents?: number | null | undefined;
  onHand?: number | null | undefined;
}

export async function saveVariantOverrides({
  db,
  actor,
  hub,
  rows,
  now,
}: {
  db: Db;
  actor: Actor;
  hub: ProducerRef;
  rows: readonly OverrideRow[];
  now: number;
}) {
  const current = new Map((await hubOverrideVariants(db, hub.id, [...new Set(rows.map((r) => r.id))])).map((x) => [x.variantId, x]));
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  rows.forEach((r, i) => {
    const cur = current.get(r.id);
    if (!cur) errors.push({ field: `variants.${i}.id`, message: `La variante ${r.id} ne vient pas d’un producteur de votre boutique.` });
    else {
      const name = `« ${cur.productName} — ${cur.variantName} » (${cur.producerName})`;
      // Going back to the producer's value is always allowed: a right withdrawn must not trap an old override.
      if (typeof r.priceCents === 'number' && !cur.canOverridePrice)
        errors.push({ field: `variants.${i}.priceCents`, message: `Le producteur ne vous permet pas de changer le prix de ${name}.` });
      if (typeof r.onHand === 'number' && !cur.canOverrideStock)
        errors.push({ field: `variants.${i}.onHand`, message: `Le producteur ne vous permet pas de gérer le stock de ${name}.` });
    }
    if (seen.has(r.id)) errors.push({ field: `variants.${i}.id`, message: `La variante ${r.id} apparaît deux fois.` });
    seen.add(r.id);
    // The page's form reaches here without the JSON schema: the same ranges, checked once for both.
    if (typeof r.priceCents === 'number' && !isPriceCents(r.priceCents))
      errors.push({ field: `variants.${i}.priceCents`, message: `Prix de la variante ${r.id} hors limites (de 0 à 1 000 000 €).` });
    if (typeof r.onHand === 'number' && !isStock(r.onHand))
      errors.push({ field: `variants.${i}.onHand`, message: `Stock de la variante ${r.id} hors limites (de 0 à 1 000 000).` });
  });
  if (errors.length) throw new DomainError('VALIDATION', 'Some rows cannot be saved.', { fields: errors });

  const changes = rows
    .map((r) => {
      const cur = current.get(r.id)!;
      const priceCents = r.priceCents === undefined ? cur.priceCents : r.priceCents;
      const onHand = r.onHand === undefined ? cur.onHand : r.onHand;
      return { id: r.id, priceCents, onHand, changed: priceCents !== cur.priceCents || onHand !== cur.onHand };
    })
    .filter((c) => c.changed);
  if (changes.length === 0) return { updated: 0 };
  const who = auditActor(actor);
  await db.batch(
    batchOf(
      changes.map((c) => overrideStatement(db, hub.id, { variantId: c.id, priceCents: c.priceCents, onHand: c.onHand })),
      changes.flatMap((c) =>
        markStaleStatements(db, { kind: 'override', hubId: hub.id, variantId: c.id }, 'prix et stocks de la boutique modifiés'),
      ),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: hub.id,
        action: 'overrides.update',
        subject: `enterprise:${hub.id}`,
        details: { variants: changes.map(({ changed: _c, ...c }) => c), ...who.via },
        at: now,
      }),
    ),
  );
  return { updated: changes.length };
}

/** The page's rows: every variant the hub may override, and the state of its shop's public page. */
export async function shopPricesPage(db: Db, hub: ProducerRef) {
  const [list, status] = await Promise.all([hubOverrideVariants(db, hub.id), publicState(db, [publicPaths.shop('fr', hub.slug)])]);
  return { list, status };
}
