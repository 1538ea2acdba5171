// Scheduled job: when a cycle has closed, each producer with sales in it gets one e-mail with what to
// bring to each hub and when, and each of those hubs a copy; recorded so that later runs send nothing.
import { producersToTell, tellProducerStatements } from '../../db/messaging/producer-notices.ts';
import type { Job } from './job.ts';

export const tellProducers: Job = {
  name: 'tell-producers',
  async run({ db, now }) {
    const due = await producersToTell(db, now);
    // One batch (one transaction) per producer: a failure leaves the others told and this one for the next run.
    let told = 0;
    for (const d of due) {
      await db.batch(tellProducerStatements(db, { ...d, now }));
      told++;
    }
    return { told };
  },
};
