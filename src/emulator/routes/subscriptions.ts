/**
 * GET /v1/subscriptions, /v1/subscriptions/:id and /v1/subscription_items?subscription=… — the last
 * is how a sync reads the items beyond the 10 a subscription embeds.
 */
import type { FastifyInstance } from 'fastify';
import type { StripeSubscription, StripeSubscriptionItem, SubscriptionStatus } from '../../metrics/stripe-shapes.ts';
import { arraySource } from '../collection.ts';
import { invalidRequest, resourceMissing } from '../errors.ts';
import { optionalString } from '../list-params.ts';
import { renderSubscription, renderSubscriptionItem } from '../render.ts';
import { registerList, registerRetrieve } from '../route-kit.ts';
import type { EmulatorState } from '../state.ts';

const STATUSES: readonly SubscriptionStatus[] = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
];
const ENDED: readonly SubscriptionStatus[] = ['canceled', 'incomplete_expired'];
const EXPANDABLE = ['discounts', 'items.data.discounts'];

/** Without `status`, Stripe leaves out subscriptions that have ended. */
function statusFilter(raw: string | null): (sub: StripeSubscription) => boolean {
  if (raw === null) return (sub) => !ENDED.includes(sub.status);
  if (raw === 'all') return () => true;
  if (raw === 'ended') return (sub) => ENDED.includes(sub.status);
  if ((STATUSES as readonly string[]).includes(raw)) return (sub) => sub.status === raw;
  throw invalidRequest(`Invalid status: must be one of ${[...STATUSES, 'ended', 'all'].join(', ')}`, 'status');
}

export function registerSubscriptionRoutes(app: FastifyInstance, state: EmulatorState): void {
  registerList<StripeSubscription>(app, state, {
    path: '/v1/subscriptions',
    objectName: 'subscription',
    params: { extra: ['customer', 'price', 'status'], created: true },
    expandable: EXPANDABLE,
    source: (ctx) => ctx.state.collection('subscription').newestFirst(),
    filter: ({ query }) => {
      const customer = optionalString(query, 'customer');
      const price = optionalString(query, 'price');
      const status = statusFilter(optionalString(query, 'status'));
      return (sub) =>
        status(sub) &&
        (customer === null || sub.customer === customer) &&
        (price === null || sub.items.data.some((item) => item.price.id === price));
    },
    render: renderSubscription,
  });
  registerRetrieve<StripeSubscription>(app, state, {
    path: '/v1/subscriptions/:id',
    objectName: 'subscription',
    expandable: EXPANDABLE,
    find: (s, id) => s.get('subscription', id),
    render: renderSubscription,
  });
  registerList<StripeSubscriptionItem>(app, state, {
    path: '/v1/subscription_items',
    objectName: 'subscription_item',
    params: { extra: ['subscription'], created: false },
    expandable: ['discounts'],
    source: ({ state: s, query }) => {
      const id = optionalString(query, 'subscription');
      if (id === null) throw invalidRequest('Missing required param: subscription.', 'subscription');
      const sub = s.get('subscription', id);
      if (!sub) throw resourceMissing('subscription', id, 'subscription');
      return arraySource(sub.items.data);
    },
    render: renderSubscriptionItem,
  });
}
