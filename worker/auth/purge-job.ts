// Scheduled: drops spent or expired sign-in links and sessions (managers' and shoppers'), and old
// rate-limit windows, so the tables holding secrets' hashes stay small and hold nothing older than a
// day past its use.
import { purgeExpiredAuth } from '../../db/auth/sign-in.ts';
import { purgeShopperAuthStatements } from '../../db/shoppers/sign-in.ts';
import type { Job } from '../jobs/job.ts';

export const purgeSignIns: Job = {
  name: 'purge-sign-ins',
  run: async ({ db, now }) => {
    await purgeExpiredAuth(db, now);
    await db.batch(purgeShopperAuthStatements(db, now));
  },
};
