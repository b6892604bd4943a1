/**
 * The generated account's catalog: prices over several currencies (one zero-decimal) and billing
 * cadences, in every pricing model the metrics must handle, and coupons of every duration and kind.
 */
import type { StripeCoupon, StripePrice } from '../metrics/stripe-shapes.ts';
import type { AccountBuilder, PriceInput } from './account-builder.ts';
import { DAY, type Interval } from './calendar.ts';
import type { Rng } from './prng.ts';

export interface Currency {
  code: string;
  /** Minor units per US cent, roughly; jpy has no minor unit, so ¥1,350 ≈ $9.00 is 1350. */
  perCent: number;
}

export const CURRENCIES: ReadonlyArray<readonly [Currency, number]> = [
  [{ code: 'usd', perCent: 1 }, 55],
  [{ code: 'eur', perCent: 1 }, 25],
  [{ code: 'gbp', perCent: 0.8 }, 10],
  [{ code: 'jpy', perCent: 1.5 }, 10],
];

export interface Cadence {
  interval: Interval;
  count: number;
  /** Price of this cadence relative to one month. */
  months: number;
}

export const CADENCES: ReadonlyArray<readonly [Cadence, number]> = [
  [{ interval: 'month', count: 1, months: 1 }, 60],
  [{ interval: 'year', count: 1, months: 10 }, 20],
  [{ interval: 'month', count: 3, months: 3 }, 12],
  [{ interval: 'week', count: 1, months: 0.25 }, 8],
];

export type PriceKind = 'flat' | 'per_seat' | 'tiered' | 'packaged' | 'metered' | 'fractional';

export interface CatalogPrice {
  price: StripePrice;
  kind: PriceKind;
}

export interface Catalog {
  /** Active recurring prices by `currency:interval:count`; a subscription draws its items from one key. */
  recurring: Map<string, CatalogPrice[]>;
  oneTime: StripePrice[];
  /** Valid coupons usable in a currency: all percent-off ones plus that currency's amount-off ones. */
  couponsFor: (currency: string) => StripeCoupon[];
}

export const catalogKey = (currency: string, cadence: Cadence) => `${currency}:${cadence.interval}:${cadence.count}`;

const MONTHLY_BASE_CENTS = [900, 1900, 2900, 4900, 9900, 19900, 49900];
const KINDS: ReadonlyArray<readonly [PriceKind, number]> = [
  ['flat', 45],
  ['per_seat', 20],
  ['tiered', 12],
  ['packaged', 7],
  ['metered', 10],
  ['fractional', 6],
];
// Fractional unit prices leave fractions of a minor unit, which invoice lines round away.
const EXACT_KINDS = KINDS.filter(([kind]) => kind !== 'fractional');
const ONE_TIME_EVERY = 13;

/**
 * With exact amounts every recurring amount is a multiple of this many minor units, so that any one
 * percent_off coupon of the catalog takes a whole number of them (12.5% needs 8, 15% needs 20).
 */
export const EXACT_GRANULE = 40;

function priceInput(rng: Rng, kind: PriceKind, currency: Currency, cadence: Cadence, exact: boolean): PriceInput {
  const step = exact ? EXACT_GRANULE : 1;
  const whole = (amount: number) => Math.max(step, Math.round(amount / step) * step);
  const base = whole(rng.pick(MONTHLY_BASE_CENTS) * cadence.months * currency.perCent);
  const common = { currency: currency.code, interval: cadence.interval, intervalCount: cadence.count };
  switch (kind) {
    case 'flat':
    case 'per_seat':
      return { ...common, unitAmount: base };
    case 'tiered': {
      const unit = whole(base / 10);
      return {
        ...common,
        tiersMode: rng.chance(0.5) ? 'graduated' : 'volume',
        tiers: [
          { upTo: 10, unitAmount: unit, flatAmount: rng.chance(0.5) ? base : null },
          { upTo: 100, unitAmount: whole(unit * 0.8) },
          { upTo: null, unitAmount: whole(unit * 0.6) },
        ],
      };
    }
    case 'packaged':
      return { ...common, unitAmount: base, transformQuantity: { divideBy: 10, round: rng.chance(0.7) ? 'up' : 'down' } };
    case 'metered': {
      const unit = rng.pick(['0.5', '2', '12.5', '25']);
      return { ...common, usageType: 'metered', unitAmountDecimal: exact ? String(whole(Number(unit))) : unit };
    }
    case 'fractional':
      return { ...common, unitAmountDecimal: `${base - 1}.5` };
  }
}

export interface CatalogOptions {
  prices: number;
  coupons: number;
  /** Recurring amounts in whole EXACT_GRANULEs and no fractional prices (see `exactInvoices`). */
  exact: boolean;
}

export function generateCatalog(b: AccountBuilder, rng: Rng, now: number, options: CatalogOptions): Catalog {
  const combos = CURRENCIES.flatMap(([currency]) => CADENCES.map(([cadence]) => ({ currency, cadence })));
  const recurring = new Map<string, CatalogPrice[]>();
  const oneTime: StripePrice[] = [];
  for (let i = 0; i < options.prices; i++) {
    const created = now - rng.int(3 * 365, 6 * 365) * DAY;
    const combo = combos[i % combos.length];
    if (!combo) throw new Error('no currency/cadence combinations');
    if (i % ONE_TIME_EVERY === ONE_TIME_EVERY - 1) {
      const amount = Math.round(rng.pick(MONTHLY_BASE_CENTS) * 5 * combo.currency.perCent);
      oneTime.push(b.price({ currency: combo.currency.code, unitAmount: amount, interval: null, created }));
      continue;
    }
    const kind = rng.weighted(options.exact ? EXACT_KINDS : KINDS);
    const active = rng.chance(0.95);
    const price = b.price({ ...priceInput(rng, kind, combo.currency, combo.cadence, options.exact), active, created });
    if (!active) continue;
    const key = catalogKey(combo.currency.code, combo.cadence);
    const list = recurring.get(key) ?? [];
    list.push({ price, kind });
    recurring.set(key, list);
  }

  const percentOff: StripeCoupon[] = [];
  const amountOff: StripeCoupon[] = [];
  for (let i = 0; i < options.coupons; i++) {
    const duration = rng.weighted([['forever', 40], ['once', 30], ['repeating', 30]] as const);
    const valid = rng.chance(0.9);
    const created = now - rng.int(2 * 365, 5 * 365) * DAY;
    const durationInMonths = rng.pick([3, 6, 12]);
    if (rng.chance(0.7)) {
      const coupon = b.coupon({ percentOff: rng.pick([10, 12.5, 15, 20, 25, 30, 50]), duration, durationInMonths, valid, created });
      if (valid) percentOff.push(coupon);
    } else {
      const currency = rng.weighted(CURRENCIES);
      const amount = Math.round(rng.pick([500, 1000, 2500]) * currency.perCent);
      const coupon = b.coupon({ amountOff: amount, currency: currency.code, duration, durationInMonths, valid, created });
      if (valid) amountOff.push(coupon);
    }
  }
  const usable = new Map(
    CURRENCIES.map(([{ code }]) => [code, [...percentOff, ...amountOff.filter((c) => c.currency === code)]]),
  );
  return { recurring, oneTime, couponsFor: (currency) => usable.get(currency) ?? percentOff };
}
