/**
 * A varied, deterministic Stripe account from a seed: the same options always give the same objects
 * and ids. Sized for tests by default (over 250 customers, subscriptions, prices, coupons and
 * charges) and linear in `customers`, so 100,000 subscriptions stay quick.
 */
import type { StripeCoupon, StripeCustomer, StripeSubscription, SubscriptionStatus } from '../metrics/stripe-shapes.ts';
import { AccountBuilder, type SubscriptionInput, type SubscriptionItemInput } from './account-builder.ts';
import { DAY } from './calendar.ts';
import { CADENCES, catalogKey, CURRENCIES, generateCatalog, type Catalog, type CatalogPrice } from './generate-catalog.ts';
import { periodAmount } from './pricing.ts';
import { createRng, type Rng } from './prng.ts';
import { EmulatorState } from './state.ts';

export interface GenerateAccountOptions {
  seed?: number;
  customers?: number;
  /** Unix seconds the account is "as of"; fixed by default so runs agree. */
  now?: number;
  prices?: number;
  coupons?: number;
  /** Fill this state instead of a new one (its clock should agree with `now`). */
  state?: EmulatorState;
}

/** 2026-11-01T00:00:00Z */
export const DEFAULT_NOW = 1_793_491_200;

const STATUSES: ReadonlyArray<readonly [SubscriptionStatus, number]> = [
  ['active', 66],
  ['trialing', 8],
  ['past_due', 5],
  ['canceled', 12],
  ['unpaid', 1],
  ['paused', 2],
  ['incomplete', 1],
  ['incomplete_expired', 1],
];
/** Every this-many subscriptions one gets more than the 10 items Stripe embeds. */
const LARGE_SUBSCRIPTION_EVERY = 53;
const TRIAL_DAYS = 14;

function quantityFor(rng: Rng, entry: CatalogPrice): number | undefined {
  if (entry.kind === 'per_seat') return rng.int(2, 50);
  if (entry.kind === 'tiered') return rng.int(1, 200);
  if (entry.kind === 'packaged') return rng.int(1, 100);
  return undefined;
}

function pickItems(
  rng: Rng,
  choices: readonly CatalogPrice[],
  count: number,
  pickCoupon: () => StripeCoupon | null,
): SubscriptionItemInput[] {
  const pool = [...choices];
  const items: SubscriptionItemInput[] = [];
  // Partial Fisher-Yates: distinct prices, since Stripe allows a price once per subscription.
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = rng.int(i, pool.length - 1);
    const entry = pool[j] as CatalogPrice;
    pool[j] = pool[i] as CatalogPrice;
    const quantity = quantityFor(rng, entry);
    const coupon = rng.chance(0.03) ? pickCoupon() : null;
    items.push({ price: entry.price, ...(quantity === undefined ? {} : { quantity }), coupons: coupon ? [coupon] : [] });
  }
  return items;
}

/** Coupons whose discount Stripe would already have dropped are not attached. */
function attachable(coupon: StripeCoupon, start: number, now: number, status: SubscriptionStatus): boolean {
  if (coupon.duration === 'once') return status === 'trialing';
  if (coupon.duration === 'repeating') return start + (coupon.duration_in_months ?? 0) * 30 * DAY > now;
  return true;
}

