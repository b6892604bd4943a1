import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DrainLoop, type StepResult } from './drain-loop.ts';

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

test('a step that throws is reported and tried again; the drain resolves, never rejects', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const loop = new DrainLoop(
    async (): Promise<StepResult> => {
      calls += 1;
      if (calls === 1) throw new Error('store unreachable');
      return 'done';
    },
    1,
    (error) => errors.push(error),
  );
  await loop.drain();
  assert.equal(errors.length, 1);
  await until(() => calls === 2);
  await loop.close();
});

test('a step may say how long to wait before the next try', async () => {
  const results: StepResult[] = [{ retryAfterMs: 1 }, 'more', 'done'];
  let calls = 0;
  const loop = new DrainLoop(async () => results[calls++]!, 60_000);
  await loop.drain();
  assert.equal(calls, 1);
  await until(() => calls === 3);
  await loop.close();
});
