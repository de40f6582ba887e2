/**
 * SQLite access: opening, migrations, schema checks. Per-table store functions live with their component
 * (`core/<component>/store.ts`, docs/conventions.md §2).
 * @module
 */
export { type Executor, LOCAL_SCHEMA, openDatabase, type SchemaDefinition, STATE_SCHEMA } from './database.js';
export { DatabaseError, type DatabaseErrorCode } from './errors.js';
export { loadMigrations, type Migration } from './migrations.js';
export { blob, prepared } from './statements.js';
export { u64FromSql, u64ToSql } from './u64.js';
