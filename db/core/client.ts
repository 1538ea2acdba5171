// The database handle type shared by the site build (Node, file or remote URL) and the worker (HTTP).
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import * as schema from '../schema/index.ts';

export type Db = LibSQLDatabase<typeof schema>;
export { schema };
