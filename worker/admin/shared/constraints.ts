// The last line behind a use case's checks: a write the database refuses on a constraint (an id that
// went away meanwhile, a duplicate the checks did not foresee) is the client's input refused, answered
// 422 with field messages like any other invalid field, never a 500.
import { isConstraintError } from '../../../db/core/batch.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';

export async function refusingConstraints<T>(write: () => Promise<T>, fields: FieldError[]): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isConstraintError(err)) throw err;
    throw new DomainError('VALIDATION', 'The database refused the change: one of the values does not fit what is stored.', { fields });
  }
}

/** Runs a parse-and-write; a refusal for invalid input comes back as its field messages (null once saved), for the form to be shown again. */
export async function fieldsRefused(write: () => Promise<unknown>): Promise<FieldError[] | null> {
  try {
    await write();
    return null;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'VALIDATION') return err.fields;
    throw err;
  }
}
