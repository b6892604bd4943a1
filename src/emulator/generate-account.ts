/**
 * A varied, deterministic Stripe account from a seed: the same options always give the same objects
 * and ids. By default it looks like an 18-month-old business: a few hundred customers who signed up
 * across those months, each subscription invoiced period by period since it started, with trials that
 * convert or lapse, upgrades and downgrades, failed payments, churn and reactivation. Every decision
 * is also written to `state.plan`, from which `expected-mrr.ts` computes the MRR at any instant.
 * Linear in `customers`; for huge benchmark accounts `invoiceHistory: 'latest'` skips past invoices.
 */
import type { StripeCoupon, StripeCustomer } from '../metrics/stripe-shapes.ts';
import { AccountBuilder } from './account-builder.ts';
import { DAY, shiftPeriods } from './calendar.ts';
import { CADENCES, catalogKey, CURRENCIES, generateCatalog, type Catalog, type CatalogPrice } from './generate-catalog.ts';
import { plannedDiscount } from './mrr-plan.ts';
import { createRng, type Rng } from './prng.ts';
import type { EmulatorState } from './state.ts';
import type { Fate, StoryItem, SubscriptionStory } from './story-types.ts';
import { FATES, planStory, REACTIVATED_FATES } from './subscription-story.ts';
import { writeSubscription, type InvoiceHistory } from './write-subscription.ts';

export interface GenerateAccountOptions {
  seed?: number;
  customers?: number;
  /** Unix seconds the account is "as of"; fixed by default so runs agree. */
  now?: number;
  prices?: number;
  coupons?: number;
  /** Fill this state instead of a new one (its clock should agree with `now`). */
  state?: EmulatorState;
  /**
   * 'full': an invoice for every billed period; 'latest': only each subscription's last, which keeps
   * benchmark-sized accounts fast and small. Defaults to 'full' up to 20,000 customers, else 'latest'.
   */
  invoiceHistory?: InvoiceHistory;
  /**
   * Invoices that round nothing: recurring amounts in whole `EXACT_GRANULE`s, no fractional prices, and
   * no item discount under a subscription-level percent_off. Stripe rounds each line and discount
   * amount, so MRR read back from invoices (rule 10) may otherwise miss the plan's exact MRR by a few
   * minor units; with this it equals `expected-mrr.ts` at every instant, and a test can demand that.
   */
  exactInvoices?: boolean;
}

/** 2026-11-01T00:00:00Z */
export const DEFAULT_NOW = 1_793_491_200;
export const HISTORY_DAYS = 548;

/** Every this-many subscriptions one gets more than the 10 items Stripe embeds. */
const LARGE_SUBSCRIPTION_EVERY = 53;
const REACTIVATION_SHARE = 0.4;
const FULL_HISTORY_UP_TO = 20_000;

interface Generator {
  b: AccountBuilder;
  rng: Rng;
  now: number;
  catalog: Catalog;
  history: InvoiceHistory;
  exact: boolean;
  subscriptions: number;
}

function quantityFor(rng: Rng, entry: CatalogPrice): number | undefined {
  if (entry.kind === 'per_seat') return rng.int(2, 50);
  if (entry.kind === 'tiered') return rng.int(1, 200);
  if (entry.kind === 'packaged') return rng.int(1, 100);
  return undefined;
}

function pickItems(rng: Rng, choices: readonly CatalogPrice[], count: number): StoryItem[] {
  const pool = [...choices];
  const items: StoryItem[] = [];
  // Partial Fisher-Yates: distinct prices, since Stripe allows a price once per subscription.
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = rng.int(i, pool.length - 1);
    const entry = pool[j] as CatalogPrice;
    pool[j] = pool[i] as CatalogPrice;
    const quantity = quantityFor(rng, entry);
    items.push({ price: entry.price, ...(quantity === undefined ? {} : { quantity }), coupons: [] });
  }
  return items;
}

/** Coupons whose discount Stripe would already have dropped are not attached. */
function attachable(coupon: StripeCoupon, start: number, now: number, fate: Fate): boolean {
  if (coupon.duration === 'once') return fate === 'trialing';
  if (coupon.duration === 'repeating') return shiftPeriods(start, 'month', 1, coupon.duration_in_months ?? 0) > now;
  return true;
}

/** Whether a percent_off discount applies at subscription level: its own, or else the customer's. */
function percentOffFollows(g: Generator, customer: StripeCustomer, subCoupons: readonly StripeCoupon[]): boolean {
  const customerDiscount = customer.discount ? plannedDiscount(g.b.state, customer.discount) : null;
  const level = subCoupons.length > 0 ? subCoupons : customerDiscount ? [customerDiscount.coupon] : [];
  return level.some((coupon) => coupon.percent_off !== null);
}

