import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How long a login lasts; a changed DASHBOARD_TOKEN ends every session at once. */
export const SESSION_SECONDS = 7 * 24 * 3600;
export const SESSION_COOKIE = 'revenue_agent_session';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests of equal length, so neither the token's length nor its characters leak through timing. */
export function tokenMatches(given: string, token: string): boolean {
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * A session is its expiry and a MAC of it, keyed from the token: nothing is kept server-side, so it holds
 * across instances and restarts, and dies when the token changes.
 */
export function sessionCookieValue(token: string, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + SESSION_SECONDS;
  return `${expires}.${sessionMac(token, expires)}`;
}

export function sessionIsValid(value: string, token: string, nowMs: number): boolean {
  const parts = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!parts) return false;
  const expires = Number(parts[1]);
  const expected = Buffer.from(sessionMac(token, expires));
  const given = Buffer.from(parts[2]!);
  return timingSafeEqual(expected, given) && expires * 1000 > nowMs;
}

function sessionMac(token: string, expires: number): string {
  const key = createHmac('sha256', token).update('revenue-agent session cookie').digest();
  return createHmac('sha256', key).update(`session:${expires}`).digest('base64url');
}

/** The value of one cookie in a Cookie header, if it is there. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The bearer token of an Authorization header, if it has one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
