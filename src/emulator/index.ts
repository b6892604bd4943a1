/**
 * The Stripe emulator: an in-memory Stripe account behind Stripe's HTTP API, for tests now and the
 * demo mode later. Point the SDK at it with
 * `new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`.
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { FaultInjector, type FaultOptions } from './faults.ts';
import { RequestLog } from './request-log.ts';
import { EmulatorState } from './state.ts';

export interface EmulatorOptions extends FaultOptions {
  /** The only key the emulator accepts (`Authorization: Bearer <key>`). */
  secretKey: string;
  /** Defaults to an empty account. */
  state?: EmulatorState;
}

export interface Emulator {
  app: FastifyInstance;
  state: EmulatorState;
  requestLog: RequestLog;
  faults: FaultInjector;
  /** Starts listening (port 0 = any free port) and resolves to the base url, e.g. `http://127.0.0.1:51234`. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export function createEmulator(options: EmulatorOptions): Emulator {
  const state = options.state ?? new EmulatorState();
  const requestLog = new RequestLog();
  const faults = new FaultInjector(options);
  const app = buildApp({ state, secretKey: options.secretKey, faults, requestLog });
  return {
    app,
    state,
    requestLog,
    faults,
    listen: async (port = 0, host = '127.0.0.1') => {
      await app.listen({ port, host });
      const address = app.server.address() as AddressInfo;
      return `http://${host}:${address.port}`;
    },
    close: () => app.close(),
  };
}

export { EmulatorState, EMULATED_API_VERSION } from './state.ts';
export type { EmulatorStateOptions, ObjectType, RecordEventOptions, StoredTypes } from './state.ts';
export { FaultInjector } from './faults.ts';
export type { FaultOptions, ForcedFaultOptions } from './faults.ts';
export { RequestLog } from './request-log.ts';
export type { LoggedRequest, RequestFilter } from './request-log.ts';
export { AccountBuilder } from './account-builder.ts';
export type * from './builder-inputs.ts';
export { generateAccount, DEFAULT_NOW, HISTORY_DAYS } from './generate-account.ts';
export type { GenerateAccountOptions } from './generate-account.ts';
export type { InvoiceHistory } from './write-subscription.ts';
export { expectedMrrAt, expectedMrrSeries, spanMrr } from './expected-mrr.ts';
export type { ExpectedMrrPoint, ExpectedMrrPolicy, MrrByCurrency } from './expected-mrr.ts';
export { MrrPlan } from './mrr-plan.ts';
export type { MrrSpan, PlannedDiscount, PlannedItem } from './mrr-plan.ts';
export { startLiveActivity } from './live-activity.ts';
export type { LiveActivity, LiveActivityOptions } from './live-activity.ts';
export { WebhookSender } from './webhook-sender.ts';
export type { DeliveryStats, WebhookSenderOptions, WebhookTarget } from './webhook-sender.ts';
export { signPayload } from './sign-payload.ts';
export { runEmulator } from './run-emulator.ts';
export type { RunEmulatorOptions, RunningEmulator } from './run-emulator.ts';
