import pg from 'pg';
import { LOCK_SQL, type InstanceLink, type LinkHandlers, type NoticeTopic, type Queryable } from './database.ts';
import { CONNECT_TIMEOUT_MS } from './database-url-error.ts';
import { noticePayload, readNotice } from './instance-link.ts';

const RECONNECT_FIRST_MS = 250;

export const linkApplicationName = (schema: string) => `revenue-agent link ${schema}`;
const RECONNECT_MAX_MS = 5_000;

/**
 * The link over PostgreSQL: LISTEN on a connection of its own (the schema names the channel, so stores
 * on one server don't hear each other), NOTIFY through the pool. When the connection drops it says so,
 * connects again with a growing pause, and listens again.
 */
export function connectPostgresLink(options: {
  url: string;
  schema: string;
  pool: Queryable;
  origin: string;
  handlers: LinkHandlers;
}): InstanceLink {
  const { url, schema, pool, origin, handlers } = options;
  const channel = schema;
  let client: pg.Client | undefined;
  const held = new Set<string>();
  let closed = false;
  let pauseMs = RECONNECT_FIRST_MS;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let firstTried!: () => void;
  const ready = new Promise<void>((resolve) => (firstTried = resolve));

  const lost = (reason: string) => {
    client = undefined;
    held.clear();
    if (closed) return;
    handlers.onLost(reason);
    reconnectTimer = setTimeout(connect, pauseMs);
    pauseMs = Math.min(pauseMs * 2, RECONNECT_MAX_MS);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const next = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      options: `-c search_path=${schema}`,
      keepAlive: true,
      // Told apart in pg_stat_activity: the connection that listens, and holds this instance's role locks.
      application_name: linkApplicationName(schema),
    });
    let failure: string | undefined;
    next.on('error', (error) => (failure = error.message));
    try {
      await next.connect();
      await next.query(`listen "${channel}"`);
    } catch (error) {
      await next.end().catch(() => undefined);
      return lost(`could not reach PostgreSQL: ${(error as Error).message}`);
    }
    if (closed) return void next.end().catch(() => undefined);
    next.on('notification', (message) => {
      const notice = readNotice(message.payload);
      if (notice && notice.origin !== origin) handlers.onNotice(notice.topic);
    });
    next.once('end', () => {
      if (client === next) lost(`lost the connection to PostgreSQL${failure ? `: ${failure}` : ''}`);
    });
    client = next;
    pauseMs = RECONNECT_FIRST_MS;
    handlers.onListening();
  }

  const pending = new Set<NoticeTopic>();
  let sending = false;
  async function send(): Promise<void> {
    sending = true;
    while (pending.size > 0) {
      const topics = [...pending];
      pending.clear();
      // Lost ones are covered: the others also read what they missed every few seconds.
      for (const topic of topics) await pool.query('select pg_notify($1, $2)', [channel, noticePayload(origin, topic)]).catch(() => undefined);
    }
    sending = false;
  }

  void connect().finally(firstTried);
  return {
    shared: true,
    ready,
    notify(topic) {
      pending.add(topic);
      if (!sending) void send();
    },
    async notifyOnCommit(tx, topic) {
      await tx.query('select pg_notify($1, $2)', [channel, noticePayload(origin, topic)]);
    },
    async tryHold(lock) {
      if (held.has(lock)) return true;
      const holder = client;
      if (!holder) return false;
      try {
        const [row] = (await holder.query<{ locked: boolean }>(LOCK_SQL.acquire, [lock])).rows;
        if (row?.locked && client === holder) held.add(lock);
      } catch {
        return false;
      }
      return held.has(lock);
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      const last = client;
      const heldAny = held.size > 0;
      client = undefined;
      held.clear();
      await last?.end().catch(() => undefined);
      // Its jobs are free: another instance takes them at once rather than at its next look.
      if (heldAny) await pool.query('select pg_notify($1, $2)', [channel, noticePayload(origin, 'events')]).catch(() => undefined);
    },
  };
}
