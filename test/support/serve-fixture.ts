import { generateAccount } from '../../src/emulator/generate-account.ts';
import { createEmulator, type Emulator, type EmulatorState } from '../../src/emulator/index.ts';
import { privateStore, type PrivateStore } from './private-store.ts';
import { TEST_SECRET_KEY } from './service-under-test.ts';

export interface ServeFixture {
  state: EmulatorState;
  emulator: Emulator;
  store: PrivateStore;
  /** What `serve` processes need: the emulator as Stripe, the webhook secret, the store, any free port. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A generated account served by the emulator, and a store of the test's own, for `serve` processes. */
export async function serveFixture(options: { seed: number; customers: number; storePrefix: string; webhookSecret: string }): Promise<ServeFixture> {
  const state = generateAccount({ seed: options.seed, customers: options.customers, now: Math.floor(Date.now() / 1000) });
  const emulator = createEmulator({ secretKey: TEST_SECRET_KEY, state });
  const store = await privateStore(options.storePrefix);
  const env = {
    STRIPE_SECRET_KEY: TEST_SECRET_KEY,
    STRIPE_API_BASE: await emulator.listen(),
    STRIPE_WEBHOOK_SECRET: options.webhookSecret,
    PORT: '0',
    SYNC_INTERVAL_MINUTES: '0',
    ...store.env,
  };
  return {
    state,
    emulator,
    store,
    env,
    async close() {
      await emulator.close();
      await store.remove();
    },
  };
}
