/**
 * One real change, end to end: the emulator makes it and records its event, the event goes to the
 * service signed as Stripe signs it, and we time from the webhook's 200 to the next revenue frame.
 */
import Stripe from 'stripe';
import type { ControlChangeType } from '../src/emulator/control-changes.ts';
import type { RunningService, SuiteContext } from './measurement.ts';

export type { ControlChangeType };

export async function makeChange(ctx: SuiteContext, type: ControlChangeType): Promise<{ id: string }> {
  const response = await fetch(`${ctx.emulator.url}/_emulator/changes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.emulator.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type }),
  });
  if (!response.ok) throw new Error(`the emulator could not make a ${type} change: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

export function signedHeaders(payload: string, secret: string): Record<string, string> {
  return { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

/** Milliseconds from the webhook's 200 to the new figures on the stream (0 if they came first). */
export async function deliverChange(ctx: SuiteContext, service: RunningService, type: ControlChangeType, timeoutMs: number): Promise<number> {
  const payload = JSON.stringify(await makeChange(ctx, type));
  const arrived = service.stream.frameAfter(service.stream.frames, timeoutMs);
  // Until awaited below, a timeout must not count as an unhandled rejection.
  arrived.catch(() => undefined);
  const response = await fetch(`${service.url}/webhooks/stripe`, { method: 'POST', headers: signedHeaders(payload, ctx.webhookSecret), body: payload });
  const answered = performance.now();
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${type}: the webhook answered ${response.status} ${body}`);
  return Math.max(0, (await arrived) - answered);
}
