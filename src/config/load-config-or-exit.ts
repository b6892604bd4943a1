import { ConfigError, loadConfig, type Config } from './config.ts';

/** A wrong variable stops the process with exit code 2 and one line that names it. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    exitIfConfigError(error);
    throw error;
  }
}

/**
 * For what only shows when the configuration is used (DATABASE_URL's server refusing, say): a ConfigError
 * stops the process like a bad value does, with exit code 2 and one line; anything else returns.
 */
export function exitIfConfigError(error: unknown): void {
  if (!(error instanceof ConfigError)) return;
  process.stderr.write(`revenue-agent: invalid configuration: ${error.message}\n`);
  process.exit(2);
}
