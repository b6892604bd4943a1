import { createLogger } from '../logging/logger.ts';
import { startService } from '../server/start-service.ts';
import { exitIfConfigError, loadConfigOrExit } from '../config/load-config-or-exit.ts';
import { DataDirLockedError } from '../store/data-dir-lock.ts';

const SHUTDOWN_DEADLINE_MS = 9_500;

export async function serve(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startService({ config, logger });
  } catch (error) {
    // Exit 2 like a bad configuration: restarting will not help until the other process stops.
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`revenue-agent: ${error.message}\n`);
      process.exit(2);
    }
    exitIfConfigError(error);
    logger.fatal({ err: error }, 'revenue-agent could not start');
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Orchestrators kill after a grace period of their own (Docker's and Kubernetes' default: 10 s).
    setTimeout(() => {
      logger.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s: exiting now; what was stored is applied at the next start`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
