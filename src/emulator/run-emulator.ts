/**
 * The standalone emulator (`revenue-agent emulator`): a generated account as of the wall clock, served
 * on a port, optionally changing live and posting signed webhooks. It prints nothing; the caller logs.
 */
import { generateAccount } from './generate-account.ts';
import { createEmulator } from './create-emulator.ts';
import { startLiveActivity, type LiveActivity } from './live-activity.ts';
import { EmulatorState } from './state.ts';

export interface RunEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  customers?: number;
  secretKey: string;
  faultRate?: number;
  /** Stripe's pace: mean answer time in ms, and requests per second before 429s (0: none). */
  latencyMs?: number;
  rateLimit?: number;
  /** Changes the account every `intervalMs`; with a webhook url, also posts the events there. */
  live?: { intervalMs?: number; webhookUrl?: string; webhookSecret?: string };
}

export interface RunningEmulator {
  /** Base url, e.g. `http://127.0.0.1:12111`. */
  url: string;
  state: EmulatorState;
  live: LiveActivity | null;
  stop(): Promise<void>;
}

export async function runEmulator(options: RunEmulatorOptions): Promise<RunningEmulator> {
  const live = options.live;
  if (live?.webhookUrl && !live.webhookSecret) throw new Error('live.webhookSecret is required with live.webhookUrl');
  // The clock runs with real time, so the generated "now" is the moment we start.
  const state = new EmulatorState();
  generateAccount({ state, now: state.now(), seed: options.seed ?? 1, customers: options.customers ?? 300 });
  const emulator = createEmulator({
    secretKey: options.secretKey,
    state,
    faultRate: options.faultRate ?? 0,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: options.rateLimit ?? 0,
    seed: options.seed ?? 1,
  });
  const url = await emulator.listen(options.port ?? 12111, options.host ?? '127.0.0.1');
  const activity = live
    ? startLiveActivity({
        state,
        seed: options.seed ?? 1,
        intervalMs: live.intervalMs ?? 3000,
        ...(live.webhookUrl && live.webhookSecret ? { webhook: { url: live.webhookUrl, secret: live.webhookSecret } } : {}),
      })
    : null;
  return {
    url,
    state,
    live: activity,
    stop: async () => {
      await activity?.stop();
      await emulator.close();
    },
  };
}
