/**
 * Decides one generated subscription's life from its start to the account's "now": trial, billing
 * periods, plan and quantity changes at period boundaries, and how it ends up (still paying, past due,
 * churned, a lapsed trial…). Pure decisions; `write-subscription.ts` turns a story into objects.
 */
import { DAY, periodAt, shiftPeriods } from './calendar.ts';
import type { Cadence } from './generate-catalog.ts';
import { planChanges } from './plan-changes.ts';
import type { InvoiceStatus } from '../metrics/stripe-shapes.ts';
import type { Fate, ItemChange, StoryInput, SubscriptionStory } from './story-types.ts';

export const FATES: ReadonlyArray<readonly [Fate, number]> = [
  ['active', 60],
  ['past_due', 5],
  ['unpaid', 1],
  ['collection_paused', 3],
  ['churned', 11],
  ['failed_churn', 3],
  ['trial_lapsed', 3],
  ['trialing', 8],
  ['paused', 2],
  ['incomplete', 1],
  ['incomplete_expired', 1],
];
export const REACTIVATED_FATES: ReadonlyArray<readonly [Fate, number]> = [
  ['active', 80],
  ['past_due', 5],
  ['churned', 10],
  ['collection_paused', 5],
];

export const TRIAL_DAYS = 14;
const CONVERTED_TRIAL_SHARE = 0.2;
const TRIAL_FATES: readonly Fate[] = ['trialing', 'trial_lapsed', 'paused'];
const BILLED_FATES: readonly Fate[] = ['active', 'past_due', 'unpaid', 'collection_paused', 'churned', 'failed_churn'];

/** Which period (0 = the first) contains `at`. */
function periodIndexAt(anchor: number, cadence: Cadence, at: number): number {
  if (at < anchor) return 0;
  const start = periodAt(anchor, cadence.interval, cadence.count, at).start;
  const perPeriod = { day: DAY, week: 7 * DAY, month: 30.44 * DAY, year: 365.25 * DAY }[cadence.interval] * cadence.count;
  let k = Math.round((start - anchor) / perPeriod);
  while (shiftPeriods(anchor, cadence.interval, cadence.count, k) > start) k--;
  while (shiftPeriods(anchor, cadence.interval, cadence.count, k) < start) k++;
  return k;
}

const boundaryOf = (anchor: number, cadence: Cadence) => (k: number) => shiftPeriods(anchor, cadence.interval, cadence.count, k);

/** Fates that need time (a finished trial, a finished period) fall back to one that fits. */
function feasibleFate(fate: Fate, start: number, now: number, periodsBeforeNow: number): Fate {
  const trialOver = start + TRIAL_DAYS * DAY <= now;
  if ((fate === 'trial_lapsed' || fate === 'paused') && !trialOver) return 'trialing';
  if ((fate === 'churned' || fate === 'failed_churn') && periodsBeforeNow < 1) return 'active';
  if (fate === 'incomplete_expired' && start + DAY > now) return 'incomplete';
  return fate;
}

export function planStory(input: StoryInput): SubscriptionStory {
  const { rng, cadence, now } = input;
  let created =
    input.fate === 'trialing' ? now - rng.int(0, TRIAL_DAYS - 1) * DAY - rng.int(1, DAY - 1)
    : input.fate === 'incomplete' ? now - rng.int(60, DAY - 1)
    : input.start;
  const withTrial = TRIAL_FATES.includes(input.fate) || (BILLED_FATES.includes(input.fate) && rng.chance(CONVERTED_TRIAL_SHARE));
  const trialFits = created + TRIAL_DAYS * DAY <= now;
  let trialEnd = withTrial && (trialFits || input.fate === 'trialing') ? created + TRIAL_DAYS * DAY : null;
  const anchor = trialEnd ?? created;
  const boundary = boundaryOf(anchor, cadence);
  const current = periodIndexAt(anchor, cadence, now);
  const fate = feasibleFate(input.fate, created, now, trialEnd !== null && trialEnd > now ? 0 : current);
  if (fate === 'trialing' && trialEnd === null) {
    created = Math.max(created, now - (TRIAL_DAYS - 1) * DAY);
    trialEnd = created + TRIAL_DAYS * DAY;
  }
  const base = { fate, cadence, created, trialEnd, items: input.items, changes: [] as ItemChange[], cancelAtPeriodEnd: false, pauseResumesAt: null };
  const none = { billed: 0, lastInvoice: 'paid' as InvoiceStatus, counted: 0, countsNow: false };

  switch (fate) {
    case 'trialing':
      return { ...base, ...none, status: 'trialing', anchor: created, endedAt: null, canceledAt: null, currentPeriod: { start: created, end: trialEnd as number } };
    case 'trial_lapsed':
      return { ...base, ...none, status: 'canceled', anchor, endedAt: anchor, canceledAt: anchor, currentPeriod: { start: created, end: anchor } };
    case 'paused':
      return { ...base, ...none, status: 'paused', anchor, endedAt: null, canceledAt: null, currentPeriod: { start: boundary(current), end: boundary(current + 1) } };
    case 'incomplete':
      return { ...base, ...none, status: 'incomplete', anchor, endedAt: null, canceledAt: null, currentPeriod: { start: anchor, end: boundary(1) } };
    case 'incomplete_expired':
      return { ...base, ...none, billed: 1, lastInvoice: 'void', status: 'incomplete_expired', anchor, endedAt: created + DAY, canceledAt: created + DAY, currentPeriod: { start: anchor, end: boundary(1) } };
    case 'churned':
    case 'failed_churn': {
      const last = rng.int(1, current);
      const endedAt = boundary(last);
      const asked = fate === 'churned' ? Math.max(boundary(last - 1), endedAt - rng.int(1, 20) * DAY) : endedAt;
      return {
        ...base,
        changes: planChanges(input, last),
        status: 'canceled',
        anchor,
        billed: fate === 'churned' ? last : last + 1,
        lastInvoice: fate === 'churned' ? 'paid' : rng.chance(0.5) ? 'void' : 'uncollectible',
        counted: last,
        countsNow: false,
        endedAt,
        canceledAt: asked,
        currentPeriod: { start: boundary(last - 1), end: endedAt },
      };
    }
    default: {
      const lastInvoice: InvoiceStatus =
        fate === 'past_due' ? 'open' : fate === 'unpaid' ? 'uncollectible' : fate === 'collection_paused' ? 'void' : 'paid';
      const countsNow = fate === 'active' || fate === 'past_due';
      return {
        ...base,
        changes: planChanges(input, current + 1),
        status: fate === 'past_due' || fate === 'unpaid' ? fate : 'active',
        anchor,
        billed: current + 1,
        lastInvoice,
        counted: countsNow ? current + 1 : current,
        countsNow,
        endedAt: null,
        canceledAt: null,
        cancelAtPeriodEnd: fate === 'active' && rng.chance(0.06),
        pauseResumesAt: fate === 'collection_paused' ? now + rng.int(7, 60) * DAY : null,
        currentPeriod: { start: boundary(current), end: boundary(current + 1) },
      };
    }
  }
}
