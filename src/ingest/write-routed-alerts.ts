import type { CustomerAlertBody } from '../alerts/alert-body.ts';
import { routeAlerts, type AlertFacts } from '../alerts/route-alerts.ts';
import { alertOutboxRepository } from '../store/alert-outbox-repository.ts';
import { alertRuleStateRepository } from '../store/alert-rule-state-repository.ts';
import type { Queryable } from '../store/database.ts';
import { objectsRepository } from '../store/objects-repository.ts';
import type { AlertSettings } from './derivation-context.ts';

/** The parts of stored customers and subscriptions that rules filter on (metadata is not in our shapes). */
export interface WithMetadata {
  metadata?: Record<string, string> | null;
}
interface SubscriptionPlans extends WithMetadata {
  items?: { data?: Array<{ price?: { id?: string; product?: string } | null; plan?: { id?: string; product?: string } | null }> };
}

const planIds = (subscription: SubscriptionPlans | undefined) =>
  (subscription?.items?.data ?? []).flatMap((item) =>
    [item.price?.id, item.price?.product, item.plan?.id, item.plan?.product].filter((id): id is string => typeof id === 'string'),
  );

/**
 * Routes what happened through the rules (but those paused) and writes the alerts they make, in the
 * caller's transaction. The customers and subscriptions behind them are read only for what happened, and
 * customers the caller has read already (`customers`) are not read again.
 */
export async function writeRoutedAlerts(
  tx: Queryable,
  bodies: readonly CustomerAlertBody[],
  settings: AlertSettings,
  customersRead: ReadonlyMap<string, WithMetadata> = new Map(),
): Promise<void> {
  if (bodies.length === 0) return;
  const paused = await alertRuleStateRepository(tx).paused();
  const rules = settings.rules.filter((rule) => !paused.has(rule.name));
  if (rules.length === 0) return;
  const objects = objectsRepository(tx);
  const ids = (pick: (body: CustomerAlertBody) => string | null | undefined) => [...new Set(bodies.map(pick).filter((id): id is string => typeof id === 'string'))];
  const unread = ids((b) => b.customer?.id).filter((id) => !customersRead.has(id));
  const customers = new Map([...customersRead, ...(await objects.getMany<WithMetadata>('customer', unread)).map((r) => [r.id, r.data] as const)]);
  const subscriptions = new Map((await objects.getMany<SubscriptionPlans>('subscription', ids((b) => b.subscription_id))).map((r) => [r.id, r.data]));
  const accountMrr = settings.accountMrr();
  const sources = bodies.map((body) => {
    const subscription = body.subscription_id === null ? undefined : subscriptions.get(body.subscription_id);
    const customer = body.customer === null ? undefined : customers.get(body.customer.id);
    const facts: AlertFacts = {
      accountMrr,
      planIds: planIds(subscription),
      metadata: [customer?.metadata ?? {}, subscription?.metadata ?? {}],
    };
    return { body, facts };
  });
  await alertOutboxRepository(tx).add(routeAlerts(sources, rules));
}
