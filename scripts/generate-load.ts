// `npm run db:generate-load -- --producers 500 --hubs 100 --variants 20000 [--db file:data/load.db] [--seed 42]`:
// (re)creates a database file full of synthetic co-ops for benchmarks. The target file and its
// -wal/-shm companions are deleted first; only file: URLs are accepted, so nothing remote is wiped.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connect } from '../db/core/connect.ts';
import { migrateDatabase } from '../db/core/migrate.ts';
import { generateLoad } from '../db/seed/generate-load.ts';

const { values } = parseArgs({
  options: {
    producers: { type: 'string', default: '500' },
    hubs: { type: 'string', default: '100' },
    variants: { type: 'string', default: '20000' },
    db: { type: 'string', default: 'file:data/load.db' },
    seed: { type: 'string' },
    now: { type: 'string' },
  },
  strict: true,
});

function count(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got ${raw}`);
    process.exit(2);
  }
  return n;
}

const producers = count('producers', values.producers);
const hubs = count('hubs', values.hubs);
const variants = count('variants', values.variants);
const seed = values.seed === undefined ? undefined : count('seed', values.seed);
const now = values.now === undefined ? Date.now() : Date.parse(values.now);
if (Number.isNaN(now)) {
  console.error(`--now must be a date (ISO 8601), got ${values.now}`);
  process.exit(2);
}
const url = values.db ?? 'file:data/load.db';
if (!url.startsWith('file:')) {
  console.error(`--db must be a file: URL (the target is deleted and recreated), got ${url}`);
  process.exit(2);
}

const started = performance.now();
const path = url.slice('file:'.length);
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });

const conn = await connect(url);
try {
  await migrateDatabase(conn.db);
  const summary = await generateLoad(conn.db, {
    producers,
    hubs,
    variants,
    now,
    seed,
    // One line per chunk: many for the big tables, one for each small one.
    onProgress: (done, total, what) => process.stderr.write(`${what} ${done}/${total}\n`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const sizes = [...summary.shopSizes].sort((a, b) => a - b);
  const median = sizes.length ? sizes[Math.floor(sizes.length / 2)] : 0;
  console.log(
    `generated ${url}: ${summary.producers} producers, ${summary.hubs} hubs, ${summary.products} products, ${summary.variants} variants, ` +
      `${summary.cycles} open cycles (shop sizes: first ${summary.shopSizes[0] ?? 0}, second ${summary.shopSizes[1] ?? 0}, ` +
      `median ${median}, max ${sizes.at(-1) ?? 0}), ${summary.rows} rows in ${seconds} s`,
  );
} finally {
  conn.close();
}
