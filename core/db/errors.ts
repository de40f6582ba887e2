/**
 * Database open/migration failures, each with a message a user can act on.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type DatabaseErrorCode =
  /** The file exists but is not an SQLite database (or is corrupted beyond opening). */
  | 'NOT_A_DATABASE'
  /** An SQLite file that belongs to another program or is the other Smesher database (state vs local). */
  | 'FOREIGN_DATABASE'
  /** Written by a newer Smesher: opening it could lose data that this version does not understand. */
  | 'NEWER_SCHEMA'
  /** The schema differs from what the migrations produce (edited by hand, or a broken migration). */
  | 'SCHEMA_DRIFT'
  /** A migration failed; the database is left at the last good version. */
  | 'MIGRATION_FAILED'
  /** The migrations shipped with this build are inconsistent (a bug, caught at start-up). */
  | 'BAD_MIGRATIONS';

export class DatabaseError extends CodedError<DatabaseErrorCode> {}
