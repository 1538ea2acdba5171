// « Is the public page up to date? » on every edit screen: the state of the pages an edit touches
// (up to date, waiting, rebuilding, or failed with the reason) and when the catalog was last published;
// and, for a hub, which of its sales no shopper could complete an order in, and why (domain/shop-open.ts).
import type { FC } from 'hono/jsx';
import { hubSalesMethods } from '../../../db/catalog/shop.ts';
import type { Db } from '../../../db/core/client.ts';
import { notOpenReasonText, whyNotOpen, type NotOpenReason } from '../../../domain/shop-open.ts';
import { pageStatus, type PageState, type PageStatus } from '../../../db/publishing/rebuilds.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import { translator, type Locale } from './paths.ts';

const RANK: Record<PageState, number> = { 'up-to-date': 0, stale: 1, rebuilding: 2, failed: 3 };

export interface PublicState extends PageStatus {
  paths: string[];
  /** For a hub's pages: its sales that show closed because no order could be completed in them. */
  salesNotOpen?: SaleNotOpen[];
}

/**
 * The least happy state among the pages (a failure wins, then a rebuild under way, then waiting);
 * given the hub, also its sales no shopper could complete an order in.
 */
export async function publicState(db: Db, paths: readonly string[], hub?: { hubId: number; now: number }): Promise<PublicState> {
  const [statuses, notOpen] = await Promise.all([
    Promise.all(paths.map((p) => pageStatus(db, p))),
    hub ? salesNotOpen(db, hub.hubId, hub.now) : undefined,
  ]);
  const none: PageStatus = { state: 'up-to-date', lastPublishedAt: null, error: null };
  const worst = statuses.reduce((a, s) => (RANK[s.state] > RANK[a.state] ? s : a), statuses[0] ?? none);
  return { ...worst, paths: [...paths], ...(notOpen ? { salesNotOpen: notOpen } : {}) };
}

export const PublicStatus: FC<{ status: PublicState; l: Locale }> = ({ status, l }) => {
  const tr = translator(l);
  const label: Record<PageState, string> = {
    'up-to-date': tr('à jour', 'up to date'),
    stale: tr('modifiée, publication en attente', 'changed, waiting to be published'),
    rebuilding: tr('publication en cours', 'being published'),
    failed: tr('échec de la publication', 'publishing failed'),
  };
  const first = status.paths[0];
  return (
    <>
      <p class="notice" data-testid="public-status" data-state={status.state} aria-live="polite">
        {tr('Page publique', 'Public page')}
        {first ? (
          <>
            {' '}
            (<a href={first}>{first}</a>)
          </>
        ) : null}{' '}
        : <span class={`pill ${status.state}`}>{label[status.state]}</span>
        {status.state === 'failed' && status.error ? <span class="row-error"> — {status.error}</span> : null}
        {status.lastPublishedAt ? (
          <span class="muted">
            {' '}
            · {tr('dernière publication le ', 'last published ')}
            {formatDateTime(status.lastPublishedAt, l)}
          </span>
        ) : null}
      </p>
      {status.salesNotOpen ? <SalesNotOpen sales={status.salesNotOpen} l={l} /> : null}
    </>
  );
};

export interface SaleNotOpen {
  cycleId: number;
  name: string;
  reasons: NotOpenReason[];
}

/** The hub's sales that have not closed and in which no order could be completed, with the reasons. */
export async function salesNotOpen(db: Db, hubId: number, now: number): Promise<SaleNotOpen[]> {
  return (await hubSalesMethods(db, hubId, now))
    .map((s) => ({ cycleId: s.cycleId, name: s.name, reasons: whyNotOpen(s) }))
    .filter((s) => s.reasons.length > 0);
}

/** « The sale … is shown closed to shoppers: … », one line per sale; nothing when every sale can take orders. */
export const SalesNotOpen: FC<{ sales: readonly SaleNotOpen[]; l: Locale; only?: number }> = ({ sales, l, only }) => {
  const tr = translator(l);
  const shown = only === undefined ? sales : sales.filter((s) => s.cycleId === only);
  if (shown.length === 0) return null;
  return (
    <div class="notice warn" role="status" data-testid="sales-not-open">
      {shown.map((s) => (
        <p data-cycle={String(s.cycleId)}>
          {tr('La vente', 'The sale')} « {s.name} » {tr('est affichée fermée aux clients : ', 'shows closed to shoppers: ')}
          {s.reasons.map((r) => notOpenReasonText(r, l)).join(tr(' ; ', '; '))}.
        </p>
      ))}
    </div>
  );
};
