import { z } from 'zod';
import type { SyncProgress } from '../ingest/sync-coordinator.ts';
import type { RunningService } from './running-service.ts';
import type { SyncResult } from './sync-result.ts';
import { reportProgressWhile } from './sync-progress.ts';

const progressAnswer = z.object({
  progress: z
    .object({ sync_id: z.number(), started_at: z.string(), objects: z.record(z.string(), z.number()), requests: z.number() })
    .nullable(),
});
const succeeded = z.object({ sync_id: z.number(), counts: z.record(z.string(), z.number()), requests: z.number() });
const failed = z.object({ sync_id: z.number(), message: z.string() });
const busy = z.object({ sync_id: z.number().nullable() });

/** The running service's progress, as GET /api/revenue/sync shows it. */
async function progressOf(running: RunningService): Promise<SyncProgress | undefined> {
  const { progress } = progressAnswer.parse((await running.request('GET', '/api/revenue/sync')).body);
  return progress ? { runId: progress.sync_id, startedAt: new Date(progress.started_at), counts: progress.objects, requests: progress.requests } : undefined;
}

/**
 * Asks the running service for a full sync (POST /api/revenue/sync answers when it is done), printing its
 * progress meanwhile. The service does not say the last sync's size, so progress lines carry no estimate.
 */
export async function syncThroughService(running: RunningService): Promise<SyncResult> {
  const { status, body, headers } = await reportProgressWhile(running.request('POST', '/api/revenue/sync'), () => progressOf(running), null);
  switch (status) {
    case 200: {
      const run = succeeded.parse(body);
      return { status: 'succeeded', runId: run.sync_id, counts: run.counts, requests: run.requests };
    }
    case 202:
      return { status: 'busy', runId: busy.parse(body).sync_id ?? undefined };
    case 409:
      return { status: 'not_configured' };
    case 429:
      return { status: 'too_soon', retryAfterSeconds: Number(headers.get('retry-after') ?? 60) };
    case 502: {
      const run = failed.parse(body);
      return { status: 'failed', runId: run.sync_id, error: run.message.replace(/^Sync failed: /, '') };
    }
    default:
      throw new Error(`the service at ${running.url} answered ${status} to POST /api/revenue/sync: ${JSON.stringify(body)}`);
  }
}
