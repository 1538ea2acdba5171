// Coordinators' order cycles: create, edit (times, collection, which variants, which fees), clone.
// Each write is one batch with its stale marks and audit entry; selections are set-based.
import { eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { auditStatement } from '../../../db/admin-catalog.ts';
import { cloneCycleStatements, cycleForEdit, feesAvailableTo, nextCycleId, variantsNotAllowed, writeCycleStatements, type CycleSettings } from '../../../db/admin-cycles.ts';
import type { Db } from '../../../db/client.ts';
import { orderCycles } from '../../../db/schema/index.ts';
import { markStaleStatements } from '../../../db/stale-pages.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import type { Actor } from '../../../domain/permissions.ts';
import { auditActor, type ProducerRef } from './catalog.ts';

type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];
const asBatch = (items: BatchItem<'sqlite'>[]) => items as Batch;

async function checkSettings(db: Db, hubId: number, s: CycleSettings): Promise<void> {
  const errors: FieldError[] = [];
  if (!s.name.trim()) errors.push({ field: 'name', message: 'Donnez un nom au cycle.' });
  if (!(s.closesAt > s.opensAt)) errors.push({ field: 'closesAt', message: 'La fermeture doit suivre l’ouverture.' });
  if (s.collectionStartsAt !== null && s.collectionEndsAt !== null && s.collectionEndsAt <= s.collectionStartsAt) errors.push({ field: 'collectionEndsAt', message: 'La fin du retrait doit suivre son début.' });
  if ((s.collectionStartsAt === null) !== (s.collectionEndsAt === null)) errors.push({ field: 'collectionEndsAt', message: 'Indiquez le début et la fin du retrait, ou aucun des deux.' });
  const allowedFees = new Set((await feesAvailableTo(db, hubId)).map((f) => f.id));
  s.fees.forEach((f, i) => {
    if (!allowedFees.has(f.feeId)) errors.push({ field: `fees.${i}.feeId`, message: 'Cette marge ou commission n’est pas disponible pour votre boutique.' });
    if (f.hubId !== null && f.hubId !== hubId) errors.push({ field: `fees.${i}.hubId`, message: 'Une marge ne peut viser que votre boutique.' });
  });
  const refused = await variantsNotAllowed(db, hubId, s.variantIds);
  if (refused.length) errors.push({ field: 'variantIds', message: `Ces variantes ne sont pas proposées à votre boutique (archivées, inconnues ou d’un producteur sans accord) : ${refused.slice(0, 20).join(', ')}${refused.length > 20 ? '…' : ''}.` });
  if (errors.length) throw new DomainError('VALIDATION', 'The cycle has invalid fields.', { fields: errors });
}

export async function createCycle({ db, actor, hub, settings, now }: { db: Db; actor: Actor; hub: ProducerRef; settings: CycleSettings; now: number }): Promise<number> {
  await checkSettings(db, hub.id, settings);
  const who = auditActor(actor);
  return withFreshId(db, async (id) => {
    await db.batch(asBatch([
      ...writeCycleStatements(db, id, hub.id, settings, now, true),
      ...markStaleStatements(db, { kind: 'cycle', cycleId: id }, `nouveau cycle « ${settings.name} »`),
      auditStatement(db, { userId: who.userId, enterpriseId: hub.id, action: 'cycle.create', subject: `cycle:${id}`, details: { name: settings.name, variants: settings.variantIds.length, ...who.via }, at: now }),
    ]));
  });
}

/** The cycle as its coordinator may change it; to anyone else it is not there. */
async function coordinated(db: Db, hubId: number, cycleId: number) {
  const found = await cycleForEdit(db, cycleId, hubId);
  if (!found || found.cycle.coordinatorId !== hubId) throw new DomainError('NOT_FOUND', 'No such cycle coordinated by this shop.');
  return found;
}

export async function updateCycle({ db, actor, hub, cycleId, settings, now }: { db: Db; actor: Actor; hub: ProducerRef; cycleId: number; settings: CycleSettings; now: number }) {
  await coordinated(db, hub.id, cycleId);
  await checkSettings(db, hub.id, settings);
  const who = auditActor(actor);
  const reason = `cycle « ${settings.name} » modifié`;
  // Marked before and after: pages of variants leaving the cycle change too.
  await db.batch(asBatch([
    ...markStaleStatements(db, { kind: 'cycle', cycleId }, reason),
    ...writeCycleStatements(db, cycleId, hub.id, settings, now, false),
    ...markStaleStatements(db, { kind: 'cycle', cycleId }, reason),
    auditStatement(db, { userId: who.userId, enterpriseId: hub.id, action: 'cycle.update', subject: `cycle:${cycleId}`, details: { name: settings.name, variants: settings.variantIds.length, ...who.via }, at: now }),
  ]));
}

export async function cloneCycle({ db, actor, hub, cycleId, name, opensAt, closesAt, now }: { db: Db; actor: Actor; hub: ProducerRef; cycleId: number; name: string; opensAt: number; closesAt: number; now: number }): Promise<number> {
  const found = await coordinated(db, hub.id, cycleId);
  if (!(closesAt > opensAt)) throw new DomainError('VALIDATION', 'The cycle must close after it opens.', { fields: [{ field: 'closesAt', message: 'La fermeture doit suivre l’ouverture.' }] });
  if (!name.trim()) throw new DomainError('VALIDATION', 'A name is needed.', { fields: [{ field: 'name', message: 'Donnez un nom au cycle.' }] });
  const who = auditActor(actor);
  return withFreshId(db, async (id) => {
    await db.batch(asBatch([
      ...cloneCycleStatements(db, { id: cycleId, opensAt: found.cycle.opensAt }, { id, name: name.trim(), opensAt, closesAt }, now),
      ...markStaleStatements(db, { kind: 'cycle', cycleId: id }, `cycle « ${name.trim()} » créé par copie`),
      auditStatement(db, { userId: who.userId, enterpriseId: hub.id, action: 'cycle.clone', subject: `cycle:${id}`, details: { from: cycleId, ...who.via }, at: now }),
    ]));
  });
}

/** Runs a creation with the next free id; another creation taking it first fails on the key, and we retry. */
async function withFreshId(db: Db, write: (id: number) => Promise<void>): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const id = await nextCycleId(db);
    try {
      await write(id);
      return id;
    } catch (err) {
      const taken = (await db.select({ id: orderCycles.id }).from(orderCycles).where(eq(orderCycles.id, id))).length > 0;
      if (!taken || attempt >= 3) throw err;
    }
  }
}
