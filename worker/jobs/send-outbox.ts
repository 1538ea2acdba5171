// Scheduled job: delivers the outbox's due messages (order confirmations, hub notifications, sign-in links).
import { deliverDueMessages } from '../email/deliver.ts';
import type { Job } from './job.ts';

export const sendOutbox: Job = {
  name: 'send-outbox',
  run: ({ db, env, now }) => deliverDueMessages({ db, env, now }),
};
