// `npm run platform:init -- --admin <email> [--name "<platform name>"]`: sets up a new platform on the
// migrated database named by DATABASE_URL: its administrator, the platform's own enterprise (which owns
// the platform's contribution fee), the default categories and quality labels. Nothing of the demo.
// Run again, it creates only what is missing, changes nothing else, and says what it found.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { connect, databaseUrl, type Connection } from '../db/core/connect.ts';
import { MIGRATIONS_FOLDER } from '../db/core/migrate.ts';
import { categories, enterpriseManagers, enterprises, labels, users } from '../db/schema/index.ts';
import { DEFAULT_CATEGORIES, DEFAULT_LABELS } from '../db/seed/platform-defaults.ts';

/** The platform's own enterprise is found again by this slug, whatever its name has become. */
export const PLATFORM_SLUG = 'plateforme';
export const DEFAULT_PLATFORM_NAME = 'Comptoir';

export const USAGE = `Usage: npm run platform:init -- --admin <email> [--name "<platform name>"]
  --admin  e-mail address of the platform administrator (they sign in with a link sent to it)
  --name   name of the platform's own enterprise, which owns its contribution fee (default « ${DEFAULT_PLATFORM_NAME} »)
The database is DATABASE_URL (default file:data/comptoir.db), with DATABASE_AUTH_TOKEN for Turso.`;

const argsSchema = v.strictObject({
  admin: v.pipe(
    v.string('--admin <email> is required: the e-mail address of the platform administrator.'),
    v.trim(),
    v.toLowerCase(),
    v.email('--admin must be an e-mail address, such as admin@example.org.'),
    v.maxLength(254, '--admin: this address is too long.'),
  ),
  name: v.optional(
    v.pipe(v.string(), v.trim(), v.nonEmpty('--name must not be empty.'), v.maxLength(120, '--name: at most 120 characters.')),
    DEFAULT_PLATFORM_NAME,
  ),
});

export interface Output {
  log(line: string): void;
  error(line: string): void;
}

/** Where the database is, for messages: the file, or a remote server's host (never its token). */
function describe(url: string): string {
  if (url.startsWith('file:')) return url;
  try {
    return `the libSQL server at ${new URL(url).host}`;
  } catch {
    return 'the configured libSQL server';
  }
}

/** Whether the committed migrations have all been applied (drizzle records each in __drizzle_migrations). */
async function migrationState(conn: Connection): Promise<'none' | 'behind' | 'current'> {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const rs = await conn.client.execute('SELECT max(created_at) AS last FROM __drizzle_migrations');
    const last = rs.rows[0]?.last;
    if (last === null || last === undefined) return 'none';
    return Number(last) >= newest ? 'current' : 'behind';
  } catch (err) {
    if (/no such table/i.test(String((err as Error).message))) return 'none';
    throw err;
  }
}

/** The platform's set-up in one batch (one transaction): each insert skips what is already there. */
async function setUp(conn: Connection, admin: string, name: string) {
  const { db } = conn;
  const [createdAdmin, promoted, createdPlatform, managing, createdCategories, createdLabels, platform] = await db.batch([
    db
      .insert(users)
      .values({ email: admin, isPlatformAdmin: true })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id }),
    db
      .update(users)
      .set({ isPlatformAdmin: true })
      .where(and(eq(users.email, admin), eq(users.isPlatformAdmin, false)))
      .returning({ id: users.id }),
    db
      .insert(enterprises)
      .values({ slug: PLATFORM_SLUG, name, isProducer: false, isHub: false })
      .onConflictDoNothing({ target: enterprises.slug })
      .returning({ id: enterprises.id }),
    db
      .insert(enterpriseManagers)
      .select(
        db
          .select({ userId: users.id, enterpriseId: enterprises.id })
          .from(users)
          .innerJoin(enterprises, eq(enterprises.slug, PLATFORM_SLUG))
          .where(eq(users.email, admin)),
      )
      .onConflictDoNothing()
      .returning({ userId: enterpriseManagers.userId }),
    db
      .insert(categories)
      .values([...DEFAULT_CATEGORIES])
      .onConflictDoNothing({ target: categories.slug })
      .returning({ slug: categories.slug }),
    db
      .insert(labels)
      .values(DEFAULT_LABELS.map((l, i) => ({ ...l, position: (i + 1) * 10 })))
      .onConflictDoNothing({ target: labels.slug })
      .returning({ slug: labels.slug }),
    db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.slug, PLATFORM_SLUG)),
  ]);
  return {
    admin: createdAdmin.length > 0 ? 'created' : promoted.length > 0 ? 'made platform administrator' : 'already there',
    platform: createdPlatform.length > 0 ? 'created' : 'already there',
    platformName: platform[0]?.name ?? name,
    managing: managing.length > 0,
    categories: createdCategories.length,
    labels: createdLabels.length,
  };
}

/** The command, as `npm run platform:init` runs it: returns the exit code (0 done, 1 database not ready, 2 usage). */
export async function platformInit(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Output = console): Promise<number> {
  let raw: { admin?: string | undefined; name?: string | undefined };
  try {
    raw = parseArgs({ args: argv, options: { admin: { type: 'string' }, name: { type: 'string' } }, strict: true }).values;
  } catch (err) {
    out.error(`platform:init: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const args = v.safeParse(argsSchema, { admin: raw.admin ?? null, ...(raw.name === undefined ? {} : { name: raw.name }) });
  if (!args.success) {
    out.error(`platform:init: ${args.issues[0].message}\n\n${USAGE}`);
    return 2;
  }
  const { admin, name } = args.output;
  const url = databaseUrl(env);
  const where = describe(url);
  let conn: Connection;
  try {
    conn = await connect(url, env.DATABASE_AUTH_TOKEN);
  } catch (err) {
    out.error(`platform:init: cannot open the database (${where}): ${(err as Error).message}`);
    return 1;
  }
  try {
    const state = await migrationState(conn);
    if (state !== 'current') {
      out.error(
        `platform:init: ${where} ${state === 'none' ? 'has no tables yet' : 'is missing the newest migrations'}. ` +
          'Run `npm run db:migrate` with the same DATABASE_URL first, then run this again.',
      );
      return 1;
    }
    const done = await setUp(conn, admin, name);
    out.log(`Platform on ${where}:`);
    out.log(`  administrator ${admin}: ${done.admin}`);
    out.log(
      `  platform enterprise « ${done.platformName} »: ${done.platform}${done.managing ? `, ${done.platform === 'created' ? '' : 'now also '}managed by ${admin}` : ''}` +
        (done.platform === 'already there' && done.platformName !== name && argv.includes('--name') ? ' (--name does not rename it)' : ''),
    );
    out.log(`  categories: ${done.categories} created, ${DEFAULT_CATEGORIES.length - done.categories} already there`);
    out.log(`  quality labels: ${done.labels} created, ${DEFAULT_LABELS.length - done.labels} already there`);
    const changed = done.admin !== 'already there' || done.platform === 'created' || done.managing || done.categories + done.labels > 0;
    out.log(
      changed
        ? `Done. ${admin} signs in at the back office (/gestion/connexion) with a link sent by e-mail.`
        : 'Nothing changed: the platform was already set up.',
    );
    return 0;
  } catch (err) {
    out.error(`platform:init: the database (${where}) refused the set-up, nothing was changed: ${(err as Error).message}`);
    return 1;
  } finally {
    conn.close();
  }
}

if (import.meta.main) process.exitCode = await platformInit(process.argv.slice(2));
