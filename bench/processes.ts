/**
 * Every process the benchmark starts: the emulator, the service and its CLI, and the baselines. Each runs
 * on its own, so that what /proc says about one process is that process alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/revenue-agent.js', import.meta.url));
/** Output kept for an error message; a long run logs far more than that. */
const KEPT_OUTPUT = 20_000;

export interface Started {
  child: ChildProcess;
  pid: number;
  /** performance.now() when it was spawned. */
  startedAt: number;
  /** Resolves with its exit code (null: killed by a signal). */
  exited: Promise<number | null>;
  /** The last lines it wrote, for error messages. */
  output(): string;
  /** Resolves with the first line (from now on, or already seen) that `match` accepts. */
  waitForLine(match: (line: string) => boolean, timeoutMs: number, what: string): Promise<string>;
  stop(): Promise<void>;
}

/** Only what a user would set: nothing of the shell running the benchmark leaks in. */
export function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

export function startProcess(args: string[], env: NodeJS.ProcessEnv): Started {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let kept = '';
  let partial = '';
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    for (const waiter of waiters) waiter(line);
  };
  const keep = (chunk: Buffer) => (kept = (kept + chunk.toString()).slice(-KEPT_OUTPUT));
  child.stdout?.on('data', (chunk: Buffer) => {
    keep(chunk);
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    parts.forEach(onLine);
  });
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    pid: child.pid ?? -1,
    startedAt,
    exited,
    output: () => kept,
    waitForLine(match, timeoutMs, what) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = (error?: Error, line?: string) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(line as string);
        };
        const waiter = (line: string) => match(line) && done(undefined, line);
        const onExit = (code: number | null) => done(new Error(`${what}: the process exited (${code}) first:\n${kept}`));
        const timer = setTimeout(() => done(new Error(`${what}: not within ${timeoutMs} ms:\n${kept}`)), timeoutMs);
        waiters.add(waiter);
        child.once('exit', onExit);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Node's own arguments for every revenue-agent process, from BENCH_NODE_ARGS: for profiling, which NODE_OPTIONS can't ask for. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');

/** `revenue-agent <command>` as its own process. */
export const startCli = (args: string[], env: Record<string, string>) => startProcess([...NODE_ARGS, BIN, ...args], userEnv(env));

/** A TypeScript file of the benchmark's own (a baseline) as its own process. */
export const startScript = (path: string, env: Record<string, string>) =>
  startProcess(['--import', 'tsx', fileURLToPath(new URL(path, import.meta.url))], userEnv(env));

/** Matches the service's JSON log line with this message, e.g. `logSays('revenue-agent listening')`. */
export const logSays = (message: string) => (line: string) => line.includes(`"msg":"${message}"`);

/** Resident and peak memory of a running process, in megabytes, from /proc (Linux). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * Runs a process to its end: its wall time and its peak RSS. The peak is VmHWM polled while it runs, so
 * only growth in its last few milliseconds (closing the store) could escape it.
 */
export async function runToEnd(started: Started, what: string): Promise<{ ms: number; peakMb: number; output: string }> {
  let peakMb = 0;
  const poll = setInterval(() => {
    try {
      // An exited process that is not yet reaped has a status file without Vm* lines: NaN, skipped.
      const { peakMb: now } = memoryOf(started.pid);
      if (now > peakMb) peakMb = now;
    } catch {
      // It has just exited.
    }
  }, 10);
  const code = await started.exited;
  clearInterval(poll);
  const ms = performance.now() - started.startedAt;
  if (code !== 0) throw new Error(`${what} exited with ${code}:\n${started.output()}`);
  return { ms, peakMb, output: started.output() };
}
