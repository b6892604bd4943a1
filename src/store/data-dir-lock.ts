import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { constants, hostname } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';

/** Who holds a PGlite data folder, as written in its lock file. */
const lockOwner = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  started_at: z.string(),
  /** The holder's HTTP API once it listens; null for a one-shot command or a service still starting. */
  url: z.string().nullable(),
});
export type LockOwner = z.infer<typeof lockOwner>;

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    const where = owner.host === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on host ${owner.host}`;
    const advice = owner.url
      ? `serving ${owner.url}, since ${owner.started_at}): stop it first, or use its HTTP API (\`revenue-agent metrics\` and \`sync\` do)`
      : `not serving HTTP yet, since ${owner.started_at}): wait until it finishes or serves, or stop it`;
    super(`DATA_DIR ${dataDir} is in use by another revenue-agent (${where}, ${advice}`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  /** Writes the holder's URL into the lock, so the CLI can reach the running service instead of the folder. */
  advertiseUrl(url: string): Promise<void>;
  release(): void;
}

const lockPathOf = (folder: string) => `${folder}.lock`;
const sameOwner = (a: LockOwner, b: LockOwner) => a.pid === b.pid && a.host === b.host && a.started_at === b.started_at;
const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A lock is being written for at most a moment; one unreadable for longer was left by a crash. */
const UNREADABLE_GRACE_MS = 2_000;
/** Taking over from a dead holder waits at most this long for others doing the same. */
const TAKEOVER_TIMEOUT_MS = 10_000;

/** A holder on another host can't be checked from here, so it counts as alive. */
export function isOwnerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return codeOf(error) !== 'ESRCH';
  }
}

/** The holder of `folder`'s lock, or undefined when none is held. */
export async function readLockOwner(folder: string): Promise<LockOwner | undefined> {
  const path = lockPathOf(folder);
  const deadline = Date.now() + UNREADABLE_GRACE_MS;
  for (;;) {
    let text;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = lockOwner.safeParse(safeJson(text));
    if (parsed.success) return parsed.data;
    // Created (O_EXCL) but not written yet; give its holder a moment.
    if (Date.now() > deadline) {
      throw new Error(`the lock file ${path} is unreadable; remove it if no revenue-agent runs on this DATA_DIR`);
    }
    await pause(50);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * PGlite is single-process: two processes on one data folder corrupt it. The lock is a file beside the
 * folder, created atomically, naming its holder; a holder that died on this host is taken over, one on
 * another host never is. It is released when the database closes, when the process exits, and on
 * SIGINT/SIGTERM when nothing else handles them (`serve` closes the database itself).
 */
export async function acquireDataDirLock(folder: string, dataDir: string): Promise<DataDirLock> {
  const path = lockPathOf(folder);
  await mkdir(dirname(path), { recursive: true });
  let owner: LockOwner = { pid: process.pid, host: hostname(), started_at: new Date().toISOString(), url: null };
  const deadline = Date.now() + TAKEOVER_TIMEOUT_MS;
  for (;;) {
    try {
      await writeFile(path, JSON.stringify(owner), { flag: 'wx' });
      break;
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
    }
    const holder = await readLockOwner(folder);
    if (holder === undefined) continue;
    if (isOwnerAlive(holder) || Date.now() > deadline) throw new DataDirLockedError(dataDir, holder);
    await removeDeadHolder(path, holder);
  }

  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    untrack(release);
    // Synchronous: it also runs in the 'exit' event. Only our own lock is removed.
    try {
      const holder = lockOwner.safeParse(safeJson(readFileSync(path, 'utf8')));
      if (holder.success && sameOwner(holder.data, owner)) unlinkSync(path);
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') throw error;
    }
  };
  track(release);
  return {
    async advertiseUrl(url) {
      if (!held) return;
      owner = { ...owner, url };
      // Written aside and renamed over the lock, so a reader never sees half of it.
      const partial = `${path}.${process.pid}.partial`;
      await writeFile(partial, JSON.stringify(owner));
      await rename(partial, path);
    },
    release,
  };
}

/** The releases of the locks this process holds; the process's exit and signals release them all. */
const releases = new Set<() => void>();
const releaseAll = () => releases.forEach((release) => release());
const exitOnSignal = (signal: NodeJS.Signals) => {
  // A process with a handler of its own shuts down (and closes its database) itself.
  if (process.listenerCount(signal) === 1) process.exit(128 + constants.signals[signal]);
};

function track(release: () => void) {
  if (releases.size === 0) {
    process.on('exit', releaseAll);
    process.on('SIGINT', exitOnSignal);
    process.on('SIGTERM', exitOnSignal);
  }
  releases.add(release);
}

function untrack(release: () => void) {
  releases.delete(release);
  if (releases.size === 0) {
    process.off('exit', releaseAll);
    process.off('SIGINT', exitOnSignal);
    process.off('SIGTERM', exitOnSignal);
  }
}

/**
 * Two processes may find the same dead holder at once; the guard file lets one of them check the lock
 * still names it and remove it, so neither removes the lock the other has just taken.
 */
async function removeDeadHolder(path: string, dead: LockOwner): Promise<void> {
  const guard = `${path}.takeover`;
  try {
    await writeFile(guard, '', { flag: 'wx' });
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') throw error;
    // Held for a moment by whoever takes over; one older than that was left by a crash.
    const age = Date.now() - (await stat(guard).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > UNREADABLE_GRACE_MS) await unlink(guard).catch(() => undefined);
    else await pause(50);
    return;
  }
  try {
    const holder = lockOwner.safeParse(safeJson(await readFile(path, 'utf8').catch(() => '')));
    if (holder.success && sameOwner(holder.data, dead)) await unlink(path);
  } finally {
    await unlink(guard);
  }
}
