/**
 * One store's campaign: a real `revenue-agent serve` against the emulator on a bad day (429s, 500s, 2 s
 * answers, pages cut off, an outage), fed a stream of signed webhooks, SIGKILLed at seeded points and
 * started again. After each kill the store must hold every acknowledged event; every `checkEvery` kills
 * and at the end the service settles, and its figures and derived state must equal a clean recompute.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { createEmulator, type Emulator } from '../src/emulator/index.ts';
import { startLiveActivity, type LiveActivity } from '../src/emulator/live-activity.ts';
import { createRng, type Rng } from '../src/emulator/prng.ts';
import type { StripeEvent } from '../src/metrics/stripe-shapes.ts';
import { startCli } from '../bench/processes.ts';
import { acknowledgedStored, derivedEqualsRebuild, everyStoredEventApplied, figuresMatch, migrationStage } from './checks.ts';
import { drawKillPoints, KILL_POINTS, type KillPoint } from './kill-points.ts';
import type { CampaignOptions, StoreKind } from './options.ts';
import { kill, revenueOf, startService, syncStatus, type RunningService } from './service.ts';
import { freshStore, type CampaignStore } from './store.ts';
import { WebhookLog } from './webhook-log.ts';

const SECRET_KEY = 'sk_test_faults0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_fault_campaign';
const STREAM_PAUSE_MS = 40;
const SETTLE_DEADLINE_MS = 240_000;
// The service looks for figures that time alone has changed once a minute (src/ingest/revenue-deriver.ts).
const FOLLOW_MS = 65_000;
const REDELIVERY_CONCURRENCY = 10;
const BURST_CONCURRENCY = 50;
/** The share of a burst that redelivers earlier events, as Stripe does, rather than new ones. */
const BURST_REDELIVERIES = 0.4;
const MIGRATION_WINDOW_SLACK_MS = 300;
/** The service takes changes without a token only as JSON (src/http/access/access-control.ts). */
const SYNC_REQUEST: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };

export interface StoreReport {
  store: StoreKind;
  seed: number;
  kills: number;
  restarts: number;
  points: Record<KillPoint, { kills: number; hits: number }>;
  migrationStages: Record<'before' | 'during' | 'after', number>;
  events: number;
  deliveries: number;
  acknowledged: number;
  applied: number;
  refusedAnswers: number;
  unanswered: number;
  /** After a restart: every stored event applied, none set aside. */
  caughtUp: number;
  checks: number;
  outages: number;
  emulator: { faults: number; slowAnswers: number; cutPages: number };
  mismatches: string[];
  seconds: number;
}

export async function runCampaign(kind: StoreKind, options: CampaignOptions, progress: (line: string) => void): Promise<StoreReport> {
  const campaign = new Campaign(kind, options, progress);
  try {
    return await campaign.run();
  } finally {
    await campaign.close();
  }
}

class Campaign {
  private readonly rng: Rng;
  private readonly emulator: Emulator;
  private readonly live: LiveActivity;
  private readonly log = new WebhookLog(WEBHOOK_SECRET);
  private store: CampaignStore | undefined;
  private service: RunningService | undefined;
  private baseEnv: Record<string, string> = {};
  private stream: Promise<void> | undefined;
  private streaming = false;
  private readonly report: StoreReport;
  private estimates = { syncMs: 1000, burstMs: 2000, startMs: 2000 };
  private migrationWindow = { lo: 0, hi: 2000 };
  private readonly startedAt = performance.now();

  constructor(
    kind: StoreKind,
    private readonly options: CampaignOptions,
    private readonly progress: (line: string) => void,
  ) {
    this.rng = createRng(options.seed);
    const state = generateAccount({ seed: options.seed, customers: options.customers, now: Math.floor(Date.now() / 1000) });
    this.emulator = createEmulator({ secretKey: SECRET_KEY, state, seed: options.seed, faultRate: 0.05, slowShare: 0.02, slowMs: 2000, resetShare: 0.05 });
    this.live = startLiveActivity({ state, seed: options.seed, intervalMs: 0 });
    this.report = {
      store: kind,
      seed: options.seed,
      kills: 0,
      restarts: 0,
      points: Object.fromEntries(KILL_POINTS.map((p) => [p, { kills: 0, hits: 0 }])) as StoreReport['points'],
      migrationStages: { before: 0, during: 0, after: 0 },
      events: 0,
      deliveries: 0,
      acknowledged: 0,
      applied: 0,
      refusedAnswers: 0,
      unanswered: 0,
      caughtUp: 0,
      checks: 0,
      outages: 0,
      emulator: { faults: 0, slowAnswers: 0, cutPages: 0 },
      mismatches: [],
      seconds: 0,
    };
  }

