import { loadConfigOrExit } from '../config/load-config-or-exit.ts';
import { openStore } from '../server/open-store.ts';

export interface EventsRetryOptions {
  all: boolean;
  /** A running service to ask, instead of opening the store here. */
  url?: string;
}

/**
 * Puts events set aside back in line: through a running service's API, or by opening the store and
 * applying them here. Says which are applied now and which were set aside again, with why.
 */
export async function retryEvents(ids: readonly string[], options: EventsRetryOptions): Promise<number> {
  if (ids.length === 0 && !options.all) {
    process.stderr.write('revenue-agent: name the events to retry (evt_…), or --all\n');
    return 2;
  }
  return options.url === undefined ? retryInStore(ids, options.all) : retryThroughApi(options.url, ids, options.all);
}

async function retryInStore(ids: readonly string[], all: boolean): Promise<number> {
  const config = loadConfigOrExit();
  const { db, service } = await openStore(config);
  try {
    const retried = await service.retryDeadEvents(all ? undefined : ids);
    await service.eventsSettled();
    const stillDead = new Map((await service.deadEvents(500)).map((event) => [event.id, event.reason]));
    return report(ids, retried, stillDead);
  } finally {
    await service.close();
    await db.close();
  }
}

async function retryThroughApi(url: string, ids: readonly string[], all: boolean): Promise<number> {
  const base = url.replace(/\/+$/, '');
  const retried: string[] = [];
  for (const path of all ? ['/api/events/dead/retry'] : ids.map((id) => `/api/events/${encodeURIComponent(id)}/retry`)) {
    const response = await fetch(`${base}${path}`, { method: 'POST' });
    if (response.status === 404) continue;
    if (!response.ok) {
      process.stderr.write(`revenue-agent: ${base} answered ${response.status} to ${path}\n`);
      return 1;
    }
    retried.push(...((await response.json()) as { retried: string[] }).retried);
  }
  // The service applies them in the background: what is set aside again shows there shortly.
  return report(ids, retried, new Map());
}

function report(asked: readonly string[], retried: readonly string[], stillDead: ReadonlyMap<string, string>): number {
  const unknown = asked.filter((id) => !retried.includes(id));
  for (const id of unknown) process.stderr.write(`${id}: not set aside (unknown, or already applied)\n`);
  for (const id of retried) {
    const reason = stillDead.get(id);
    process.stdout.write(reason === undefined ? `${id}: put back in line\n` : `${id}: set aside again: ${reason}\n`);
  }
  if (retried.length === 0 && asked.length === 0) process.stdout.write('no event is set aside\n');
  return unknown.length > 0 || retried.some((id) => stillDead.has(id)) ? 1 : 0;
}
