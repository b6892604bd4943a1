// Issue 10: Docker can't run here, so what the image runs is run as it is: its start command with its
// environment, and its health check against that process. compose.yaml and its Caddyfile are read, so that
// every instance it runs gets requests and event streams pass unbuffered.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cleanEnv, startListeningProcess, stopProcess } from './support/cli-process.ts';
import { STORE_INDEPENDENT } from './support/test-database.ts';

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

/** The Caddyfile's reverse_proxy upstreams and settings, comments left out. */
async function readProxy(): Promise<{ upstreams: string[]; settings: string[] }> {
  const text = (await readFile(join(ROOT, 'deploy/Caddyfile'), 'utf8')).replace(/#.*$/gm, '');
  const block = /^\s*reverse_proxy ([^{\n]*)\{([^}]*)\}/m.exec(text);
  assert.ok(block, 'the Caddyfile has a reverse_proxy block');
  const settings = block[2]!.split('\n').map((line) => line.trim().replace(/\s+/g, ' ')).filter(Boolean);
  return { upstreams: block[1]!.trim().split(/\s+/), settings };
}

function run(argv: string[], env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] === 'node' ? process.execPath : argv[0]!, argv.slice(1), { cwd: ROOT, env: cleanEnv(env) });
    child.on('error', reject).on('exit', resolve);
  });
}

describe('the Dockerfile', STORE_INDEPENDENT, () => {
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

describe('compose.yaml', STORE_INDEPENDENT, () => {
  test('runs two instances of the image, and Caddy sends requests to each, health-checked, streams unbuffered', async () => {
    const compose = await readFile(join(ROOT, 'compose.yaml'), 'utf8');
    const instances = [...compose.matchAll(/^  (revenue-agent-\d+):/gm)].map((match) => match[1]!);
    assert.deepEqual(instances, ['revenue-agent-1', 'revenue-agent-2']);
    assert.match(compose, /^  revenue-agent-2: \*revenue-agent$/m, 'the second instance is the first one again');
    assert.match(compose, /^ {6}- \.\/deploy\/Caddyfile:\/etc\/caddy\/Caddyfile:ro$/m, 'Caddy reads deploy/Caddyfile');

    const { env } = await readImage();
    const proxy = await readProxy();
    assert.deepEqual(proxy.upstreams, instances.map((name) => `${name}:${env.PORT}`));
    assert.ok(proxy.settings.includes('flush_interval -1'), 'event streams pass unbuffered');
    assert.ok(proxy.settings.includes('health_uri /health'), 'an instance that is down gets no requests');
  });
});