  async run(): Promise<StoreReport> {
    const { options } = this;
    this.store = await freshStore(this.report.store, options.serverUrl);
    this.baseEnv = {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_API_BASE: await this.emulator.listen(),
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PORT: '0',
      SYNC_INTERVAL_MINUTES: '0',
      // The campaign syncs back to back, which a person asking would not.
      SYNC_REQUEST_MIN_SECONDS: '0',
    };
    const first = await startService(this.env());
    this.service = first;
    this.estimates.startMs = first.listeningAt - first.process.startedAt;
    this.migrationWindow.hi = this.estimates.startMs;
    await this.untilFirstSync(first);
    this.startStream();

    const points = drawKillPoints(this.rng, options.kills);
    const outageAt = this.rng.int(0, options.kills - 1);
    for (let i = 0; i < points.length; i++) {
      const point = points[i]!;
      if (i === outageAt && options.outageSeconds > 0) {
        this.emulator.faults.startOutage(options.outageSeconds * 1000);
        this.report.outages += 1;
      }
      const where = `seed ${options.seed}, kill #${i + 1} (${point})`;
      const hit = point === 'migration' ? await this.killWhileMigrating(where) : await this.killAt(point, where, points[i + 1]);
      this.report.kills += 1;
      this.report.points[point].kills += 1;
      if (hit) this.report.points[point].hits += 1;
      const last = i === points.length - 1;
      if ((i + 1) % options.checkEvery === 0 || last) await this.checkpoint(where, last);
      this.progress(`${this.report.store}: ${i + 1}/${points.length} kills, ${this.report.mismatches.length} mismatches, ${Math.round((performance.now() - this.startedAt) / 1000)} s`);
    }
    return this.finish();
  }

  async close(): Promise<void> {
    await this.stopStream();
    if (this.service) await kill(this.service.process);
    await this.live.stop();
    await this.emulator.close();
    await this.store?.remove();
  }

  private env(): Record<string, string> {
    return { ...this.baseEnv, ...this.store!.env };
  }

  private mismatch(where: string, problems: string[]): void {
    for (const problem of problems) {
      this.report.mismatches.push(`${where}: ${problem}`);
      this.progress(`MISMATCH ${where}: ${problem}`);
    }
  }

  private async untilFirstSync(service: RunningService): Promise<void> {
    const deadline = performance.now() + SETTLE_DEADLINE_MS;
    while ((await revenueOf(service)).as_of === null) {
      if (performance.now() > deadline) throw new Error('the first start-up sync did not finish');
      await sleep(50);
    }
    this.estimates.syncMs = Math.max(300, performance.now() - service.listeningAt);
  }

  // The stream: live changes, one at a time, each delivered once now (redelivered after a restart if need be).
  private startStream(): void {
    this.streaming = true;
    this.stream = (async () => {
      while (this.streaming) {
        const service = this.service;
        if (service) for (const event of await this.live.tick()) await this.log.deliver(hookOf(service), event);
        await sleep(STREAM_PAUSE_MS);
      }
    })();
  }

  private async stopStream(): Promise<void> {
    this.streaming = false;
    await this.stream;
  }

  /** Takes the running service to `point`, kills it, checks the store it left, and starts it again. */
  private async killAt(point: Exclude<KillPoint, 'migration'>, where: string, next: KillPoint | undefined): Promise<boolean> {
    const service = this.service!;
    let hit = true;
    let onlyEvent: string | undefined;
    if (point === 'sync' || point === 'startup-sync') {
      if (point === 'sync') void fetch(`${service.url}/api/revenue/sync`, SYNC_REQUEST).catch(() => undefined);
      const from = point === 'sync' ? performance.now() : service.listeningAt;
      await sleep(Math.max(0, from + this.rng.int(0, this.estimates.syncMs) - performance.now()));
      hit = (await syncStatus(service)) === 'running';
    } else if (point === 'stored-not-applied') {
      onlyEvent = await this.deliverUntilAcknowledged(service);
    } else if (point === 'burst') {
      hit = await this.killMidBurst(service);
    } else {
      await sleep(this.rng.int(0, 3000));
    }
    const { exitCode } = service.process.child;
    if (exitCode !== null) this.mismatch(where, [`the service had exited by itself (${exitCode}): ${service.process.output().slice(-500)}`]);
    await kill(service.process);
    this.service = undefined;

    const db = await this.store!.open();
    if (db) {
      try {
        const { problems } = await acknowledgedStored(db, this.log.acknowledgedIds());
        this.mismatch(where, problems);
        if (onlyEvent !== undefined) hit = (await acknowledgedStored(db, [onlyEvent])).unapplied === 1;
      } finally {
        await db.close();
      }
    }
    await this.restart(where, next !== 'startup-sync');
    // A kill aimed at the start-up sync follows at once; every other restart is checked first.
    if (next !== 'startup-sync') await this.caughtUp(where);
    return hit;
  }

