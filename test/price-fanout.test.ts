// Issue 8: a price or coupon event re-prices only the subscriptions that use it, counted rather than
// timed; one used by more subscriptions than a transaction should hold is re-priced in the background.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateAccount } from '../src/emulator/generate-account.ts';
import type { EmulatorState } from '../src/emulator/index.ts';
import { INLINE_DERIVATION_LIMIT } from '../src/ingest/apply-objects.ts';
import { toMajorUnits } from '../src/metrics/index.ts';
import type { StripePrice } from '../src/metrics/stripe-shapes.ts';
import { expectedDefaultSnapshot } from './support/expected-figures.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const SECRET = 'whsec_price_fanout_test';

describe(`a price event re-prices only the subscriptions that use the price (${store})`, () => {
  let state: EmulatorState;
  let sut: ServiceUnderTest;
  /** Per-unit licensed prices, most used first, with the subscriptions that use each. */
  let byUse: Array<{ price: StripePrice; subscriptions: number }>;

  before(async () => {
    // Few prices for many customers, so that one price is used by more subscriptions than one transaction derives.
    state = generateAccount({ seed: 2, customers: 700, prices: 8, now: Math.floor(Date.now() / 1000) });
    const uses = new Map<string, number>();
    for (const sub of state.collection('subscription').values()) {
      for (const id of new Set(sub.items.data.map((item) => item.price.id))) uses.set(id, (uses.get(id) ?? 0) + 1);
    }
    byUse = [...state.collection('price').values()]
      .filter((price) => price.billing_scheme === 'per_unit' && price.recurring?.usage_type === 'licensed')
      .map((price) => ({ price, subscriptions: uses.get(price.id) ?? 0 }))
      .sort((a, b) => b.subscriptions - a.subscriptions);
    sut = await startServiceAgainst(state, { env: { STRIPE_WEBHOOK_SECRET: SECRET } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 30_000);
  });
  after(async () => sut?.stop());

  const priced = () => sut.running.service.counters.subscriptionsPriced;
  const updatePrice = async (price: StripePrice, changes: Partial<StripePrice>) => {
    const event = state.recordEvent('price.updated', state.replace('price', { ...price, ...changes }));
    assert.equal((await postSigned(sut.running.app, event, SECRET)).status, 200);
    await sut.running.service.derivationsSettled();
  };
  const expectedMrr = () => expectedDefaultSnapshot(state).mrrByCurrency;

  test('the account has a price used by more subscriptions than one transaction derives, and one used by fewer', () => {
    assert.ok(byUse[0]!.subscriptions > INLINE_DERIVATION_LIMIT, `${byUse[0]!.subscriptions}`);
    assert.ok(byUse.some((u) => u.subscriptions > 10 && u.subscriptions <= INLINE_DERIVATION_LIMIT));
  });

  test('a change to what MRR does not read (a nickname) re-prices nothing', async () => {
    const before = priced();
    await updatePrice(byUse[0]!.price, { nickname: 'Renamed' } as Partial<StripePrice>);
    assert.equal(priced() - before, 0);
  });

  test('a new unit amount re-prices exactly the subscriptions on the price, in the event’s transaction', async () => {
    const { price, subscriptions } = byUse.find((u) => u.subscriptions > 10 && u.subscriptions <= INLINE_DERIVATION_LIMIT)!;
    const before = priced();
    await updatePrice(price, { unit_amount: price.unit_amount! + 700, unit_amount_decimal: String(price.unit_amount! + 700) });
    assert.equal(priced() - before, subscriptions);
    assert.deepEqual((await sut.get('/api/revenue')).body.mrr_by_currency, majorUnits(expectedMrr()));
  });

  test('a price on more subscriptions than one transaction derives is re-priced in the background, each once', async () => {
    const { price, subscriptions } = byUse[0]!;
    const before = priced();
    await updatePrice(price, { unit_amount: price.unit_amount! + 300, unit_amount_decimal: String(price.unit_amount! + 300) });
    assert.equal(priced() - before, subscriptions);
    assert.deepEqual((await sut.get('/api/revenue')).body.mrr_by_currency, majorUnits(expectedMrr()));
  });
});

function majorUnits(minor: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(minor).map(([currency, amount]) => [currency, toMajorUnits(amount, currency)]));
}
