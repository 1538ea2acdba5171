// The last line behind a use case's checks: a write the database refuses on a constraint (an id that
// went away meanwhile, a duplicate the checks did not foresee) is the client's input refused, answered
// 422 with field messages like any other invalid field, never a 500.
import { constraintViolation } from '../../../db/catalog/products.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';

export async function refusingConstraints<T>(write: () => Promise<T>, fields: FieldError[]): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (constraintViolation(err) === null) throw err;
    throw new DomainError('VALIDATION', 'The database refused the change: one of the values does not fit what is stored.', { fields });
  }
}
