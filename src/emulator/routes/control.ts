/**
 * The emulator's own control, not Stripe's API, for the benchmark, behind the same API key as every other
 * route. POST /_emulator/changes with `{"type": "price.updated"}` makes one realistic change of that kind
 * now and answers its event, which the caller then delivers as a webhook; a subscription change may name
 * its `subscription`. GET /_emulator/stats counts the API requests served and those refused for the rate limit.
 */
import type { FastifyInstance } from 'fastify';
import { CONTROL_CHANGE_TYPES, ControlChanges, type ControlChangeType } from '../control-changes.ts';
import { invalidRequest } from '../errors.ts';
import type { NetworkConditions } from '../network-conditions.ts';
import type { RequestLog } from '../request-log.ts';
import type { EmulatorState } from '../state.ts';

const isChangeType = (value: unknown): value is ControlChangeType => (CONTROL_CHANGE_TYPES as readonly unknown[]).includes(value);

export function registerControlRoutes(app: FastifyInstance, deps: { state: EmulatorState; requestLog: RequestLog; network: NetworkConditions }): void {
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
}
