import { NOTICE_TOPICS, type InstanceLink, type NoticeTopic } from './database.ts';

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
