import type { RatesConfig } from '../index.ts';
import { classifyMovement, type MovementKind } from './classify-movement.ts';
import { Exact } from './exact-decimal.ts';
import type { MrrInterval } from './mrr-interval.ts';
import { reportingFactor } from './reporting-factors.ts';

/** One customer's net change at one instant, classified once (rule 11). */
export interface CustomerChange {
  at: number;
  customer: number;
  kind: MovementKind;
  payingBefore: boolean;
  payingAfter: boolean;
  /** Parallel arrays: currency index → net change in that currency's minor units (never 0). */
  currencies: number[];
  amounts: number[];
}

/** Intervals turned into a time-ordered list of customer changes: what every series and summary sweeps. */
export interface Ledger {
  currencies: string[];
  factors: Array<Exact | undefined>;
  changes: CustomerChange[];
}

// Parallel arrays rather than Maps: a customer has one or two currencies, and a sweep over hundreds of
// thousands of changes is dominated by Map allocation otherwise.
interface CustomerState {
  currencies: number[];
  totals: number[];
  everPaid: boolean;
}

function addTo(currencies: number[], amounts: number[], currency: number, amount: number): void {
  const k = currencies.indexOf(currency);
  if (k === -1) {
    currencies.push(currency);
    amounts.push(amount);
  } else {
    amounts[k]! += amount;
  }
}

function indexOf(index: Map<string, number>, key: string): number {
  let i = index.get(key);
  if (i === undefined) index.set(key, (i = index.size));
  return i;
}

const isPaying = (totals: readonly number[]): boolean => totals.some((amount) => amount > 0);

/**
 * The sign of the change in the customer's converted total. Only the currencies that changed matter,
 * and with one of them (the usual case) a positive rate keeps the native sign, with no decimals.
 */
function direction(currencies: readonly number[], amounts: readonly number[], factors: ReadonlyArray<Exact | undefined>): number {
  if (currencies.length === 1) return factors[currencies[0]!] === undefined ? 0 : Math.sign(amounts[0]!);
  let sum = new Exact(0);
  currencies.forEach((currency, k) => {
    const factor = factors[currency];
    if (factor !== undefined) sum = sum.plus(factor.times(amounts[k]!));
  });
  return sum.comparedTo(0);
}

export function buildLedger(intervals: readonly MrrInterval[], rates: RatesConfig): Ledger {
  const currencyIndex = new Map<string, number>();
  const customerIndex = new Map<string, number>();
  const n = intervals.length * 2;
  const at = new Float64Array(n);
  const customer = new Int32Array(n);
  const currency = new Int32Array(n);
  const delta = new Float64Array(n);
  let count = 0;
  const push = (t: number, cust: number, cur: number, amount: number): void => {
    at[count] = t;
    customer[count] = cust;
    currency[count] = cur;
    delta[count++] = amount;
  };
  for (const interval of intervals) {
    if (!Number.isSafeInteger(interval.mrr) || interval.mrr < 0) throw new RangeError(`interval of ${interval.subscriptionId} has mrr ${interval.mrr}`);
    if (interval.mrr === 0) continue;
    const cust = indexOf(customerIndex, interval.customerId);
    const cur = indexOf(currencyIndex, interval.currency);
    push(interval.start, cust, cur, interval.mrr);
    if (interval.end !== null) push(interval.end, cust, cur, -interval.mrr);
  }
  // Sorted once: by instant, then customer, so each customer's simultaneous changes form one group.
  const order = new Uint32Array(count).map((_, i) => i);
  order.sort((a, b) => at[a]! - at[b]! || customer[a]! - customer[b]!);

  const currencies = [...currencyIndex.keys()];
  const factors = currencies.map((code) => reportingFactor(code, rates));
  const states: CustomerState[] = Array.from({ length: customerIndex.size }, () => ({ currencies: [], totals: [], everPaid: false }));
  const changes: CustomerChange[] = [];
  for (let i = 0; i < count; ) {
    const t = at[order[i]!]!;
    const cust = customer[order[i]!]!;
    const netCurrencies: number[] = [];
    const netAmounts: number[] = [];
    for (; i < count && at[order[i]!] === t && customer[order[i]!] === cust; i++) {
      const e = order[i]!;
      addTo(netCurrencies, netAmounts, currency[e]!, delta[e]!);
    }
    const currenciesChanged = netCurrencies.filter((_, k) => netAmounts[k] !== 0);
    const amounts = netAmounts.filter((amount) => amount !== 0);
    if (amounts.length === 0) continue; // e.g. one subscription ends as another starts with the same amount
    const state = states[cust]!;
    const payingBefore = isPaying(state.totals);
    currenciesChanged.forEach((cur, k) => addTo(state.currencies, state.totals, cur, amounts[k]!));
    const payingAfter = isPaying(state.totals);
    const kind = classifyMovement(payingBefore, payingAfter, state.everPaid, direction(currenciesChanged, amounts, factors));
    state.everPaid ||= payingAfter;
    changes.push({ at: t, customer: cust, kind, payingBefore, payingAfter, currencies: currenciesChanged, amounts });
  }
  return { currencies, factors, changes };
}
