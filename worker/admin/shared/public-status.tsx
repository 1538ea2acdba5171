// « Is the public page up to date? » on every edit screen: the state of the pages an edit touches
// (up to date, waiting, rebuilding, or failed with the reason) and when the catalog was last published.
import type { FC } from 'hono/jsx';
import type { Db } from '../../../db/core/client.ts';
import { pageStatus, type PageState, type PageStatus } from '../../../db/publishing/rebuilds.ts';
import { formatDateTime } from '../../../domain/dates.ts';
import { translator, type Locale } from './paths.ts';

const RANK: Record<PageState, number> = { 'up-to-date': 0, stale: 1, rebuilding: 2, failed: 3 };

export interface PublicState extends PageStatus {
  paths: string[];
}

/** The least happy state among the pages (a failure wins, then a rebuild under way, then waiting). */
export async function publicState(db: Db, paths: readonly string[]): Promise<PublicState> {
  const statuses = await Promise.all(paths.map((p) => pageStatus(db, p)));
  const none: PageStatus = { state: 'up-to-date', lastPublishedAt: null, error: null };
  const worst = statuses.reduce((a, s) => (RANK[s.state] > RANK[a.state] ? s : a), statuses[0] ?? none);
  return { ...worst, paths: [...paths] };
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
  );
};
