/**
 * Builds customers and subscriptions. Periods follow the first item's interval from the trial end (or
 * start), as of the state's clock, or as of `ended_at` for subscriptions that ended.
 */
import type {
  StripeCustomer,
  StripeSubscription,
  StripeSubscriptionItem,
  SubscriptionStatus,
} from '../metrics/stripe-shapes.ts';
import { buildDiscount } from './build-catalog.ts';
import type { CustomerInput, SubscriptionInput, SubscriptionItemInput } from './builder-inputs.ts';
import { DAY, periodAt } from './calendar.ts';
import type { EmulatorState } from './state.ts';

const ENDED: readonly SubscriptionStatus[] = ['canceled', 'incomplete_expired'];

export const idOf = (ref: string | { id: string }): string => (typeof ref === 'string' ? ref : ref.id);

export function buildCustomer(state: EmulatorState, input: CustomerInput): StripeCustomer {
  const id = state.ids.next('cus');
  const created = input.created ?? state.now();
  const customer = state.add('customer', {
    id,
    object: 'customer',
    created,
    email: input.email === undefined ? `${id}@example.com` : input.email,
    name: input.name ?? null,
    currency: input.currency ?? null,
    discount: input.coupon ? buildDiscount(state, { coupon: input.coupon, customer: id, start: created }) : null,
  });
  if (!input.deleted) return customer;
  state.delete('customer', id);
  return state.get('customer', id) ?? customer;
}

interface ItemContext {
  subscription: string;
  customer: string;
  created: number;
  period: { start: number; end: number };
}

function buildItem(state: EmulatorState, ctx: ItemContext, input: SubscriptionItemInput): StripeSubscriptionItem {
  const id = state.ids.next('si');
  const metered = input.price.recurring?.usage_type === 'metered';
  return {
    id,
    object: 'subscription_item',
    subscription: ctx.subscription,
    created: ctx.created,
    price: input.price,
    quantity: metered ? null : (input.quantity ?? 1),
    discounts: (input.coupons ?? []).map(
      (coupon) =>
        buildDiscount(state, { coupon, customer: ctx.customer, subscription: ctx.subscription, subscriptionItem: id, start: ctx.created }).id,
    ),
    tax_rates: [],
    current_period_start: ctx.period.start,
    current_period_end: ctx.period.end,
  };
}

export function buildSubscription(state: EmulatorState, input: SubscriptionInput): StripeSubscription {
  const recurring = input.items[0]?.price.recurring;
  if (!recurring) throw new Error('a subscription needs at least one recurring item');
  const now = state.now();
  const id = state.ids.next('sub');
  const customer = idOf(input.customer);
  const created = input.created ?? now;
  const trialEnd = input.trialDays ? created + input.trialDays * DAY : null;
  const status = input.status ?? (trialEnd !== null && trialEnd > now ? 'trialing' : 'active');
  const endedAt = ENDED.includes(status) ? (input.endedAt ?? now) : null;
  const period =
    input.currentPeriod ??
    (status === 'trialing' && trialEnd !== null
      ? { start: created, end: trialEnd }
      : periodAt(trialEnd ?? created, recurring.interval, recurring.interval_count, Math.min(now, endedAt ?? now)));
  const ctx: ItemContext = { subscription: id, customer, created, period };
  const items = input.items.map((item) => buildItem(state, ctx, item));
  return state.add('subscription', {
    id,
    object: 'subscription',
    customer,
    currency: input.items[0]?.price.currency ?? 'usd',
    status,
    created,
    start_date: created,
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    cancel_at: input.cancelAtPeriodEnd ? period.end : null,
    canceled_at: endedAt === null ? null : (input.canceledAt ?? endedAt),
    ended_at: endedAt,
    trial_start: trialEnd === null ? null : created,
    trial_end: trialEnd,
    pause_collection: input.pauseCollection
      ? { behavior: input.pauseCollection.behavior, resumes_at: input.pauseCollection.resumesAt }
      : null,
    discounts: (input.coupons ?? []).map(
      (coupon) => buildDiscount(state, { coupon, customer, subscription: id, start: created }).id,
    ),
    default_tax_rates: [],
    items: {
      object: 'list',
      data: items,
      has_more: false,
      total_count: items.length,
      url: `/v1/subscription_items?subscription=${id}`,
    },
  });
}
