import { loadConfigOrExit } from '../config/load-config-or-exit.ts';
import { withStore, type RunningService } from './running-service.ts';

/**
 * Puts events set aside back in line: through the running service's API when one holds the store, or by
 * opening the store and applying them here. Says which are back in line and which were set aside again.
 */
export async function retryEvents(ids: readonly string[], options: { all: boolean }): Promise<number> {
  if (ids.length === 0 && !options.all) {
    process.stderr.write('revenue-agent: name the events to retry (evt_…), or --all\n');
    return 2;
  }
  const wanted = options.all ? undefined : ids;
  return withStore(loadConfigOrExit(), {
    viaService: (service) => retryThroughService(service, wanted),
    async viaStore({ service }) {
      try {
        const retried = await service.retryDeadEvents(wanted);
        await service.eventsSettled();
        const stillDead = new Map((await service.deadEvents(500)).map((event) => [event.id, event.reason]));
        return report(ids, retried, stillDead);
      } finally {
        await service.close();
      }
    },
  });
}

async function retryThroughService(service: RunningService, ids: readonly string[] | undefined): Promise<number> {
  const retried: string[] = [];
  for (const path of ids === undefined ? ['/api/events/dead/retry'] : ids.map((id) => `/api/events/${encodeURIComponent(id)}/retry`)) {
    const { status, body } = await service.request('POST', path);
    if (status === 404) continue;
    if (status !== 200) {
      process.stderr.write(`revenue-agent: the service (pid ${service.pid}) answered ${status} to ${path}\n`);
      return 1;
    }
    retried.push(...(body as { retried: string[] }).retried);
  }
  // The service applies them in the background: any set aside again shows in GET /api/events/dead shortly.
  return report(ids ?? [], retried, new Map());
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
