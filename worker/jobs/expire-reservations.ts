// Scheduled job: card payment attempts past their reservation are settled with Stripe (expired → stock
// released and cart reopened; paid but never announced by a webhook → order placed).
import { publicUrl } from '../links.ts';
import { cardPaymentsFor } from '../stripe.ts';
import { expireReservations as sweep } from '../use-cases/end-card-attempts.ts';
import type { Job } from './job.ts';

export const expireReservations: Job = {
  name: 'expire-reservations',
  run: ({ db, env, now }) => sweep({ db, payments: cardPaymentsFor(env), now, siteUrl: publicUrl(env) ?? '' }),
};
