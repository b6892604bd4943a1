import type { DataDirLock } from './data-dir-lock.ts';

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

/** What instances sharing a store tell each other, beyond the change log. */
export type NoticeTopic = 'change' | 'applied' | 'events' | 'sync';
export const NOTICE_TOPICS: readonly NoticeTopic[] = ['change', 'applied', 'events', 'sync'];

export interface LinkHandlers {
  /** Another instance committed something of `topic`. */
  onNotice(topic: NoticeTopic): void;
  /** The connection dropped: notices may be missed meanwhile, and the locks it held are free for others. */
  onLost(reason: string): void;
  /** Connected (again) and listening: what was missed meanwhile must be read. */
  onListening(): void;
}

/**
 * This instance's line to the others on the store: notices sent and heard, and the locks that make one
 * instance the one that does a job, held by a connection of its own, so that they free themselves when
 * the instance dies. A store only one process can open (PGlite) has nobody to hear: it does every job.
 */
export interface InstanceLink {
  /** Whether other instances can share the store. */
  readonly shared: boolean;
  /** Resolves once the first try to connect has listened, or failed (then it keeps trying). */
  readonly ready: Promise<void>;
  /** Tells the others, without waiting; notices of one topic sent close together are sent once. */
  notify(topic: NoticeTopic): void;
  /** Tells the others when `tx` commits. */
  notifyOnCommit(tx: Queryable, topic: NoticeTopic): Promise<void>;
  /** Takes the lock if nobody holds it; true while this instance holds it (until its connection drops or the link closes, which tells the others). */
  tryHold(lock: string): Promise<boolean>;
  close(): Promise<void>;
}
