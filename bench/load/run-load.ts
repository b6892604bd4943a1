/** Runs one LoadJob in a load-generator process of its own and waits for its result. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './load-job.ts';

const WORKER = fileURLToPath(new URL('./autocannon-worker.ts', import.meta.url));

export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = fork(WORKER, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let result: LoadResult | undefined;
    worker.stderr?.on('data', (chunk) => (stderr += chunk));
    worker.once('message', (message) => (result = message as LoadResult));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`the load generator exited with ${code}: ${stderr}`))));
    worker.send(job);
  });
}
