// The managers page's one form (invite by e-mail), one valibot schema for the page and the JSON API.
import type { Context } from 'hono';
import * as v from 'valibot';
import { emailSchema, fieldErrors, formStrings } from '../shared/forms.ts';

export const invitationSchema = v.strictObject({ email: emailSchema });

/** The posted invitation: the address, or its field messages and what was typed. */
export async function readInvitationForm(c: Context) {
  const f = await formStrings(c);
  const parsed = v.safeParse(invitationSchema, { email: f.email ?? '' });
  return parsed.success
    ? { value: parsed.output, errors: [], raw: f.email ?? '' }
    : { value: null, errors: fieldErrors(parsed.issues), raw: f.email ?? '' };
}
