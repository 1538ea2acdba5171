// Build-time access to the database for the pre-rendered pages: one connection and one catalog read per
// build, the build's clock (pages show which cycles are open at build time; the live overlay corrects
// it), and the page filter an incremental rebuild sets so only stale pages are rendered.
import { readFileSync } from 'node:fs';
import { impactByCycle, loadCatalog } from '../../db/catalog.ts';
import { connect, type Connection } from '../../db/connect.ts';
import { canonicalPagePath } from '../../domain/catalog-paths.ts';
import { buildCatalogView, type CatalogView } from './catalog-view.ts';

let connection: Promise<Connection> | undefined;

export async function buildDb() {
  connection ??= connect();
  return (await connection).db;
}

/** COMPTOIR_BUILD_NOW (epoch ms) pins the clock, for reproducible builds and tests. */
export const buildNow = Number(process.env.COMPTOIR_BUILD_NOW) || Date.now();

let view: Promise<CatalogView> | undefined;

/** Everything the catalog pages show, read once per build whatever the number of pages. */
export function catalogView(): Promise<CatalogView> {
  view ??= (async () => {
    const db = await buildDb();
    const [snapshot, impact] = await Promise.all([loadCatalog(db, buildNow), impactByCycle(db)]);
    return buildCatalogView(snapshot, impact);
  })();
  return view;
}

/**
 * The pages to render: every page, or only those listed by an incremental rebuild in
 * COMPTOIR_ONLY_PATHS_FILE (a JSON array of page paths, e.g. "/boutiques/x/").
 */
const only: Set<string> | null = (() => {
  const file = process.env.COMPTOIR_ONLY_PATHS_FILE;
  if (!file) return null;
  const list = JSON.parse(readFileSync(file, 'utf8')) as string[];
  return new Set(list.map(canonicalPagePath));
})();

export function wanted(path: string): boolean {
  return only === null || only.has(canonicalPagePath(path));
}
