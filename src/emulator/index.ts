/**
 * The Stripe emulator: an in-memory Stripe account behind Stripe's HTTP API, for tests now and the
 * demo mode later. Point the SDK at it with
 * `new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`.
 */
export { createEmulator, type Emulator, type EmulatorOptions } from './create-emulator.ts';
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
