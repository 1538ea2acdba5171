// Build-time access to the database for the pre-rendered pages: one connection and one catalog read per
// build, the build's clock (pages show which cycles are open at build time; the live overlay corrects
// it), the page filter an incremental rebuild sets so only stale pages are rendered, and the record of
// pages that could not be rendered, so one bad page never stops the others.
import { appendFileSync, readFileSync } from 'node:fs';
import { impactByCycle, loadCatalog, pagesScope, readCatalog } from '../../db/catalog/site.ts';
import { connect, type Connection } from '../../db/core/connect.ts';
import { canonicalPagePath, pageOwner } from '../../domain/catalog-paths.ts';
import { buildCatalogView, type CatalogView } from './catalog-view.ts';

let connection: Promise<Connection> | undefined;

export async function buildDb() {
  connection ??= connect();
  return (await connection).db;
}

/** COMPTOIR_BUILD_NOW (epoch ms) pins the clock, for reproducible builds and tests. */
export const buildNow = Number(process.env.COMPTOIR_BUILD_NOW) || Date.now();

let view: Promise<CatalogView> | undefined;

/**
 * Everything the catalog pages show, read once per build whatever the number of pages. A rebuild of
 * only hubs' and producers' pages reads only the part of the catalog they show (pagesScope): on a
 * national catalog the whole read takes seconds, the part of one shop a fraction of that.
 */
export function catalogView(): Promise<CatalogView> {
  view ??= (async () => {
    const db = await buildDb();
    const owners = ownersOfWantedPages();
    if (owners) return buildCatalogView(await readCatalog(db, buildNow, pagesScope(buildNow, owners)));
    const [snapshot, impact] = await Promise.all([loadCatalog(db, buildNow), impactByCycle(db)]);
    return buildCatalogView(snapshot, impact);
  })();
  return view;
}

/** The hubs and producers whose pages are the only ones wanted, or null when others (lists, impact) are too. */
function ownersOfWantedPages(): { hubs: string[]; producers: string[] } | null {
  if (only === null) return null;
  const owners = { hubs: [] as string[], producers: [] as string[] };
  for (const path of only) {
    const owner = pageOwner(path);
    if (!owner) return null;
    (owner.kind === 'producer' ? owners.producers : owners.hubs).push(owner.slug);
  }
  return owners;
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

/**
 * Records that the page at `path` could not be rendered, in the file COMPTOIR_FAILED_PAGES_FILE names
 * (one JSON line each: path and reason), and returns true: the page is left out of this build and the
 * others go on. Without that file (a bare `astro build`) it returns false, and the caller lets the
 * error stop the build as before.
 */
export function reportPageFailure(path: string, err: unknown): boolean {
  const file = process.env.COMPTOIR_FAILED_PAGES_FILE;
  if (!file) return false;
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  appendFileSync(file, `${JSON.stringify({ path: canonicalPagePath(path), reason: reason.slice(0, 300) })}\n`);
  return true;
}

/**
 * The pages of one kind, each derived on its own: a page whose data cannot be derived is reported and
 * left out, the others are built.
 */
export function eachPage<T, P>(items: readonly T[], pathOf: (item: T) => string, page: (item: T) => P): P[] {
  const out: P[] = [];
  for (const item of items) {
    const path = pathOf(item);
    if (!wanted(path)) continue;
    try {
      out.push(page(item));
    } catch (err) {
      if (!reportPageFailure(path, err)) throw err;
    }
  }
  return out;
}
