/**
 * POST /_emulator/changes: not Stripe's API but the emulator's own control, for the benchmark. The body
 * `{"type": "price.updated"}` makes one realistic change of that kind now and answers its event, which
 * the caller then delivers as a webhook. It sits behind the same API key as every other route.
 */
import type { FastifyInstance } from 'fastify';
import { CONTROL_CHANGE_TYPES, ControlChanges, type ControlChangeType } from '../control-changes.ts';
import { invalidRequest } from '../errors.ts';
import type { EmulatorState } from '../state.ts';

const isChangeType = (value: unknown): value is ControlChangeType => (CONTROL_CHANGE_TYPES as readonly unknown[]).includes(value);

export function registerControlRoutes(app: FastifyInstance, state: EmulatorState): void {
  const changes = new ControlChanges(state);
  app.post('/_emulator/changes', async (request) => {
    const type = (request.body as { type?: unknown } | null)?.type;
    if (!isChangeType(type)) throw invalidRequest(`type must be one of: ${CONTROL_CHANGE_TYPES.join(', ')}`, 'type');
    const event = changes.make(type);
    if (!event) throw invalidRequest(`The account has nothing to make a ${type} change on`, 'type');
    return event;
  });
}
