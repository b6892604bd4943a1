import type { Alert, CustomerAlertBody, LifecycleAlertBody, MovementAlertBody } from './alert-body.ts';
import type { AlertRule, LifecycleKind, LifecycleRule, MovementRule } from './alert-rules.ts';

/** What the rules' filters read besides the body; gathered only for what happened. */
export interface AlertFacts {
  /** The account's MRR in the reporting currency (minor units) as the alert is written. */
  accountMrr: number;
  /** The subscription's price, product and plan ids. */
  planIds: readonly string[];
  /** The customer's metadata, then the subscription's. */
  metadata: ReadonlyArray<Readonly<Record<string, string>>>;
}

/** Something that happened, before the rules say where it goes; its id says what and where from. */
export interface AlertSource {
  body: CustomerAlertBody;
  facts: AlertFacts;
}

/**
 * One alert per rule a happening matches, to that rule's channels. Its id is the rule's name and the
 * source's id, so deriving or receiving the same happening again finds it written.
 */
export function routeAlerts(sources: readonly AlertSource[], rules: readonly AlertRule[]): Alert[] {
  return sources.flatMap(({ body, facts }) =>
    rules
      .filter((rule) => matches(rule, body, facts))
      .map((rule) => {
        const id = `${rule.name}:${body.id}`;
        return { id, rule: rule.name, urgent: rule.urgent, channels: rule.channels, body: { ...body, id, rule: rule.name } };
      }),
  );
}

function matches(rule: AlertRule, body: CustomerAlertBody, facts: AlertFacts): boolean {
  switch (rule.kind) {
    case 'movement':
      return isMovement(body) && movementMatches(rule, body, facts);
    case 'lifecycle':
      return !isMovement(body) && lifecycleMatches(rule, body);
    default:
      return false;
  }
}

const isMovement = (body: CustomerAlertBody): body is MovementAlertBody => 'mrr_change' in body;

function movementMatches(rule: MovementRule, body: MovementAlertBody, facts: AlertFacts): boolean {
  if (body.type === 'test' || !rule.types.includes(body.type)) return false;
  // A change in a currency without a rate can't be measured: it is told rather than dropped.
  const change = body.mrr_change.reporting.amount;
  const size = change === null ? null : Math.abs(change);
  if (rule.minAmount !== undefined && size !== null && size < rule.minAmount) return false;
  if (rule.minPctOfMrr !== undefined && size !== null && facts.accountMrr > 0 && (size * 100) / facts.accountMrr < rule.minPctOfMrr) return false;
  if (rule.plans !== undefined && !rule.plans.some((plan) => facts.planIds.includes(plan))) return false;
  if (rule.customerMrr !== undefined) {
    // The customer's size around the movement: before a churn, after a new one.
    const after = body.mrr.reporting.amount;
    const customerMrr = after === null || change === null ? null : Math.max(after, after - change);
    if (customerMrr !== null && customerMrr < (rule.customerMrr.min ?? 0)) return false;
    if (customerMrr !== null && rule.customerMrr.max !== undefined && customerMrr > rule.customerMrr.max) return false;
  }
  if (rule.metadata !== undefined) {
    const pairs = Object.entries(rule.metadata);
    if (!pairs.every(([key, value]) => facts.metadata.some((metadata) => metadata[key] === value))) return false;
  }
  return true;
}

function lifecycleMatches(rule: LifecycleRule, body: LifecycleAlertBody): boolean {
  if (!rule.types.includes(body.type as LifecycleKind)) return false;
  if (body.type === 'payment_failed') return body.attempt_count >= rule.paymentFailedFromAttempt;
  // Recovered: paid after at least as many failed attempts as would have alerted.
  if (body.type === 'payment_recovered') return body.attempt_count - 1 >= rule.paymentFailedFromAttempt;
  return true;
}

/** The first failed attempt any rule alerts on; undefined when none watches payments. */
export function firstAlertedAttempt(rules: readonly AlertRule[]): number | undefined {
  const attempts = rules.filter((r): r is LifecycleRule => r.kind === 'lifecycle' && (r.types.includes('payment_failed') || r.types.includes('payment_recovered')));
  return attempts.length === 0 ? undefined : Math.min(...attempts.map((r) => r.paymentFailedFromAttempt));
}
