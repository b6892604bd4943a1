import type { Queryable } from './database.ts';

/** A subscription's current contribution and its place in time, as history reads it. */
export interface SubscriptionRevenueRow {
  subscriptionId: string;
  customerId: string;
  currency: string;
  /** Null: left out, it could not be priced. */
  mrr: number | null;
  scheduledChurn: boolean;
  startDate: number;
  currentPeriodStart: number | null;
  endedAt: number | null;
  trialStart: number | null;
  trialEnd: number | null;
  nextChange: number | null;
}

const COLUMNS = `subscription_id as "subscriptionId", customer_id as "customerId", currency, mrr, scheduled_churn as "scheduledChurn",
  start_date as "startDate", current_period_start as "currentPeriodStart", ended_at as "endedAt", trial_start as "trialStart",
  trial_end as "trialEnd", next_change as "nextChange"`;

export function revenueSubscriptionsRepository(db: Queryable) {
  return {
    /** Replaces the rows of `subscriptionIds` with `rows` (a subscription without a new row is gone); returns the old ones. */
    async replace(subscriptionIds: readonly string[], rows: readonly SubscriptionRevenueRow[]): Promise<SubscriptionRevenueRow[]> {
      if (subscriptionIds.length === 0) return [];
      const old = await db.query<SubscriptionRevenueRow>(
        `delete from revenue_subscriptions where subscription_id = any($1::text[]) returning ${COLUMNS}`,
        [subscriptionIds],
      );
      if (rows.length > 0) {
        await db.query(
          `insert into revenue_subscriptions (subscription_id, customer_id, currency, mrr, scheduled_churn, start_date,
             current_period_start, ended_at, trial_start, trial_end, next_change)
           select r."subscriptionId", r."customerId", r.currency, r.mrr, r."scheduledChurn", r."startDate",
                  r."currentPeriodStart", r."endedAt", r."trialStart", r."trialEnd", r."nextChange"
           from jsonb_to_recordset($1::jsonb) as r("subscriptionId" text, "customerId" text, currency text, mrr bigint,
             "scheduledChurn" boolean, "startDate" bigint, "currentPeriodStart" bigint, "endedAt" bigint, "trialStart" bigint,
             "trialEnd" bigint, "nextChange" bigint)`,
          [JSON.stringify(rows)],
        );
      }
      return old;
    },

    async byCustomers(customerIds: readonly string[]): Promise<SubscriptionRevenueRow[]> {
      if (customerIds.length === 0) return [];
      return db.query<SubscriptionRevenueRow>(
        `select ${COLUMNS} from revenue_subscriptions where customer_id = any($1::text[]) order by subscription_id`,
        [customerIds],
      );
    },

    /** How each subscription's trial ended, from its history. */
    async setTrials(outcomes: ReadonlyArray<{ subscriptionId: string; endedAt: number | null; converted: boolean }>): Promise<void> {
      if (outcomes.length === 0) return;
      await db.query(
        `update revenue_subscriptions s set trial_ended_at = r."endedAt", trial_converted = r.converted
         from jsonb_to_recordset($1::jsonb) as r("subscriptionId" text, "endedAt" bigint, converted boolean)
         where s.subscription_id = r."subscriptionId"`,
        [JSON.stringify(outcomes)],
      );
    },

    /** Per currency: MRR, and the part of it set to end. */
    async sums(): Promise<Array<{ currency: string; mrr: number; scheduledChurn: number }>> {
      return db.query(
        `select currency, coalesce(sum(mrr), 0)::bigint as mrr, coalesce(sum(mrr) filter (where scheduled_churn), 0)::bigint as "scheduledChurn"
         from revenue_subscriptions where mrr > 0 group by currency`,
      );
    },

    /** Subscriptions that count toward MRR but could not be priced: left out of the sums, and said so. */
    async countUnpriced(): Promise<number> {
      const [row] = await db.query<{ n: number }>('select count(*)::int as n from revenue_subscriptions where mrr is null');
      return row?.n ?? 0;
    },

    /** Trials that ended in [start, end) and by `now`, and how many of them converted. */
    async trialConversion(start: number, end: number, now: number): Promise<{ trialsEnded: number; converted: number }> {
      const [row] = await db.query<{ trialsEnded: number; converted: number }>(
        `select count(*)::int as "trialsEnded", (count(*) filter (where trial_converted))::int as converted
         from revenue_subscriptions where trial_ended_at >= $1 and trial_ended_at < $2 and trial_ended_at <= $3`,
        [start, end, now],
      );
      return row ?? { trialsEnded: 0, converted: 0 };
    },
  };
}

export type RevenueSubscriptionsRepository = ReturnType<typeof revenueSubscriptionsRepository>;
