import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestScheduler, type SchedulerClock } from './request-scheduler.ts';

/** Time moves only when the test says so; every pending sleep ends in order. */
class FakeClock implements SchedulerClock {
  private time = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];

  now = (): number => this.time;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.time + ms, resolve });
    });

  /** Runs every timer until none is left (or `until` is reached), letting promises settle between them. */
  async run(until = Infinity): Promise<void> {
    for (;;) {
      await new Promise(setImmediate);
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > until) return;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}

const rateLimitedError = (retryAfterSeconds?: number) =>
  Object.assign(new Error('rate limited'), {
    statusCode: 429,
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  });

function maxInAnySecond(starts: readonly number[]): number {
  return Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 1000).length));
}

describe('request scheduler', () => {
  test('never starts more than its rate in any one-second window, and keeps that rate busy at 300 ms latency', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler(25, clock);
    const starts: number[] = [];
    const requests = Array.from({ length: 200 }, () =>
      scheduler.run('background', async () => {
        starts.push(clock.now());
        await clock.sleep(300);
      }),
    );
    await clock.run();
    await Promise.all(requests);
    assert.equal(starts.length, 200);
    assert.ok(maxInAnySecond(starts) <= 25, `at most 25 in a second, got ${maxInAnySecond(starts)}`);
    // 200 requests at 25/s: the last starts just before 8 s, so the limit was kept busy.
    assert.ok(starts[199]! < 8_100, `last start at ${starts[199]} ms`);
    assert.equal(scheduler.stats.sent, 200);
  });

  test('live requests start before queued background ones', async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler(10, clock);
    const order: string[] = [];
    const all = Array.from({ length: 30 }, (_, i) => scheduler.run('background', async () => void order.push(`b${i}`)));
    await clock.run(450);
    all.push(scheduler.run('live', async () => void order.push('live')));
    await clock.run();
    await Promise.all(all);
    const live = order.indexOf('live');
    assert.ok(live > 0 && live <= 6, `live started ${live}th of ${order.length}`);
  });

  test("a 429 pauses every request for its Retry-After, slows the pace, and the pace climbs back", async () => {
    const clock = new FakeClock();
    const scheduler = new RequestScheduler(20, clock);
    const starts: number[] = [];
    let refuse = true;
    const attempt = () =>
      scheduler.run('background', async () => {
        starts.push(clock.now());
        await clock.sleep(100);
        if (refuse) {
          refuse = false;
          throw rateLimitedError(2);
        }
      });
    const first = attempt().catch((error: { statusCode: number }) => error.statusCode);
    await clock.run(50);
    const rest = Array.from({ length: 60 }, attempt);
    await clock.run();
    assert.equal(await first, 429);
    await Promise.all(rest);
    assert.equal(scheduler.stats.rateLimited, 1);
    // The first answer came at 100 ms: nothing else started until 2 s after it.
    const afterPause = starts.filter((t) => t > 100);
    assert.ok(afterPause.every((t) => t >= 2_100), `started during the pause: ${afterPause.filter((t) => t < 2_100)}`);
    assert.ok(maxInAnySecond(starts) <= 20);
  });
});
