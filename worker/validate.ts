// Valibot at the edge of the worker: strict schemas, and failures answered as problem+json.
import { vValidator } from '@hono/valibot-validator';
import type { Context, ValidationTargets } from 'hono';
import type * as v from 'valibot';
import type { AppEnv } from './env.ts';
import { validationProblem } from './problem.ts';

export function validate<T extends v.GenericSchema, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return vValidator(target, schema, (result, c) => {
    if (!result.success) return validationProblem(c as unknown as Context<AppEnv>, result.issues);
  });
}