function subscriptionInput(
  rng: Rng,
  catalog: Catalog,
  customer: StripeCustomer,
  currency: string,
  index: number,
  now: number,
): SubscriptionInput | null {
  const cadence = rng.weighted(CADENCES);
  const choices = catalog.recurring.get(catalogKey(currency, cadence)) ?? [];
  if (choices.length === 0) return null;
  const status = customer.deleted ? 'canceled' : rng.weighted(STATUSES);
  const age = Math.max(DAY, now - customer.created);
  const recent =
    status === 'trialing' ? now - rng.int(0, TRIAL_DAYS - 1) * DAY - rng.int(1, DAY - 1)
    : status === 'incomplete' ? now - rng.int(60, DAY - 1)
    : customer.created + rng.int(0, Math.min(30 * DAY, age - 1));
  const created = Math.max(customer.created, recent);
  const endedAt =
    status === 'incomplete_expired' ? created + DAY
    : status === 'canceled' ? rng.int(created + DAY, Math.max(created + DAY, now))
    : null;
  const large = index % LARGE_SUBSCRIPTION_EVERY === 7;
  const count = large ? rng.int(11, 15) : rng.weighted([[1, 70], [2, 20], [3, 10]] as const);
  const coupons = catalog.couponsFor(currency);
  const pickCoupon = () => {
    const coupon = coupons.length > 0 ? rng.pick(coupons) : null;
    return coupon && attachable(coupon, created, now, status) ? coupon : null;
  };
  const subCoupon = rng.chance(0.1) ? pickCoupon() : null;
  const active = status === 'active';
  return {
    customer,
    items: pickItems(rng, choices, count, pickCoupon),
    status,
    created,
    ...(status === 'trialing' ? { trialDays: TRIAL_DAYS } : {}),
    ...(endedAt === null ? {} : { endedAt: Math.min(endedAt, now) }),
    cancelAtPeriodEnd: active && rng.chance(0.05),
    ...(active && rng.chance(0.03) ? { pauseCollection: { behavior: 'void' as const, resumesAt: now + rng.int(7, 60) * DAY } } : {}),
    coupons: subCoupon ? [subCoupon] : [],
  };
}

function billingFor(b: AccountBuilder, rng: Rng, sub: StripeSubscription): void {
  if (sub.status === 'trialing' || sub.status === 'incomplete' || sub.status === 'incomplete_expired') return;
  const usage = rng.int(0, 5000);
  const unpaid = sub.status === 'past_due' || sub.status === 'unpaid';
  const invoice = b.invoice({ subscription: sub, status: unpaid ? 'open' : 'paid', meteredQuantity: usage });
  const amount = Math.max(50, sub.items.data.reduce((sum, item) => sum + periodAmount(item.price, item.quantity ?? usage), 0));
  const charges = rng.int(1, 2);
  for (let k = 0; k < charges; k++) {
    const latest = k === 0;
    const status = latest && unpaid ? 'failed' : rng.weighted([['succeeded', 88], ['failed', 6], ['refunded', 3], ['partial', 3]] as const);
    b.charge({
      customer: sub.customer,
      amount,
      currency: sub.currency,
      status: status === 'failed' ? 'failed' : 'succeeded',
      amountRefunded: status === 'refunded' ? amount : status === 'partial' ? Math.floor(amount / 2) : 0,
      created: Math.max(sub.created, invoice.created - k * (invoice.period_end - invoice.period_start)) + rng.int(0, 3600),
    });
  }
}

export function generateAccount(options: GenerateAccountOptions = {}): EmulatorState {
  const now = options.now ?? DEFAULT_NOW;
  const rng = createRng(options.seed ?? 1);
  const b = new AccountBuilder(options.state ?? { now: () => now });
  const catalog = generateCatalog(b, rng, now, { prices: options.prices ?? 260, coupons: options.coupons ?? 260 });
  let subscriptions = 0;
  for (let i = 0; i < (options.customers ?? 300); i++) {
    const currency = rng.weighted(CURRENCIES).code;
    const created = now - rng.int(1, 3 * 365) * DAY - rng.int(0, DAY - 1);
    const coupons = catalog.couponsFor(currency);
    const candidate = coupons.length > 0 && rng.chance(0.05) ? rng.pick(coupons) : null;
    const coupon = candidate && attachable(candidate, created, now, 'active') ? candidate : undefined;
    const customer = b.customer({
      created,
      name: `Customer ${i + 1}`,
      currency,
      ...(coupon ? { coupon } : {}),
      deleted: rng.chance(0.03),
    });
    const count = rng.weighted([[1, 85], [2, 10], [0, 5]] as const);
    for (let s = 0; s < count; s++) {
      const input = subscriptionInput(rng, catalog, customer, currency, subscriptions, now);
      if (!input) continue;
      subscriptions += 1;
      billingFor(b, rng, b.subscription(input));
    }
    const oneTime = catalog.oneTime.length > 0 && rng.chance(0.05) ? rng.pick(catalog.oneTime) : null;
    if (oneTime) {
      b.charge({ customer, amount: oneTime.unit_amount ?? 0, currency: oneTime.currency, created: rng.int(created, now) });
    }
  }
  return b.state;
}