  /**
   * After a restart, the stream paused, what Stripe would retry redelivered and the start-up sync over:
   * every stored event is applied (so every acknowledged one, all stored), none was set aside, and the
   * figures equal a clean recompute from the emulator's objects.
   */
  private async caughtUp(where: string): Promise<void> {
    await this.stopStream();
    const service = this.service!;
    const deadline = performance.now() + SETTLE_DEADLINE_MS;
    await this.redeliverAll(service, deadline, where);
    await this.settled(service, deadline, where);
    while ((await syncStatus(service)) === 'running' && performance.now() < deadline) await sleep(100);
    await this.settled(service, deadline, where);
    const revenue = await revenueOf(service);
    if (revenue.dead_events > 0) this.mismatch(where, [`${revenue.dead_events} events set aside after a restart`]);
    this.mismatch(where, await this.figuresFollow(service));
    this.report.caughtUp += 1;
    this.startStream();
  }

  /** Redelivers until every event is acknowledged (the outage waited out), as Stripe keeps retrying. */
  private async redeliverAll(service: RunningService, deadline: number, where: string): Promise<void> {
    await sleep(this.emulator.faults.outageLeftMs());
    while (this.log.unacknowledged().length > 0 && performance.now() < deadline) {
      await this.redeliver(service);
      if (this.log.unacknowledged().length > 0) await sleep(500);
    }
    if (this.log.unacknowledged().length > 0) this.mismatch(where, [`${this.log.unacknowledged().length} events still refused when redelivered to a settled service`]);
  }

