// The metrics engine's public surface: pure functions from Stripe-shaped state to numbers, no I/O.
export type { DiscountPolicy, PricingContext } from './pricing-context.ts';
export { subscriptionContribution, type Contribution } from './subscription-contribution.ts';
export { chargeNetRevenue } from './charge-net-revenue.ts';
export { countCustomers } from './customers-total.ts';
export { convertTotal, type RatesConfig } from './currency-conversion.ts';
export { toSnapshot, type RevenueSums, type Snapshot } from './snapshot.ts';
export { buildSnapshot } from './build-snapshot.ts';
export { RevenueDelta, type ChargeRevenue, type CountedMrr } from './revenue-delta.ts';
export { currencyDecimals, toMajorString, toMajorUnits } from './currency.ts';
export { parseExchangeRates } from './exchange-rates.ts';
export { figureChange, revenueChange, type FigureChange } from './headline-changes.ts';