function subscriptionFor(g: Generator, customer: StripeCustomer, currency: string, fate: Fate, start: number): SubscriptionStory | null {
  const { rng, now, catalog } = g;
  const cadence = rng.weighted(CADENCES);
  const choices = catalog.recurring.get(catalogKey(currency, cadence)) ?? [];
  if (choices.length === 0) return null;
  const large = g.subscriptions % LARGE_SUBSCRIPTION_EVERY === 7;
  g.subscriptions += 1;
  const count = large ? rng.int(11, 15) : rng.weighted([[1, 70], [2, 20], [3, 10]] as const);
  const items = pickItems(rng, choices, count);
  let story = planStory({ rng, fate, cadence, start, now, items, choices });
  if (customer.deleted && story.status !== 'canceled') story = planStory({ rng, fate: 'trial_lapsed', cadence, start, now, items, choices });
  const coupons = catalog.couponsFor(currency);
  const pickCoupon = () => {
    const coupon = coupons.length > 0 ? rng.pick(coupons) : null;
    return coupon && attachable(coupon, story.created, now, story.fate) ? [coupon] : [];
  };
  // Item coupons are forever ones: a once/repeating item discount under a subscription discount would
  // make MRR read back from invoices differ from the subscription's by more than rounding.
  for (const item of items) item.coupons = rng.chance(0.03) ? pickCoupon().filter((c) => c.duration === 'forever') : [];
  const subCoupons = rng.chance(0.1) ? pickCoupon() : [];
  // What an item discount leaves need not be whole EXACT_GRANULEs, so a percent_off on it could take a fraction.
  if (g.exact && percentOffFollows(g, customer, subCoupons)) for (const item of items) item.coupons = [];
  writeSubscription({ b: g.b, rng, now, history: g.history }, customer, story, subCoupons);
  return story;
}

function customerFor(g: Generator, index: number): void {
  const { rng, now, catalog } = g;
  const currency = rng.weighted(CURRENCIES).code;
  const deleted = rng.chance(0.03);
  // Deleted customers had time to churn first.
  const created = now - rng.int(deleted ? 30 : 0, HISTORY_DAYS) * DAY - rng.int(0, DAY - 1);
  const coupons = catalog.couponsFor(currency);
  const candidate = coupons.length > 0 && rng.chance(0.05) ? rng.pick(coupons) : null;
  const coupon = candidate && attachable(candidate, created, now, 'active') ? candidate : undefined;
  const customer = g.b.customer({ created, name: `Customer ${index + 1}`, currency, ...(coupon ? { coupon } : {}), deleted });
  const count = rng.weighted([[1, 85], [2, 10], [0, 5]] as const);
  for (let s = 0; s < count; s++) {
    const start = s === 0 ? Math.min(now, created + rng.int(0, 3 * DAY)) : rng.int(created, now);
    const fate = deleted ? 'churned' : rng.weighted(FATES);
    const story = subscriptionFor(g, customer, currency, fate, start);
    // A customer who left may come back on a new subscription.
    if (story?.fate === 'churned' && !deleted && story.endedAt !== null && rng.chance(REACTIVATION_SHARE)) {
      const back = story.endedAt + rng.int(20, 120) * DAY;
      if (back < now - DAY) subscriptionFor(g, customer, currency, rng.weighted(REACTIVATED_FATES), back);
    }
  }
  const oneTime = catalog.oneTime.length > 0 && rng.chance(0.05) ? rng.pick(catalog.oneTime) : null;
  if (oneTime) {
    g.b.charge({ customer, amount: oneTime.unit_amount ?? 0, currency: oneTime.currency, created: rng.int(created, now) });
  }
}

export function generateAccount(options: GenerateAccountOptions = {}): EmulatorState {
  const now = options.now ?? DEFAULT_NOW;
  const rng = createRng(options.seed ?? 1);
  const b = new AccountBuilder(options.state ?? { now: () => now });
  const exact = options.exactInvoices ?? false;
  const catalog = generateCatalog(b, rng, now, { prices: options.prices ?? 260, coupons: options.coupons ?? 260, exact });
  const customers = options.customers ?? 300;
  const history = options.invoiceHistory ?? (customers <= FULL_HISTORY_UP_TO ? 'full' : 'latest');
  const g: Generator = { b, rng, now, catalog, history, exact, subscriptions: 0 };
  for (let i = 0; i < customers; i++) customerFor(g, i);
  return b.state;
}
