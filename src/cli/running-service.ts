import { hostname } from 'node:os';
import type { Config } from '../config/config.ts';
import { exitIfConfigError } from '../config/load-config-or-exit.ts';
import { openStore, STRIPE_SCHEMA } from '../server/open-store.ts';
import { DataDirLockedError, isOwnerAlive, readLockOwner } from '../store/data-dir-lock.ts';
import { pgliteFolder } from '../store/open-database.ts';

type OpenedStore = Awaited<ReturnType<typeof openStore>>;

/** A revenue-agent service that holds this configuration's PGlite folder, and its HTTP API. */
export interface RunningService {
  url: string;
  pid: number;
  /** The API's JSON answer and its status; throws ServiceRequestError when the service does not answer or wants a token. */
  request(method: 'GET' | 'POST', path: string): Promise<{ status: number; body: unknown; headers: Headers }>;
}

class ServiceRequestError extends Error {}

/**
 * The service holding the store, when one does and it serves HTTP on this host. A PostgreSQL store is
 * shared by any number of processes, so the CLI always uses it itself.
 */
export async function findRunningService(config: Config): Promise<RunningService | undefined> {
  if (config.database.url !== undefined) return undefined;
  const owner = await readLockOwner(pgliteFolder(config.database.dataDir, STRIPE_SCHEMA));
  // A holder on another host advertises an address that may only mean something there (127.0.0.1).
  if (!owner?.url || owner.host !== hostname() || !isOwnerAlive(owner)) return undefined;
  const { url, pid } = owner;
  const token = config.access.dashboardToken;
  // JSON, even with nothing to say: without a token the service takes changes only as JSON (see access-control.ts).
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return {
    url,
    pid,
    async request(method, path) {
      let response;
      try {
        response = await fetch(`${url}${path}`, method === 'POST' ? { method, headers, body: '{}' } : { method, headers });
      } catch (error) {
        const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        throw new ServiceRequestError(`the service holding DATA_DIR (pid ${pid}) did not answer at ${url}: ${reason}`);
      }
      if (response.status === 401) {
        const wanted = token === undefined ? 'set DASHBOARD_TOKEN to its token' : 'DASHBOARD_TOKEN is not its token';
        throw new ServiceRequestError(`the service holding DATA_DIR (pid ${pid}) at ${url} asks for a token: ${wanted}`);
      }
      return { status: response.status, body: await response.json(), headers: response.headers };
    },
  };
}

/**
 * Runs a CLI command where the store is: through the running service's API when one holds it (PGlite is
 * single-process), on the store itself when none does. Either way the command prints the same. Returns
 * the exit code: 2 when another process holds the store without serving HTTP.
 */
export async function withStore(
  config: Config,
  command: { viaService(service: RunningService): Promise<number>; viaStore(store: OpenedStore): Promise<number> },
): Promise<number> {
  try {
    const running = await findRunningService(config);
    if (running) return await command.viaService(running);
    const store = await openStore(config);
    try {
      return await command.viaStore(store);
    } finally {
      await store.db.close();
    }
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`revenue-agent: ${error.message}\n`);
      return 2;
    }
    exitIfConfigError(error);
    if (error instanceof ServiceRequestError) {
      process.stderr.write(`revenue-agent: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
