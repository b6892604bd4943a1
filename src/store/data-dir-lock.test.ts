import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { acquireDataDirLock, DataDirLockedError, readLockOwner, type LockOwner } from './data-dir-lock.ts';
import { openDatabase, pgliteFolder } from './open-database.ts';

/** A process that takes the locks on `folders`, says so, and then does what `then` says. */
function holdingProcess(folders: string[], then: string) {
  const script = `import { acquireDataDirLock } from ${JSON.stringify(new URL('./data-dir-lock.ts', import.meta.url).href)};
    for (const folder of ${JSON.stringify(folders)}) await acquireDataDirLock(folder, 'data');
    process.stdout.write('held\\n');
    ${then}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`exited with ${code} before holding the lock`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, held, exited };
}

/** The pid of a process that has exited: nothing runs under it any more. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

const lockOf = (folder: string) => `${folder}.lock`;
const ownerOf = async (folder: string): Promise<LockOwner> => JSON.parse(await readFile(lockOf(folder), 'utf8'));

describe('the lock on a PGlite data folder', () => {
  let dataDir: string;
  let n = 0;
  const newFolder = () => join(dataDir, `store_${++n}`);
  before(async () => (dataDir = await mkdtemp(join(tmpdir(), 'revenue-agent-lock-'))));
  after(() => rm(dataDir, { recursive: true, force: true }));

  test('names its holder, refuses a second holder while it lives, and is gone once released', async () => {
    const folder = newFolder();
    const lock = await acquireDataDirLock(folder, dataDir);
    const owner = await ownerOf(folder);
    assert.deepEqual({ pid: owner.pid, host: owner.host, url: owner.url }, { pid: process.pid, host: hostname(), url: null });
    await assert.rejects(acquireDataDirLock(folder, dataDir), (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.match(error.message, new RegExp(`DATA_DIR ${dataDir} .*pid ${process.pid}\\b`));
      return true;
    });
    lock.release();
    assert.equal(existsSync(lockOf(folder)), false);
    (await acquireDataDirLock(folder, dataDir)).release();
  });

  test('carries the URL its holder serves once it listens', async () => {
    const folder = newFolder();
    const lock = await acquireDataDirLock(folder, dataDir);
    await lock.advertiseUrl('http://127.0.0.1:5123');
    assert.equal((await readLockOwner(folder))?.url, 'http://127.0.0.1:5123');
    lock.release();
    assert.equal(await readLockOwner(folder), undefined);
  });

  test('is taken over from a holder that died on this host, by one contender only', async () => {
    const dead: LockOwner = { pid: await deadPid(), host: hostname(), started_at: '2026-01-01T00:00:00.000Z', url: null };
    // The race between contenders is rare in any one round; many rounds make a lost lock show.
    for (let round = 0; round < 20; round++) {
      const folder = newFolder();
      await writeFile(lockOf(folder), JSON.stringify(dead));
      const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => acquireDataDirLock(folder, dataDir)));
      const won = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      assert.equal(won.length, 1, `round ${round}: exactly one takes it over`);
      for (const a of attempts) if (a.status === 'rejected') assert.ok(a.reason instanceof DataDirLockedError, String(a.reason));
      assert.equal((await ownerOf(folder)).pid, process.pid);
      won[0]!.release();
    }
  });

  test('is never taken over from a holder on another host, whose process can’t be checked from here', async () => {
    const folder = newFolder();
    const remote: LockOwner = { pid: await deadPid(), host: `not-${hostname()}`, started_at: '2026-01-01T00:00:00.000Z', url: null };
    await writeFile(lockOf(folder), JSON.stringify(remote));
    await assert.rejects(acquireDataDirLock(folder, dataDir), DataDirLockedError);
    assert.deepEqual(await ownerOf(folder), remote);
  });

  test('is released when its holder exits without closing, or is stopped by SIGINT or SIGTERM', async () => {
    const exiting = newFolder();
    const exit = holdingProcess([exiting], 'process.exit(0);');
    await exit.held;
    assert.equal(await exit.exited, 0);
    assert.equal(await readLockOwner(exiting), undefined);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const folders = [newFolder(), newFolder()];
      const holder = holdingProcess(folders, 'setInterval(() => {}, 1000);');
      await holder.held;
      for (const folder of folders) assert.equal((await readLockOwner(folder))?.pid, holder.child.pid);
      holder.child.kill(signal);
      assert.notEqual(await holder.exited, 0);
      for (const folder of folders) assert.equal(await readLockOwner(folder), undefined, `released on ${signal}`);
    }
  });

  test('is taken when the store opens and released when it closes', async () => {
    const location = { url: undefined, dataDir, schema: 'locked_store' };
    const db = await openDatabase(location);
    try {
      await assert.rejects(openDatabase(location), DataDirLockedError);
      assert.equal((await readLockOwner(pgliteFolder(dataDir, 'locked_store')))?.pid, process.pid);
    } finally {
      await db.close();
    }
    assert.equal(await readLockOwner(pgliteFolder(dataDir, 'locked_store')), undefined);
  });
});
