import { runEmulator } from './run-emulator.ts';

export interface EmulatorCommandOptions {
  port: string;
  host: string;
  seed: string;
  customers: string;
  key: string;
  faultRate: string;
  latencyMs: string;
  rateLimit: string;
  liveSeconds?: string;
  webhookUrl?: string;
  webhookSecret?: string;
}

function number(name: string, text: string, { min, max }: { min: number; max: number }): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number from ${min} to ${max}, not "${text}"`);
  return value;
}

/** The Stripe-compatible emulator on its own, for other tools (or this service with STRIPE_API_BASE). */
export async function emulatorCommand(options: EmulatorCommandOptions): Promise<void> {
  let running;
  try {
    const liveSeconds = options.liveSeconds === undefined ? undefined : number('live-seconds', options.liveSeconds, { min: 0.1, max: 3600 });
    running = await runEmulator({
      port: number('port', options.port, { min: 0, max: 65535 }),
      host: options.host,
      seed: number('seed', options.seed, { min: 0, max: 2 ** 31 }),
      customers: number('customers', options.customers, { min: 0, max: 1_000_000 }),
      secretKey: options.key,
      faultRate: number('fault-rate', options.faultRate, { min: 0, max: 1 }),
      latencyMs: number('latency-ms', options.latencyMs, { min: 0, max: 60_000 }),
      rateLimit: number('rate-limit', options.rateLimit, { min: 0, max: 100_000 }),
      ...(liveSeconds === undefined
        ? {}
        : {
            live: {
              intervalMs: liveSeconds * 1000,
              ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
              ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
            },
          }),
    });
  } catch (error) {
    process.stderr.write(`revenue-agent emulator: ${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stdout.write(
    `Stripe emulator listening on ${running.url} (${running.state.collection('subscription').size} subscriptions)\n` +
      `Use it with: STRIPE_API_BASE=${running.url} STRIPE_SECRET_KEY=${options.key}\n`,
  );
  const stop = () => void running.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
