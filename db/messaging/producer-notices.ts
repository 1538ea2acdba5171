// Producers told what to bring: which closed cycles still owe a producer its list, the batch that
// queues the producer's e-mail and the hubs' copies with the record that it was done, and what the
// e-mail says (quantities per hub, with each hub's collection or delivery time and place).
import { sql } from 'drizzle-orm';
import type { Db } from '../core/client.ts';
import type { Statements } from '../core/batch.ts';
import { saleStateSql } from '../orders/sql.ts';
import { enterpriseLocaleSql } from './outbox.ts';

/** Cycles are looked at for this long after they close; older ones were handled (or predate this job). */
export const NOTICE_LOOKBACK_MS = 7 * 86_400_000;

/**
 * Producers with sales in a cycle that has closed and not yet been told. A cycle waits while a card
 * payment is under way in it (at most the reservation's half hour): a payment that succeeds after the
 * close still belongs on the list.
 */
export async function producersToTell(db: Db, now: number): Promise<Array<{ cycleId: number; producerId: number }>> {
  const rows = await db.all<{ cycle_id: number; producer_id: number }>(sql`
    SELECT DISTINCT o.cycle_id, l.producer_id
    FROM order_cycles c
    JOIN orders o ON o.cycle_id = c.id
    JOIN order_lines l ON l.order_id = o.id
    WHERE c.closes_at <= ${now} AND c.closes_at > ${now - NOTICE_LOOKBACK_MS} AND ${saleStateSql('o')}
      AND NOT EXISTS (SELECT 1 FROM orders p WHERE p.cycle_id = c.id AND p.state = 'checkout')
      AND NOT EXISTS (SELECT 1 FROM producer_notices n WHERE n.cycle_id = c.id AND n.producer_id = l.producer_id)
    ORDER BY o.cycle_id, l.producer_id`);
  return rows.map((r) => ({ cycleId: r.cycle_id, producerId: r.producer_id }));
}

/**
 * The producer's e-mail, a copy to each hub it sells to in the cycle, then the record. The messages
 * come first, each guarded by the record not existing yet, and the batch is one transaction: a second
 * run (or two at once) finds the record and queues nothing.
 */
export function tellProducerStatements(db: Db, p: { cycleId: number; producerId: number; now: number }): Statements {
  const untold = sql`NOT EXISTS (SELECT 1 FROM producer_notices n WHERE n.cycle_id = ${p.cycleId} AND n.producer_id = ${p.producerId})`;
  const payload = sql`json_object('cycleId', ${p.cycleId}, 'producerId', ${p.producerId})`;
  return [
    // The enterprise's contact address, else its first manager's: a producer without one still hears.
    db.run(sql`INSERT INTO outbox (topic, recipient, locale, payload, attempts, next_attempt_at, created_at)
      SELECT 'cycle.closed.producer', r.email, ${enterpriseLocaleSql(sql`${p.producerId}`)}, ${payload}, 0, ${p.now}, ${p.now}
      FROM (SELECT coalesce(e.email, (SELECT u.email FROM enterprise_managers m JOIN users u ON u.id = m.user_id
              WHERE m.enterprise_id = e.id ORDER BY m.user_id LIMIT 1)) AS email
            FROM enterprises e WHERE e.id = ${p.producerId}) r
      WHERE r.email IS NOT NULL AND ${untold}`),
    // A hub's copy holds its own part only: what other hubs sell is theirs.
    db.run(sql`INSERT INTO outbox (topic, recipient, locale, payload, attempts, next_attempt_at, created_at)
      SELECT 'cycle.closed.hub-copy', h.email, ${enterpriseLocaleSql(sql`h.id`)},
        json_object('cycleId', ${p.cycleId}, 'producerId', ${p.producerId}, 'hubId', h.id), 0, ${p.now}, ${p.now}
      FROM enterprises h
      WHERE h.email IS NOT NULL AND ${untold} AND h.id IN (
        SELECT o.hub_id FROM orders o JOIN order_lines l ON l.order_id = o.id
        WHERE o.cycle_id = ${p.cycleId} AND l.producer_id = ${p.producerId} AND ${saleStateSql('o')})`),
    db.run(sql`INSERT INTO producer_notices (cycle_id, producer_id, sent_at) VALUES (${p.cycleId}, ${p.producerId}, ${p.now})
      ON CONFLICT DO NOTHING`),
  ];
}

