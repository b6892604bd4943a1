import type { DataDirLock } from './data-dir-lock.ts';
import type { InstanceLink, LinkHandlers } from './instance-link.ts';

/** What the repositories need from a database, whether embedded PGlite or a PostgreSQL server. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Set when this process holds a PGlite data folder; closing the database releases it. */
  readonly dataDirLock?: DataDirLock;
  /** Runs several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `work` while holding a session advisory lock scoped to this schema, or returns `{ locked: false }`
   * at once when another session holds it: two syncs must never run at once against one store.
   */
  tryWithLock<T>(name: string, work: () => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }>;
  /** This instance's line to the others that share the store; `origin` tells its notices from theirs. */
  link(origin: string, handlers: LinkHandlers): InstanceLink;
  close(): Promise<void>;
}

/** Validated before it is put into SQL: a schema name can't be a bind parameter. */
export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  return schema;
}

export const LOCK_SQL = {
  acquire: 'select pg_try_advisory_lock(hashtext(current_schema()), hashtext($1)) as locked',
  release: 'select pg_advisory_unlock(hashtext(current_schema()), hashtext($1))',
  /** Waits for the lock and holds it until the transaction ends. */
  transaction: 'select pg_advisory_xact_lock(hashtext(current_schema()), hashtext($1))',
} as const;
