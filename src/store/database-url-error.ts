import { ConfigError } from '../config/config.ts';

/** How long opening the store waits for the server to answer before saying DATABASE_URL cannot be reached. */
export const CONNECT_TIMEOUT_MS = 15_000;

/**
 * What was wrong with DATABASE_URL when the driver could not read it or the server could not be used (refused,
 * unknown host, bad password, no such database), as a ConfigError naming the variable, so that the process
 * stops with exit code 2 and one line. Says where it tried to connect, never the URL itself nor its password.
 */
export function databaseUrlError(url: string, error: unknown): ConfigError {
  const unreadable = error instanceof TypeError && (error as { code?: string }).code === 'ERR_INVALID_URL';
  const target = describeTarget(url);
  if (unreadable || target === undefined) {
    return new ConfigError('DATABASE_URL', 'not a valid URL (check the port, and percent-encode special characters in the user name or password)');
  }
  const reason = scrub(error instanceof Error ? error.message || (error as { code?: string }).code || error.name : String(error), url);
  return new ConfigError('DATABASE_URL', `cannot use the PostgreSQL server at ${target}: ${reason}`);
}

/** host:port/database, or undefined when the URL cannot be read (the driver encodes blanks first, as here). */
function describeTarget(url: string): string | undefined {
  const parsed = readUrl(url);
  if (parsed === undefined) return undefined;
  const host = parsed.searchParams.get('host') || parsed.hostname || 'localhost';
  const database = parsed.pathname.replace(/^\//, '');
  return `${host}:${parsed.port || 5432}${database ? `/${database}` : ''}`;
}

function readUrl(url: string): URL | undefined {
  for (const text of [url, encodeURI(url)]) {
    try {
      return new URL(text);
    } catch {
      // try the encoded form, then give up
    }
  }
  return undefined;
}

/** Drivers' messages do not repeat the password; this makes sure of it, and keeps the message to one line. */
function scrub(message: string, url: string): string {
  let text = message.replace(/\s+/g, ' ').trim();
  const secrets = [url];
  const password = readUrl(url)?.password;
  if (password) {
    secrets.push(password);
    try {
      secrets.push(decodeURIComponent(password));
    } catch {
      // not percent-encoded: the raw form is the one a message could hold
    }
  }
  for (const secret of secrets.filter((s) => s.length > 0)) text = text.split(secret).join('***');
  return text.replace(/postgres(ql)?:\/\/\S*/g, 'postgres://***');
}
