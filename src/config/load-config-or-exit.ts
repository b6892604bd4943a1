import { ConfigError, loadConfig, type Config } from './config.ts';

/** A wrong variable stops the process with exit code 2 and one line that names it. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`revenue-agent: invalid configuration: ${error.message}\n`);
    process.exit(2);
  }
}