  /** Delivers new events until one is acknowledged, and returns at once: the kill follows its 200. */
  private async deliverUntilAcknowledged(service: RunningService): Promise<string | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const batch = await this.live.tick();
      for (const [i, event] of batch.entries()) {
        if ((await this.log.deliver(hookOf(service), event)) !== 200) continue;
        // The rest of the change's events are owed: Stripe sends them too, and retries them after the restart.
        this.log.owe(batch.slice(i + 1));
        return event.id;
      }
    }
    return undefined;
  }

  /** Sends a burst of webhooks at once and kills the service partway: true when some were answered and some not. */
  private async killMidBurst(service: RunningService): Promise<boolean> {
    const burst: StripeEvent[] = [];
    while (burst.length < this.options.burstSize * (1 - BURST_REDELIVERIES)) burst.push(...(await this.live.tick()));
    const known = [...this.log.delivered(), ...burst];
    while (burst.length < this.options.burstSize) burst.push(known[this.rng.int(0, known.length - 1)]!);
    let answered = 0;
    const started = performance.now();
    const sending = pool(burst, BURST_CONCURRENCY, async (event) => {
      if ((await this.log.deliver(hookOf(service), event)) === 200) answered += 1;
    });
    await sleep(this.rng.int(0, this.estimates.burstMs));
    const elapsed = performance.now() - started;
    await kill(service.process);
    await sending;
    // Aim the next burst's kill within the time one takes here.
    if (answered > 0) this.estimates.burstMs = Math.max(200, Math.round((elapsed * burst.length) / answered));
    return answered > 0 && answered < burst.length;
  }

  /**
   * A kill while a fresh store is migrated: a new store of the same kind, killed a while after `serve`
   * starts; the wait narrows onto the migration window from how far the last attempts got. Then the
   * service must start on it and finish migrating.
   */
  private async killWhileMigrating(where: string): Promise<boolean> {
    const side = await freshStore(this.report.store, this.options.serverUrl);
    try {
      const env = { ...this.baseEnv, ...side.env };
      const window = this.migrationWindow;
      const delay = this.rng.int(Math.round(window.lo), Math.round(window.hi));
      const started = startCli(['serve'], env);
      await Promise.race([sleep(delay), started.exited]);
      if (started.child.exitCode !== null) this.mismatch(where, [`a start on a fresh store exited by itself (${started.child.exitCode}): ${started.output().slice(-500)}`]);
      await kill(started);
      let stage: Awaited<ReturnType<typeof migrationStage>>;
      try {
        stage = await withStore(side, migrationStage);
      } catch (error) {
        this.mismatch(where, [`killed ${delay} ms after start, the fresh store no longer opens: ${tail(error)}`]);
        return false;
      }
      this.report.migrationStages[stage] += 1;
      // Narrow onto the boundary, keeping some width on its far side: the timing of a start varies from one to the next.
      if (stage === 'before') [window.lo, window.hi] = [delay, Math.max(window.hi, delay + MIGRATION_WINDOW_SLACK_MS)];
      if (stage === 'after') [window.lo, window.hi] = [Math.min(window.lo, Math.max(0, delay - MIGRATION_WINDOW_SLACK_MS)), delay];
      try {
        const again = await startService(env);
        this.report.restarts += 1;
        await kill(again.process);
        const after = await withStore(side, migrationStage);
        if (after !== 'after') this.mismatch(where, [`after a kill ${stage} migrating, a restart left the migrations ${after}`]);
      } catch (error) {
        this.mismatch(where, [`after a kill ${stage} migrating, the service did not start: ${tail(error)}`]);
      }
      return stage === 'during';
    } finally {
      await side.remove();
    }
  }

  private async restart(where: string, redeliver: boolean): Promise<void> {
    try {
      this.service = await startService(this.env());
      this.report.restarts += 1;
    } catch (error) {
      this.mismatch(where, [`the service did not start again: ${tail(error)}`]);
      throw new Error(`${where}: the service did not start again`, { cause: error });
    }
    if (redeliver) await this.redeliver(this.service);
  }

  /** What Stripe would still be retrying, delivered again. */
  private async redeliver(service: RunningService): Promise<void> {
    await pool(this.log.unacknowledged(), REDELIVERY_CONCURRENCY, (event) => this.log.deliver(hookOf(service), event));
  }

  /** The stream stops, the service settles and syncs; the figures and the store must then be exactly right. */
  private async checkpoint(where: string, last: boolean): Promise<void> {
    await this.stopStream();
    const service = this.service!;
    const deadline = performance.now() + SETTLE_DEADLINE_MS;
    await this.redeliverAll(service, deadline, where);
    await this.settled(service, deadline, where);
    await this.syncToTheEnd(service, deadline, where);
    await this.settled(service, deadline, where);
    this.mismatch(where, await this.figuresFollow(service));

    await service.process.stop();
    const code = await service.process.exited;
    if (code !== 0) this.mismatch(where, [`a graceful stop exited with ${code}: ${service.process.output().slice(-500)}`]);
    this.service = undefined;
    await withStore(this.store!, async (db) => {
      if (!db) return this.mismatch(where, ['the store is missing']);
      const acknowledged = this.log.acknowledgedIds();
      const { problems, unapplied } = await acknowledgedStored(db, acknowledged);
      this.mismatch(where, problems);
      this.mismatch(where, await everyStoredEventApplied(db));
      this.mismatch(where, await derivedEqualsRebuild(db, this.store!));
      this.report.applied = acknowledged.length - unapplied - problems.length;
    });
    this.report.checks += 1;
    if (last) return;
    await this.restart(where, true);
    this.startStream();
  }

  /**
   * The served figures equal a recompute from the emulator's objects within FOLLOW_MS: a trial or discount
   * that ends with time moves the emulator's figures at once, and the service's within its clock's minute.
   */
  private async figuresFollow(service: RunningService): Promise<string[]> {
    const deadline = performance.now() + FOLLOW_MS;
    for (;;) {
      const problems = figuresMatch(await revenueOf(service), this.emulator.state);
      if (problems.length === 0 || performance.now() > deadline) return problems;
      await sleep(100);
    }
  }

  private async settled(service: RunningService, deadline: number, where: string): Promise<void> {
    while ((await revenueOf(service)).pending_events > 0) {
      if (performance.now() > deadline) return this.mismatch(where, [`events still pending after ${SETTLE_DEADLINE_MS / 1000} s`]);
      await sleep(100);
    }
  }

  /** A sync that succeeds: Stripe's bad day may fail some, which the next one makes good. */
  private async syncToTheEnd(service: RunningService, deadline: number, where: string): Promise<void> {
    for (;;) {
      const started = performance.now();
      const response = await fetch(`${service.url}/api/revenue/sync`, SYNC_REQUEST);
      await response.arrayBuffer();
      if (response.status === 200) {
        this.estimates.syncMs = Math.max(300, performance.now() - started);
        return;
      }
      if (performance.now() > deadline) return this.mismatch(where, [`no sync succeeded before the deadline (last answer ${response.status})`]);
      await sleep(500);
    }
  }

  private finish(): StoreReport {
    const counts = this.log.counts();
    Object.assign(this.report, {
      events: counts.events,
      deliveries: counts.attempts,
      acknowledged: counts.acknowledged,
      refusedAnswers: counts.refusedAnswers,
      unanswered: counts.unanswered,
      emulator: { faults: this.emulator.faults.injected, slowAnswers: this.emulator.network.slowAnswers, cutPages: this.emulator.network.cutPages },
      seconds: Math.round((performance.now() - this.startedAt) / 1000),
    });
    return this.report;
  }
}

const hookOf = (service: RunningService) => `${service.url}/webhooks/stripe`;

async function withStore<T>(store: CampaignStore, work: (db: Awaited<ReturnType<CampaignStore['open']>>) => Promise<T>): Promise<T> {
  const db = await store.open();
  try {
    return await work(db);
  } finally {
    await db?.close();
  }
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

const tail = (error: unknown) => String((error as Error).message ?? error).slice(-600);
