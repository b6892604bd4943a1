import type { AtRiskSource } from '../alerts/digest-body.ts';
import type { Queryable } from './database.ts';

export interface FailedPaymentRow {
  kind: 'charge' | 'invoice';
  id: string;
  customerId: string | null;
  created: number;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  invoiceId: string | null;
  reason: string | null;
  name: string | null;
  email: string | null;
}

export interface EndingTrialRow {
  subscriptionId: string;
  customerId: string | null;
  trialEnd: number;
  cancelAtPeriodEnd: boolean;
  name: string | null;
  email: string | null;
}

/** A subscription at risk, as a digest reads it. */
export type AtRiskRow = AtRiskSource;

const CUSTOMER = `left join stripe_objects c on c.type = 'customer' and c.id = x.customer_id`;

/** What needs someone's attention: failed payments and trials about to end, read from Stripe's stored objects. */
export function attentionRepository(db: Queryable) {
  return {
    /**
     * Charges that failed in (since, now], newest first, and the invoices created then whose payment was
     * attempted and failed without a failed charge stored (Stripe makes none when there is no card to try).
     */
    async failedPayments(since: number, now: number): Promise<FailedPaymentRow[]> {
      return db.query<FailedPaymentRow>(
        `with charges as (
           select id, customer_id, created, data from stripe_objects
           where type = 'charge' and not deleted and created > $1 and created <= $2 and data->>'status' = 'failed'
         ), invoices as (
           select id, customer_id, created, data from stripe_objects
           where type = 'invoice' and not deleted and created > $1 and created <= $2
             and data->>'status' in ('open', 'uncollectible') and (data->>'attempted')::boolean
             and id not in (select data->>'invoice' from charges where data->>'invoice' is not null)
         )
         select x.kind, x.id, x.customer_id as "customerId", x.created, x.amount, x.currency, x.invoice_id as "invoiceId", x.reason,
                c.data->>'name' as name, c.data->>'email' as email
         from (
           select 'charge' as kind, id, customer_id, created, (data->>'amount')::bigint as amount, data->>'currency' as currency,
                  data->>'invoice' as invoice_id, coalesce(data->>'failure_message', data->>'failure_code') as reason
           from charges
           union all
           select 'invoice', id, customer_id, created, (data->>'amount_remaining')::bigint, data->>'currency', id,
                  data->'last_finalization_error'->>'message'
           from invoices
         ) x ${CUSTOMER}
         order by x.created desc, x.id`,
        [since, now],
      );
    },

    /**
     * Subscriptions past due or unpaid, and those set to end (at a date or their period's end), with the
     * MRR each holds. Read once per digest.
     */
    async atRisk(): Promise<AtRiskRow[]> {
      return db.query<AtRiskRow>(
        `select x.id as "subscriptionId", x.customer_id as "customerId", x.data->>'status' as status,
                case when x.data->>'cancel_at' is not null then (x.data->>'cancel_at')::bigint
                     when coalesce((x.data->>'cancel_at_period_end')::boolean, false) then (x.data->'items'->'data'->0->>'current_period_end')::bigint
                end as "cancelAt",
                r.mrr, r.currency, c.data->>'name' as name, c.data->>'email' as email
         from (select id, customer_id, data from stripe_objects
               where type = 'subscription' and not deleted
                 and (data->>'status' in ('past_due', 'unpaid')
                      or (data->>'status' not in ('canceled', 'incomplete_expired')
                          and (data->>'cancel_at' is not null or coalesce((data->>'cancel_at_period_end')::boolean, false))))) x
         left join revenue_subscriptions r on r.subscription_id = x.id
         ${CUSTOMER}
         order by r.mrr desc nulls last, x.id`,
      );
    },

    /** Subscriptions still trialing whose trial ends in [now, until], soonest first. */
    async trialsEnding(now: number, until: number): Promise<EndingTrialRow[]> {
      return db.query<EndingTrialRow>(
        `select x.id as "subscriptionId", x.customer_id as "customerId", (x.data->>'trial_end')::bigint as "trialEnd",
                coalesce((x.data->>'cancel_at_period_end')::boolean, false) as "cancelAtPeriodEnd",
                c.data->>'name' as name, c.data->>'email' as email
         from (select id, customer_id, data from stripe_objects
               where type = 'subscription' and not deleted and data->>'status' = 'trialing'
                 and (data->>'trial_end')::bigint between $1 and $2) x ${CUSTOMER}
         order by "trialEnd", x.id`,
        [now, until],
      );
    },
  };
}
