import type { Alert, AccountAlertBody, TrialEndingAlertBody } from '../alerts/alert-body.ts';
import type { AlertRule, DigestRule, LifecycleRule, MetricRule } from '../alerts/alert-rules.ts';
import { digestBody } from '../alerts/digest-body.ts';
import { digestPeriod, dueRun } from '../alerts/digest-schedule.ts';
import { sideOf, thresholdBody, weekOnWeekBody, type MetricReading } from '../alerts/metric-alerts.ts';
import { writeRoutedAlerts } from '../ingest/write-routed-alerts.ts';
import { mrrSeries } from '../metrics/history/index.ts';
import { alertOutboxRepository } from '../store/alert-outbox-repository.ts';
import { alertRuleStateRepository } from '../store/alert-rule-state-repository.ts';
import { attentionRepository } from '../store/attention-repository.ts';
import type { Database } from '../store/database.ts';
import { explainMrrChange } from './explain-mrr-change.ts';
import type { RevenueService } from './revenue-service.ts';

const DAY_MS = 86_400_000;
/** Trials end by the day: a scan a quarter of an hour is soon enough, and keeps a whole-table read rare. */
const TRIAL_SCAN_EVERY_MS = 15 * 60_000;
const LAST_RUN = 'last_run';

export interface AlertClockDeps {
  db: Database;
  rules: readonly AlertRule[];
  service: Pick<RevenueService, 'view' | 'history' | 'reads' | 'rates'>;
  nowMs?: () => number;
  /** Between readings; a minute by default. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

const accountAlert = (rule: AlertRule, body: AccountAlertBody): Alert => ({ id: body.id, body, rule: rule.name, urgent: rule.urgent, channels: rule.channels });

/**
 * The rules that time, not a Stripe object, sets off: MRR crossing a threshold or moving week on week,
 * digests on their schedule, trials about to end. Every instance reads them; what they remember is
 * changed only from the value read, and alert ids name the moment, so each alert is written once.
 */
export class AlertClock {
  private readonly nowMs: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastTrialScan = -Infinity;

  constructor(private readonly deps: AlertClockDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  /** Whether any rule needs the clock at all. */
  static needed(rules: readonly AlertRule[]): boolean {
    return rules.some((rule) => rule.kind === 'metric' || rule.kind === 'digest' || (rule.kind === 'lifecycle' && rule.types.includes('trial_ending')));
  }

  start(): void {
    const read = () => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.deps.onError?.(error))
        .finally(() => (this.running = undefined));
    };
    read();
    this.timer = setInterval(read, this.deps.intervalMs ?? 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One reading of every rule the clock drives. */
  async tick(): Promise<void> {
    const now = this.nowMs();
    const { service } = this.deps;
    const view = service.view();
    const reading: MetricReading = { now: Math.floor(now / 1000), mrr: view.snapshot.mrr, currency: service.rates.reportingCurrency, livemode: view.status.livemode };
    const scanTrials = now - this.lastTrialScan >= TRIAL_SCAN_EVERY_MS;
    if (scanTrials) this.lastTrialScan = now;
    const paused = await alertRuleStateRepository(this.deps.db).paused();
    for (const rule of this.deps.rules) {
      if (paused.has(rule.name)) continue;
      if (rule.kind === 'metric') await this.readMetric(rule, reading);
      else if (rule.kind === 'digest') await this.readDigest(rule, now, reading.livemode);
      else if (rule.kind === 'lifecycle' && rule.types.includes('trial_ending') && scanTrials) await this.scanTrials(rule, reading);
    }
  }

  private async readMetric(rule: MetricRule, reading: MetricReading): Promise<void> {
    const { db } = this.deps;
    for (const threshold of rule.mrrCrosses) {
      const key = `side:${threshold}`;
      const side = sideOf(reading.mrr, threshold);
      const known = await alertRuleStateRepository(db).get(rule.name, key);
      if (known === side) continue;
      await db.transaction(async (tx) => {
        // The first reading only sets where MRR stands; another instance may have moved it meanwhile.
        if (!(await alertRuleStateRepository(tx).swap(rule.name, key, known, side)) || known === undefined) return;
        await alertOutboxRepository(tx).add([accountAlert(rule, thresholdBody(rule, threshold, side, reading))]);
      });
    }
    const { ledger } = this.deps.service.history();
    const mrrAtEndOf = (day: string) => mrrSeries(ledger, this.deps.service.rates, { from: day, to: day, interval: 'day' })[0]!.mrr;
    const weekly = weekOnWeekBody(rule, mrrAtEndOf, reading);
    if (weekly !== undefined) await alertOutboxRepository(db).add([accountAlert(rule, weekly)]);
  }

  private async readDigest(rule: DigestRule, now: number, livemode: boolean | null): Promise<void> {
    const { db, service } = this.deps;
    const state = alertRuleStateRepository(db);
    const last = await state.get(rule.name, LAST_RUN);
    if (last === undefined) {
      // From the run just past: the first digest covers a whole period.
      const before = dueRun(rule, new Date(now - 400 * DAY_MS), new Date(now)) ?? new Date(now);
      await state.swap(rule.name, LAST_RUN, undefined, before.toISOString());
      return;
    }
    const run = dueRun(rule, new Date(last), new Date(now));
    if (run === undefined) return;
    const period = digestPeriod(new Date(last), run);
    const change = await explainMrrChange(service, service.history(), period.from, period.to);
    const atRisk = await attentionRepository(db).atRisk();
    const body = digestBody(rule, change, atRisk, { run, period, rates: service.rates, livemode });
    await db.transaction(async (tx) => {
      if (!(await alertRuleStateRepository(tx).swap(rule.name, LAST_RUN, last, run.toISOString()))) return;
      await alertOutboxRepository(tx).add([accountAlert(rule, body)]);
    });
  }

  private async scanTrials(rule: LifecycleRule, reading: MetricReading): Promise<void> {
    const { db } = this.deps;
    const rows = await attentionRepository(db).trialsEnding(reading.now, reading.now + rule.trialEndingDays * 86_400);
    if (rows.length === 0) return;
    const bodies: TrialEndingAlertBody[] = rows.map((row) => ({
      id: `trial_ending:${row.subscriptionId}:${row.trialEnd}`,
      type: 'trial_ending',
      occurred_at: new Date(reading.now * 1000).toISOString(),
      livemode: reading.livemode,
      customer: { id: row.customerId ?? '', name: row.name, email: row.email },
      subscription_id: row.subscriptionId,
      trial_end: new Date(row.trialEnd * 1000).toISOString(),
      cancel_at_period_end: row.cancelAtPeriodEnd,
    }));
    await db.transaction((tx) => writeRoutedAlerts(tx, bodies, { rules: [rule], livemode: () => reading.livemode, accountMrr: () => reading.mrr }));
  }
}