export interface NoticeLine {
  productName: string;
  variantName: string;
  unitKind: 'weight' | 'volume' | 'items';
  unitValue: number;
  quantity: number;
}

export interface NoticeHub {
  hubId: number;
  hubName: string;
  hubEmail: string | null;
  collectionStartsAt: number | null;
  collectionEndsAt: number | null;
  collectionPlace: string;
  /** How the hub's shoppers get their bags: pickup, delivery, or both. */
  shippingKinds: string[];
  lines: NoticeLine[];
}

/** What the producer's e-mail says, read when it is sent (so a retry reads the same closed cycle). */
export async function producerNotice(db: Db, cycleId: number, producerId: number) {
  const [heads, lines] = await db.batch([
    db.all<{ producer_name: string; cycle_name: string; closes_at: number; reception: string | null }>(sql`
      SELECT e.name AS producer_name, c.name AS cycle_name, c.closes_at,
        (SELECT i.reception_instructions FROM cycle_incoming i WHERE i.cycle_id = c.id AND i.producer_id = e.id) AS reception
      FROM enterprises e, order_cycles c WHERE e.id = ${producerId} AND c.id = ${cycleId}`),
    db.all<{
      hub_id: number;
      hub_name: string;
      hub_email: string | null;
      starts: number | null;
      ends: number | null;
      place: string | null;
      kinds: string;
      product_name: string;
      variant_name: string;
      unit_kind: NoticeLine['unitKind'];
      unit_value: number;
      quantity: number;
    }>(sql`
      SELECT o.hub_id, h.name AS hub_name, h.email AS hub_email, co.collection_starts_at AS starts, co.collection_ends_at AS ends,
        co.collection_place AS place,
        (SELECT group_concat(DISTINCT x.shipping_kind) FROM orders x JOIN order_lines y ON y.order_id = x.id
          WHERE x.cycle_id = ${cycleId} AND x.hub_id = o.hub_id AND y.producer_id = ${producerId} AND ${saleStateSql('x')}) AS kinds,
        l.product_name, l.variant_name, l.unit_kind, l.unit_value, sum(l.quantity) AS quantity
      FROM orders o
      JOIN order_lines l ON l.order_id = o.id
      JOIN enterprises h ON h.id = o.hub_id
      LEFT JOIN cycle_outgoing co ON co.cycle_id = o.cycle_id AND co.hub_id = o.hub_id
      WHERE o.cycle_id = ${cycleId} AND l.producer_id = ${producerId} AND ${saleStateSql('o')}
      GROUP BY o.hub_id, l.variant_id, l.product_name, l.variant_name, l.unit_kind, l.unit_value
      ORDER BY h.name, o.hub_id, l.product_name, l.variant_name`),
  ]);
  const head = heads[0];
  if (!head) return null;
  const hubs = new Map<number, NoticeHub>();
  for (const r of lines) {
    let hub = hubs.get(r.hub_id);
    if (!hub) {
      hub = {
        hubId: r.hub_id,
        hubName: r.hub_name,
        hubEmail: r.hub_email,
        collectionStartsAt: r.starts,
        collectionEndsAt: r.ends,
        collectionPlace: r.place ?? '',
        shippingKinds: (r.kinds ?? '').split(',').filter(Boolean).sort(),
        lines: [],
      };
      hubs.set(r.hub_id, hub);
    }
    hub.lines.push({
      productName: r.product_name,
      variantName: r.variant_name,
      unitKind: r.unit_kind,
      unitValue: r.unit_value,
      quantity: r.quantity,
    });
  }
  return {
    producerName: head.producer_name,
    cycleName: head.cycle_name,
    closesAt: head.closes_at,
    receptionInstructions: head.reception ?? '',
    hubs: [...hubs.values()],
  };
}
