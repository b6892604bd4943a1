import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.ts';
import { demoExchangeRates } from '../emulator/demo-exchange-rates.ts';
import { startLiveActivity, type LiveActivity } from '../emulator/live-activity.ts';
import { runEmulator } from '../emulator/run-emulator.ts';

export const DEMO_SCHEMA = 'revenue_agent_demo';
export const DEMO_NOTICE = 'Demo data — set STRIPE_SECRET_KEY to see your account';
const DEMO_SEED = 1;

export interface DemoAccount {
  /**
   * The configuration with the emulator in Stripe's place (its URL, a per-run key and webhook secret), and
   * the demo's exchange rates under any that EXCHANGE_RATES gives.
   */
  config: Config;
  /** Starts the account's live activity, delivered to the service's own webhook route. */
  startActivity(webhookUrl: string): void;
  stop(): Promise<void>;
}

/**
 * Demo mode runs the real pipeline (sync, webhooks, metrics) against the project's emulator: a
 * generated account on a private port, whose changes arrive as signed webhooks like Stripe's.
 */
export async function startDemoAccount(config: Config): Promise<DemoAccount> {
  const secretKey = `sk_test_demo${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_demo${randomBytes(16).toString('hex')}`;
  const emulator = await runEmulator({ port: 0, host: '127.0.0.1', seed: DEMO_SEED, secretKey });
  let activity: LiveActivity | undefined;
  return {
    config: {
      ...config,
      stripe: { secretKey, apiBase: new URL(emulator.url), webhookSecrets: [webhookSecret], maxRequestsPerSecond: Infinity },
      metrics: { ...config.metrics, rates: new Map([...demoExchangeRates(config.metrics.reportingCurrency), ...config.metrics.rates]) },
    },
    startActivity(webhookUrl) {
      if (config.demoActivitySeconds === 0) return;
      activity = startLiveActivity({
        state: emulator.state,
        seed: DEMO_SEED,
        intervalMs: config.demoActivitySeconds * 1000,
        webhook: { url: webhookUrl, secret: webhookSecret },
      });
    },
    async stop() {
      await activity?.stop();
      await emulator.stop();
    },
  };
}
