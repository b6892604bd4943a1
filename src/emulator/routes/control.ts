/**
 * The emulator's own control, not Stripe's API, for the benchmark, behind the same API key as every other
 * route. POST /_emulator/changes with `{"type": "price.updated"}` makes one realistic change of that kind
 * now and answers its event, which the caller then delivers as a webhook; a subscription change may name
 * its `subscription`. GET /_emulator/stats counts the API requests served and those refused for the rate limit.
 * POST /_emulator/faults turns the fault knobs while the emulator runs: `fault_rate`, `slow_share`, `slow_ms`,
 * `reset_share`, and `outage_seconds` (every API request fails with a 503 for that long, from now).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CONTROL_CHANGE_TYPES, ControlChanges, type ControlChangeType } from '../control-changes.ts';
import { invalidRequest } from '../errors.ts';
import type { FaultInjector } from '../faults.ts';
import type { NetworkConditions } from '../network-conditions.ts';
import type { RequestLog } from '../request-log.ts';
import type { EmulatorState } from '../state.ts';

const share = z.number().min(0).max(1);
const FaultKnobs = z.strictObject({
  fault_rate: share.optional(),
  slow_share: share.optional(),
  slow_ms: z.number().int().min(0).optional(),
  reset_share: share.optional(),
  outage_seconds: z.number().min(0).optional(),
});

const isChangeType = (value: unknown): value is ControlChangeType => (CONTROL_CHANGE_TYPES as readonly unknown[]).includes(value);

export function registerControlRoutes(app: FastifyInstance, deps: { state: EmulatorState; requestLog: RequestLog; network: NetworkConditions; faults: FaultInjector }): void {
  const changes = new ControlChanges(deps.state);
  app.post('/_emulator/changes', async (request) => {
    const body = request.body as { type?: unknown; subscription?: unknown } | null;
    const type = body?.type;
    if (!isChangeType(type)) throw invalidRequest(`type must be one of: ${CONTROL_CHANGE_TYPES.join(', ')}`, 'type');
    const subscription = typeof body?.subscription === 'string' ? body.subscription : undefined;
    const event = changes.make(type, subscription);
    if (!event) throw invalidRequest(`The account has nothing to make a ${type} change on`, 'type');
    return event;
  });
  app.get('/_emulator/stats', async () => ({
    requests: deps.requestLog.count({ path: /^\/v1\// }),
    rate_limited: deps.network.rateLimited,
  }));
  app.post('/_emulator/faults', async (request) => {
    const parsed = FaultKnobs.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidRequest(`${issue?.path.join('.') || 'body'}: ${issue?.message}`, issue?.path.join('.'));
    }
    const knobs = parsed.data;
    const { faults, network } = deps;
    if (knobs.fault_rate !== undefined) faults.rate = knobs.fault_rate;
    network.tune({ slowShare: knobs.slow_share, slowMs: knobs.slow_ms, resetShare: knobs.reset_share });
    if (knobs.outage_seconds !== undefined) faults.startOutage(knobs.outage_seconds * 1000);
    return {
      fault_rate: faults.rate,
      slow_share: network.slowShare,
      slow_ms: network.slowMs,
      reset_share: network.resetShare,
      outage_left_seconds: faults.outageLeftMs() / 1000,
      injected: faults.injected,
      slow_answers: network.slowAnswers,
      cut_pages: network.cutPages,
    };
  });
}
