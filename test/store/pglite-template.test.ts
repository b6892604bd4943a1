// The kill campaign (npm run faults) SIGKILLed `serve` while it unpacked a new PGlite folder: the folder
// had PG_VERSION, looked like a cluster, and never opened again. Unpacking aside and renaming closes that.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPglite, TEMPLATE, unpackTemplate } from '../../src/store/pglite-template.ts';

const countFiles = async (dir: string) => (await readdir(dir, { recursive: true })).length;

test('a new PGlite folder has PG_VERSION only once every file of the template is in it', async () => {
  if (!existsSync(TEMPLATE)) await (await createPglite(undefined)).close();
  const root = await mkdtemp(join(tmpdir(), 'revenue-agent-unpack-'));
  const dataDir = join(root, 'cluster');
  try {
    const seenWithVersion: number[] = [];
    let unpacking = true;
    const watching = (async () => {
      while (unpacking) {
        if (existsSync(join(dataDir, 'PG_VERSION'))) seenWithVersion.push(await countFiles(dataDir));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await unpackTemplate(TEMPLATE, dataDir);
    unpacking = false;
    await watching;
    const whole = await countFiles(dataDir);
    assert.ok(whole > 100, `${whole} files unpacked`);
    assert.deepEqual([...new Set(seenWithVersion)].filter((n) => n !== whole), [], 'a half-unpacked folder had PG_VERSION');
    assert.equal(existsSync(`${dataDir}.partial`), false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
