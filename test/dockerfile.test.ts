// Issue 10: Docker can't run here, so what the image runs is run as it is: its start command with its
// environment, and its health check against that process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cleanEnv, startListeningProcess, stopProcess } from './support/cli-process.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Image {
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[];
}

/** The final stage's ENV, CMD and HEALTHCHECK, read from the Dockerfile (continuation lines joined). */
async function readImage(): Promise<Image> {
  const text = (await readFile(join(ROOT, 'Dockerfile'), 'utf8')).replace(/\\\n\s*/g, ' ');
  const stages = text.split(/^FROM /m);
  const final = stages[stages.length - 1]!;
  const env: Record<string, string> = {};
  for (const line of final.match(/^ENV .*$/gm) ?? []) for (const [, k, v] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[k!] = v!;
  const json = (instruction: string) => JSON.parse(new RegExp(`^${instruction} (\\[.*\\])$`, 'm').exec(final)![1]!) as string[];
  return { env, cmd: json('CMD'), healthcheck: JSON.parse(/^HEALTHCHECK .*? CMD (\[.*\])$/m.exec(final)![1]!) as string[] };
}

function run(argv: string[], env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] === 'node' ? process.execPath : argv[0]!, argv.slice(1), { cwd: ROOT, env: cleanEnv(env) });
    child.on('error', reject).on('exit', resolve);
  });
}

describe('the Dockerfile', () => {
  test('its start command, with its environment and a token, serves; its health check passes against it', async () => {
    const image = await readImage();
    assert.deepEqual(image.cmd.slice(0, 2), ['node', 'bin/revenue-agent.js']);
    assert.equal(image.env.HOST, '0.0.0.0');
    const dataDir = await mkdtemp(join(tmpdir(), 'revenue-agent-image-'));
    // The image's PORT may be taken here; any free one does the same.
    const env = { ...image.env, DATA_DIR: dataDir, PORT: '0', DASHBOARD_TOKEN: 'dockerfile-test-token-0123456789', DEMO_ACTIVITY_SECONDS: '0' };
    const service = await startListeningProcess(image.cmd.slice(2), env, (line) => (line.includes('revenue-agent listening') ? JSON.parse(line).url : undefined));
    try {
      assert.equal(await run(image.healthcheck, { PORT: new URL(service.url).port }), 0);
    } finally {
      assert.equal(await stopProcess(service.child), 0);
      await rm(dataDir, { recursive: true, force: true });
    }
    assert.notEqual(await run(image.healthcheck, { PORT: '1' }), 0, 'the check fails when nothing answers');
  });

  test('without DASHBOARD_TOKEN its start command exits 2: the image listens on every interface', async () => {
    const image = await readImage();
    const dataDir = await mkdtemp(join(tmpdir(), 'revenue-agent-image-'));
    try {
      assert.equal(await run(image.cmd, { ...image.env, DATA_DIR: dataDir }), 2);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
