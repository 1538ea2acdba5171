// Coordinators' order cycles: create, edit (times, collection, which variants, which fees), clone,
// and which other hubs sell in them. Each write is one batch with its stale marks and audit entry;
// selections are set-based.
import { enterpriseBySlug, type EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import {
  auditRemovalStatement,
  cloneCycleStatements,
  collectionSpan,
  cycleForEdit,
  feesAvailableTo,
  hubsOtherThan,
  cycleList,
  nextCycleId,
  otherHubsOfCycle,
  outgoingOf,
  producersWorkingWith,
  rebuildIncomingStatements,
  removeOutgoingStatements,
  liveOrderCount,
  variantsAvailableTo,
  variantsNotAllowed,
  writeCycleStatements,
  writeOutgoingStatements,
  type CycleSettings,
  type OutgoingExchange,
} from '../../../db/catalog/cycles.ts';
import { cloneOutgoingMethodsStatements, setOutgoingMethodsStatements, type MethodChoice } from '../../../db/catalog/cycle-methods.ts';
import { hubMethodsQueries } from '../../../db/catalog/shop.ts';
import { auditStatement } from '../../../db/core/audit.ts';
import { asBatch } from '../../../db/core/batch.ts';
import type { Db } from '../../../db/core/client.ts';
import { markStaleStatements } from '../../../db/publishing/stale-pages.ts';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import { isEpochInRange } from '../../../domain/limits.ts';
import type { Actor } from '../../../domain/permissions.ts';
import type { ProducerRef } from '../catalog/use-cases.ts';
import { auditActor } from '../shared/audit-actor.ts';
import { refusingConstraints } from '../shared/constraints.ts';
import { publicState } from '../shared/public-status.tsx';

const OUT_OF_RANGE = 'Date hors limites : entre l’an 2000 et l’an 2100.';
/** Variants in one hub's selection of a cycle, as the JSON schema allows; forms are held to it here. */
export const MAX_SELECTION = 20_000;
/** Fees in one cycle, likewise. */
export const MAX_FEES = 200;

/** Times past the platform's range (domain/limits.ts), which forms can send as well as the API. */
function timeErrors(times: Record<string, number | null>): FieldError[] {
  return Object.entries(times).flatMap(([field, ms]) => (ms === null || isEpochInRange(ms) ? [] : [{ field, message: OUT_OF_RANGE }]));
}

function collectionErrors(s: { collectionStartsAt: number | null; collectionEndsAt: number | null }): FieldError[] {
  const errors: FieldError[] = timeErrors({ collectionStartsAt: s.collectionStartsAt, collectionEndsAt: s.collectionEndsAt });
  if (s.collectionStartsAt !== null && s.collectionEndsAt !== null && s.collectionEndsAt <= s.collectionStartsAt)
    errors.push({ field: 'collectionEndsAt', message: 'La fin du retrait doit suivre son début.' });
  if ((s.collectionStartsAt === null) !== (s.collectionEndsAt === null))
    errors.push({ field: 'collectionEndsAt', message: 'Indiquez le début et la fin du retrait, ou aucun des deux.' });
  return errors;
}

/** The chosen variants `hubId` may not sell, as one field message listing the first of them. */
async function selectionErrors(db: Db, hubId: number, variantIds: readonly number[], lead: string): Promise<FieldError[]> {
  const refused = await variantsNotAllowed(db, hubId, variantIds);
  if (!refused.length) return [];
  return [
    {
      field: 'variantIds',
      message: `${lead} (archivées, inconnues ou d’un producteur sans accord) : ${refused.slice(0, 20).join(', ')}${refused.length > 20 ? '…' : ''}.`,
    },
  ];
}

/** The hub's active methods, as the cycle forms offer them. */
export async function hubActiveMethods(db: Db, hubId: number) {
  const q = hubMethodsQueries(db, hubId);
  const [shipping, payment] = await db.batch([q.shipping, q.payment]);
  return { shipping, payment };
}

/**
 * A cycle where the hub offers none of its collection (or payment) methods cannot take an order
 * there: refused, unless the hub has none of that kind yet. Ids not among the hub's active methods are ignored.
 */
async function methodErrors(db: Db, hubId: number, choice: MethodChoice | undefined, whose: string): Promise<FieldError[]> {
  if (!choice) return [];
  const { shipping, payment } = await hubActiveMethods(db, hubId);
  const errors: FieldError[] = [];
  if (shipping.length && !shipping.some((m) => choice.shippingIds.includes(m.id)))
    errors.push({ field: 'shippingMethodIds', message: `Cochez au moins un mode de retrait ou de livraison de ${whose}.` });
  if (payment.length && !payment.some((m) => choice.paymentIds.includes(m.id)))
    errors.push({ field: 'paymentMethodIds', message: `Cochez au moins un moyen de paiement de ${whose}.` });
  return errors;
}

/** What a refused cycle write tells the client when the database, not the checks, refused it. */
const CYCLE_REFUSED: FieldError[] = [
  { field: 'fees', message: 'Une variante, une marge ou un producteur choisi n’existe plus : rechargez la page et recommencez.' },
];

async function checkSettings(db: Db, hubId: number, s: CycleSettings, methods?: MethodChoice): Promise<void> {
  const errors: FieldError[] = await methodErrors(db, hubId, methods, 'votre boutique');
  if (!s.name.trim()) errors.push({ field: 'name', message: 'Donnez un nom au cycle.' });
  errors.push(...timeErrors({ opensAt: s.opensAt, closesAt: s.closesAt }));
  if (s.variantIds.length > MAX_SELECTION) errors.push({ field: 'variantIds', message: '20 000 variantes au maximum.' });
  if (s.fees.length > MAX_FEES) errors.push({ field: 'fees', message: '200 marges au maximum.' });
  if (!(s.closesAt > s.opensAt)) errors.push({ field: 'closesAt', message: 'La fermeture doit suivre l’ouverture.' });
  errors.push(...collectionErrors(s));
  const [fees, producers] = await Promise.all([
    feesAvailableTo(db, hubId),
    s.fees.some((f) => f.producerId !== null) ? producersWorkingWith(db, hubId) : [],
  ]);
  const allowedFees = new Set(fees.map((f) => f.id));
  const allowedProducers = new Set(producers);
  s.fees.forEach((f, i) => {
    if (!allowedFees.has(f.feeId))
      errors.push({ field: `fees.${i}.feeId`, message: 'Cette marge ou commission n’est pas disponible pour votre boutique.' });
    if (f.producerId !== null && !allowedProducers.has(f.producerId))
      errors.push({ field: `fees.${i}.producerId`, message: 'Cette marge vise un producteur qui ne travaille pas avec votre boutique.' });
    if (f.hubId !== null && f.hubId !== hubId)
      errors.push({ field: `fees.${i}.hubId`, message: 'Une marge ne peut viser que votre boutique.' });
  });
  errors.push(...(await selectionErrors(db, hubId, s.variantIds, 'Ces variantes ne sont pas proposées à votre boutique')));
  if (errors.length) throw new DomainError('VALIDATION', 'The cycle has invalid fields.', { fields: errors });
}

export async function createCycle({
  db,
  actor,
  hub,
  settings,
  methods,
  now,
}: {
  db: Db;
  actor: Actor;
  hub: ProducerRef;
  settings: CycleSettings;
  /** The coordinator's methods offered in the cycle; absent (the JSON API), all its active ones. */
  methods?: MethodChoice | undefined;
  now: number;
}): Promise<number> {
  await checkSettings(db, hub.id, settings, methods);
  const who = auditActor(actor);
  return withFreshId(db, async (id) => {
    await refusingConstraints(
      () =>
        db.batch(
          asBatch([
            ...writeCycleStatements(db, id, hub.id, settings, now, true),
            ...(methods ? setOutgoingMethodsStatements(db, id, hub.id, methods) : []),
            ...markStaleStatements(db, { kind: 'cycle', cycleId: id }, `nouveau cycle « ${settings.name} »`),
            auditStatement(db, {
              userId: who.userId,
              enterpriseId: hub.id,
              action: 'cycle.create',
              subject: `cycle:${id}`,
              details: { name: settings.name, variants: settings.variantIds.length, ...who.via },
              at: now,
            }),
          ]),
        ),
      CYCLE_REFUSED,
    );
  });
}

/** The cycle as its coordinator may change it; to anyone else (even a hub selling in it) it is not there. */
export async function coordinated(db: Db, hubId: number, cycleId: number, message = 'No such cycle coordinated by this shop.') {
  const found = await cycleForEdit(db, cycleId, hubId);
  if (!found || found.cycle.coordinatorId !== hubId) throw new DomainError('NOT_FOUND', message);
  return found;
}

export async function updateCycle({
  db,
  actor,
  hub,
  cycleId,
  settings,
  methods,
  now,
}: {
  db: Db;
  actor: Actor;
  hub: ProducerRef;
  cycleId: number;
  settings: CycleSettings;
  /** The coordinator's methods offered in the cycle; absent (the JSON API), unchanged. */
  methods?: MethodChoice | undefined;
  now: number;
}) {
  await coordinated(db, hub.id, cycleId);
  await checkSettings(db, hub.id, settings, methods);
  const who = auditActor(actor);
  const reason = `cycle « ${settings.name} » modifié`;
  // Marked before and after: pages of variants leaving the cycle change too.
  await refusingConstraints(
    () =>
      db.batch(
        asBatch([
          ...markStaleStatements(db, { kind: 'cycle', cycleId }, reason),
          ...writeCycleStatements(db, cycleId, hub.id, settings, now, false),
          ...(methods ? setOutgoingMethodsStatements(db, cycleId, hub.id, methods) : []),
          ...markStaleStatements(db, { kind: 'cycle', cycleId }, reason),
          auditStatement(db, {
            userId: who.userId,
            enterpriseId: hub.id,
            action: 'cycle.update',
            subject: `cycle:${cycleId}`,
            details: { name: settings.name, variants: settings.variantIds.length, ...who.via },
            at: now,
          }),
        ]),
      ),
    CYCLE_REFUSED,
  );
}

export async function cloneCycle({
  db,
  actor,
  hub,
  cycleId,
  name,
  opensAt,
  closesAt,
  now,
}: {
  db: Db;
  actor: Actor;
  hub: ProducerRef;
  cycleId: number;
  name: string;
  opensAt: number;
  closesAt: number;
  now: number;
}): Promise<number> {
  const found = await coordinated(db, hub.id, cycleId);
  const outOfRange = timeErrors({ opensAt, closesAt });
  // Collection times move with the opening: they must stay in range too.
  const span = await collectionSpan(db, cycleId);
  const shift = opensAt - found.cycle.opensAt;
  if ((span.first !== null && !isEpochInRange(span.first + shift)) || (span.last !== null && !isEpochInRange(span.last + shift)))
    outOfRange.push({
      field: 'opensAt',
      message: 'Les dates de retrait de la copie sortiraient des limites (entre l’an 2000 et l’an 2100).',
    });
  if (outOfRange.length) throw new DomainError('VALIDATION', 'The copy’s times are out of range.', { fields: outOfRange });
  if (!(closesAt > opensAt))
    throw new DomainError('VALIDATION', 'The cycle must close after it opens.', {
      fields: [{ field: 'closesAt', message: 'La fermeture doit suivre l’ouverture.' }],
    });
  if (!name.trim())
    throw new DomainError('VALIDATION', 'A name is needed.', { fields: [{ field: 'name', message: 'Donnez un nom au cycle.' }] });
  const who = auditActor(actor);
  return withFreshId(db, async (id) => {
    await db.batch(
      asBatch([
        ...cloneCycleStatements(db, { id: cycleId, opensAt: found.cycle.opensAt }, { id, name: name.trim(), opensAt, closesAt }, now),
        ...cloneOutgoingMethodsStatements(db, cycleId, id),
        ...markStaleStatements(db, { kind: 'cycle', cycleId: id }, `cycle « ${name.trim()} » créé par copie`),
        auditStatement(db, {
          userId: who.userId,
          enterpriseId: hub.id,
          action: 'cycle.clone',
          subject: `cycle:${id}`,
          details: { from: cycleId, ...who.via },
          at: now,
        }),
      ]),
    );
  });
}

/** Another hub the coordinator brings into its cycle: a hub, known, and not the coordinator itself. */
async function sellingHub(db: Db, coordinatorId: number, slug: string) {
  const target = await enterpriseBySlug(db, slug);
  if (!target)
    throw new DomainError('NOT_FOUND', `No enterprise called “${slug}”.`, {
      fields: [{ field: 'hub', message: 'Cette boutique n’existe pas.' }],
    });
  if (!target.isHub)
    throw new DomainError('VALIDATION', 'Only a hub can sell in a cycle.', {
      fields: [{ field: 'hub', message: `${target.name} n’est pas une boutique : seule une boutique peut vendre dans un cycle.` }],
    });
  if (target.id === coordinatorId)
    throw new DomainError('VALIDATION', 'The coordinator’s own exchange is edited with the cycle.', {
      fields: [{ field: 'hub', message: 'Votre propre boutique se règle dans le formulaire du cycle.' }],
    });
  return target;
}

/**
 * Brings another hub into the coordinator's cycle, or changes what it sells there and how its
 * shoppers collect. Its selection may hold only variants of producers that let that hub add them
 * to cycles; the incoming exchanges then follow what all hubs sell. Returns whether it was added.
 */
export async function setCycleHub({
  db,
  actor,
  hub,
  cycleId,
  hubSlug,
  exchange,
  methods,
  now,
}: {
  db: Db;
  actor: Actor;
  hub: ProducerRef;
  cycleId: number;
  hubSlug: string;
  exchange: OutgoingExchange;
  /** That hub's methods offered in the cycle; absent (the JSON API), all its active ones for a new exchange, else unchanged. */
  methods?: MethodChoice | undefined;
  now: number;
}): Promise<{ created: boolean; hubId: number }> {
  const { cycle } = await coordinated(db, hub.id, cycleId);
  const target = await sellingHub(db, hub.id, hubSlug);
  const errors = [
    ...collectionErrors(exchange),
    ...(exchange.variantIds.length > MAX_SELECTION ? [{ field: 'variantIds', message: '20 000 variantes au maximum.' }] : []),
    ...(await selectionErrors(db, target.id, exchange.variantIds, `Ces variantes ne sont pas proposées à ${target.name}`)),
    ...(await methodErrors(db, target.id, methods, target.name)),
  ];
  if (errors.length) throw new DomainError('VALIDATION', 'The hub’s exchange has invalid fields.', { fields: errors });
  const created = (await outgoingOf(db, cycleId, target.id)) === null;
  const who = auditActor(actor);
  const reason = `${target.name} ${created ? 'ajoutée au' : 'modifiée dans le'} cycle « ${cycle.name} »`;
  // Marked before and after: pages of variants the hub stops selling change too.
  await db.batch(
    asBatch([
      ...markStaleStatements(db, { kind: 'cycle', cycleId }, reason),
      ...writeOutgoingStatements(db, cycleId, target.id, exchange),
      ...(methods ? setOutgoingMethodsStatements(db, cycleId, target.id, methods) : []),
      ...rebuildIncomingStatements(db, cycleId),
      ...markStaleStatements(db, { kind: 'cycle', cycleId }, reason),
      auditStatement(db, {
        userId: who.userId,
        enterpriseId: hub.id,
        action: created ? 'cycle.hub_add' : 'cycle.hub_update',
        subject: `cycle:${cycleId}`,
        details: { hub: target.slug, variants: new Set(exchange.variantIds).size, ...who.via },
        at: now,
      }),
    ]),
  );
  return { created, hubId: target.id };
}

/** Takes another hub out of the coordinator's cycle, unless it already has live orders there (any not cancelled). */
export async function removeCycleHub({
  db,
  actor,
  hub,
  cycleId,
  hubSlug,
  now,
}: {
  db: Db;
  actor: Actor;
  hub: ProducerRef;
  cycleId: number;
  hubSlug: string;
  now: number;
}): Promise<void> {
  const { cycle } = await coordinated(db, hub.id, cycleId);
  const target = await sellingHub(db, hub.id, hubSlug);
  if ((await outgoingOf(db, cycleId, target.id)) === null)
    throw new DomainError('NOT_FOUND', `${target.name} does not sell in this cycle.`, {
      fields: [{ field: 'hub', message: `${target.name} ne vend pas dans ce cycle.` }],
    });
  const refuse = (n: number) =>
    new DomainError('STATE_CONFLICT', `${target.name} has ${n} standing order(s) in this cycle; cancel them before removing the hub.`, {
      fields: [{ field: 'hub', message: `${target.name} a déjà des commandes dans ce cycle : annulez-les avant de retirer la boutique.` }],
      details: { standingOrders: n },
    });
  const live = await liveOrderCount(db, cycleId, target.id);
  if (live > 0) throw refuse(live);
  const who = auditActor(actor);
  const reason = `${target.name} retirée du cycle « ${cycle.name} »`;
  const before = markStaleStatements(db, { kind: 'cycle', cycleId }, reason);
  const removal = removeOutgoingStatements(db, cycleId, target.id);
  const results = await db.batch(
    asBatch([
      ...before,
      ...removal,
      ...rebuildIncomingStatements(db, cycleId),
      ...markStaleStatements(db, { kind: 'cycle', cycleId }, reason),
      auditRemovalStatement(db, cycleId, target.id, {
        userId: who.userId,
        enterpriseId: hub.id,
        subject: `cycle:${cycleId}`,
        details: { hub: target.slug, ...who.via },
        at: now,
      }),
    ]),
  );
  // The exchange's delete is the last of the guarded ones: no row means an order came in meanwhile.
  const removed = results[before.length + removal.length - 1] as { rowsAffected: number };
  if (removed.rowsAffected !== 1) throw refuse(await liveOrderCount(db, cycleId, target.id));
}

/** Runs a creation with the next free id; another creation taking it first fails on the key, and we retry. */
async function withFreshId(db: Db, write: (id: number) => Promise<void>): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const id = await nextCycleId(db);
    try {
      await write(id);
      return id;
    } catch (err) {
      // A key conflict comes back as a refused form (refusingConstraints): an id gone meanwhile tells the race from a real refusal.
      const taken = (await nextCycleId(db)) > id;
      if (!taken || attempt >= 3) throw err;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What the pages show.

/** A shop's public page, both languages: what its cycle screens report on. */
/** The shop's pages, and which of its sales shows closed and why (a sale no order could be completed in). */
const shopPublicState = (db: Db, hubSlug: string, hubId: number) =>
  publicState(db, [publicPaths.shop('fr', hubSlug), publicPaths.shop('en', hubSlug)], { hubId, now: Date.now() });

export async function cyclesPage(db: Db, hub: ProducerRef) {
  const [cycles, status] = await Promise.all([cycleList(db, hub.id), shopPublicState(db, hub.slug, hub.id)]);
  return { cycles, status };
}

/** The cycle form's choices (variants, fees) and, for a stored cycle, the other hubs selling in it and those that could. */
export async function cycleFormPage(db: Db, hub: ProducerRef, cycleId: number | null) {
  const [available, fees, status, others, hubs, methods] = await Promise.all([
    variantsAvailableTo(db, hub.id),
    feesAvailableTo(db, hub.id),
    shopPublicState(db, hub.slug, hub.id),
    cycleId ? otherHubsOfCycle(db, cycleId, hub.id) : [],
    cycleId ? hubsOtherThan(db, hub.id) : [],
    hubActiveMethods(db, hub.id),
  ]);
  return { available, fees, status, others, methods, candidates: hubs.filter((h) => !others.some((o) => o.hubId === h.id)) };
}
export type CycleFormData = Awaited<ReturnType<typeof cycleFormPage>>;

/** The cycle this shop coordinates and another hub of the platform, as the hub pages need them (NOT_FOUND with the page's messages otherwise). */
export async function cycleAndHub(
  db: Db,
  hub: ProducerRef,
  cycleId: number,
  slug: string,
  messages: { cycle: string; hub: string },
): Promise<{ cycle: { id: number; name: string }; target: EnterpriseRow }> {
  const [found, target] = await Promise.all([cycleForEdit(db, cycleId, hub.id), enterpriseBySlug(db, slug)]);
  if (!found || found.cycle.coordinatorId !== hub.id) throw new DomainError('NOT_FOUND', messages.cycle);
  if (!target || !target.isHub || target.id === hub.id) throw new DomainError('NOT_FOUND', messages.hub);
  return { cycle: found.cycle, target };
}

/** What another hub may sell (the variants its producers allow it) and the state of its shop page. */
export async function hubFormPage(db: Db, target: ProducerRef) {
  const [available, status, methods] = await Promise.all([
    variantsAvailableTo(db, target.id),
    shopPublicState(db, target.slug, target.id),
    hubActiveMethods(db, target.id),
  ]);
  return { available, status, methods };
}
