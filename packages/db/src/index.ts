export { createDb } from './create-db.js';
export type { CreateDbOptions, Database, Db, Schema } from './create-db.js';
export * as schema from './schema/index.js';
