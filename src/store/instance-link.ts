import type { Queryable } from './database.ts';

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

/** The one instance there can be. */
export const soloLink: InstanceLink = {
  shared: false,
  ready: Promise.resolve(),
  notify: () => undefined,
  notifyOnCommit: async () => undefined,
  tryHold: async () => true,
  close: async () => undefined,
};

/** A notice's payload: who sent it, so that an instance ignores its own, and what about. */
export function noticePayload(origin: string, topic: NoticeTopic): string {
  return JSON.stringify({ origin, topic });
}

export function readNotice(payload: string | undefined): { origin: string; topic: NoticeTopic } | undefined {
  try {
    const { origin, topic } = JSON.parse(payload ?? '') as { origin?: unknown; topic?: unknown };
    return typeof origin === 'string' && NOTICE_TOPICS.includes(topic as NoticeTopic) ? { origin, topic: topic as NoticeTopic } : undefined;
  } catch {
    return undefined;
  }
}
