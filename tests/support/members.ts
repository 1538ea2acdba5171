// What the members' tests share: a members-only sale beside a shop's public one.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/core/client.ts';
import type { DemoShop } from './demo-data.ts';

/** A members-only sale of the Ruche beside its public one: the same selection, methods and fees, reserved to « adhérent ». */
export async function membersOnlySale(
  db: Db,
  ruche: DemoShop,
  opensAt: number,
  closesAt: number,
  name = 'Vente des adhérents',
): Promise<number> {
  const [row] = await db.all<{ id: number }>(sql`SELECT coalesce(max(id), 0) + 1 AS id FROM order_cycles`);
  const id = row!.id;
  const from = ruche.hub.open.outgoingId;
  const to = sql`(SELECT id FROM cycle_outgoing WHERE cycle_id = ${id} AND hub_id = ${ruche.hub.id})`;
  await db.batch([
    db.run(sql`INSERT INTO order_cycles (id, name, coordinator_id, opens_at, closes_at, created_at, updated_at)
      VALUES (${id}, ${name}, ${ruche.hub.id}, ${opensAt}, ${closesAt}, ${Date.now()}, ${Date.now()})`),
    db.run(sql`INSERT INTO cycle_outgoing (cycle_id, hub_id, collection_starts_at, collection_ends_at, collection_place, instructions, required_tag)
      SELECT ${id}, hub_id, collection_starts_at, collection_ends_at, collection_place, instructions, 'adhérent' FROM cycle_outgoing WHERE id = ${from}`),
    db.run(
      sql`INSERT INTO cycle_outgoing_variants (outgoing_id, variant_id) SELECT ${to}, variant_id FROM cycle_outgoing_variants WHERE outgoing_id = ${from}`,
    ),
    db.run(
      sql`INSERT OR IGNORE INTO cycle_outgoing_shipping_methods (outgoing_id, method_id) SELECT ${to}, method_id FROM cycle_outgoing_shipping_methods WHERE outgoing_id = ${from}`,
    ),
    db.run(
      sql`INSERT OR IGNORE INTO cycle_outgoing_payment_methods (outgoing_id, method_id) SELECT ${to}, method_id FROM cycle_outgoing_payment_methods WHERE outgoing_id = ${from}`,
    ),
    db.run(sql`INSERT INTO cycle_fees (cycle_id, fee_id, role, producer_id, hub_id)
      SELECT ${id}, fee_id, role, producer_id, hub_id FROM cycle_fees WHERE cycle_id = ${ruche.hub.open.cycleId}`),
  ]);
  return id;
}
