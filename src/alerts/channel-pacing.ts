import type { ChannelPolicy, QuietHours } from './alert-rules.ts';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

/** The local time of day in a time zone: minutes after midnight, and the seconds and ms into that minute. */
function localClock(timeZone: string, atMs: number): { minutes: number; intoMinuteMs: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(atMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: part('hour') * 60 + part('minute'), intoMinuteMs: atMs % MINUTE_MS };
}

const within = (minutes: number, from: number, to: number) => (from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to);

/**
 * The next instant at or after `atMs` whose local time is `target` minutes after midnight. Walks in local
 * minutes, then corrects by the hour a daylight-saving change may have moved the clock.
 */
function nextLocal(timeZone: string, atMs: number, target: number): number {
  const { minutes, intoMinuteMs } = localClock(timeZone, atMs);
  let candidate = atMs - intoMinuteMs + ((target - minutes + DAY_MINUTES) % DAY_MINUTES) * MINUTE_MS;
  for (let i = 0; i < 2; i++) {
    const drift = localClock(timeZone, candidate).minutes - target;
    if (drift === 0) break;
    // Within a day, a drift is the clock change: ±60 minutes (or its wrap past midnight).
    candidate -= (((drift + DAY_MINUTES / 2) % DAY_MINUTES) - DAY_MINUTES / 2) * MINUTE_MS;
  }
  return Math.max(candidate, atMs);
}

/** When the quiet hours that hold at `nowMs` end; undefined when it is not quiet. Quiet hours may span midnight. */
export function quietUntil(quiet: QuietHours, nowMs: number): number | undefined {
  const { minutes } = localClock(quiet.timeZone, nowMs);
  if (quiet.from === quiet.to || !within(minutes, quiet.from, quiet.to)) return undefined;
  return nextLocal(quiet.timeZone, nowMs, quiet.to);
}

const capZone = (policy: ChannelPolicy) => policy.quietHours?.timeZone ?? 'UTC';

/** When the channel's day (the daily cap's) began: the last local midnight in its quiet hours' time zone, else UTC. */
export function dayStart(policy: ChannelPolicy, nowMs: number): number {
  return nextLocal(capZone(policy), nowMs - DAY_MINUTES * MINUTE_MS + 1, 0);
}

export interface DueDelivery {
  alertId: string;
  /** Its rule says it may not wait. */
  urgent: boolean;
}

export interface ChannelHistory {
  /** When the channel last sent a message (ms); null: never. */
  lastSentAt: number | null;
  /** Messages sent since the channel's day began (a grouped one counts once). */
  sentToday: number;
}

/** What the channel does now with what is due. */
export interface PacingPlan {
  /** Each entry is one message: a single alert, or several grouped. */
  send: string[][];
  /** Held until then (ms): the cooldown's or the quiet hours' end, or the next day past the cap. */
  wait: Array<{ alertIds: string[]; untilMs: number }>;
  /** Held for the channel's next digest. */
  toDigest: string[];
}

/**
 * Urgent alerts go at once, one message each, through quiet hours, the cooldown and the cap. The rest wait
 * out quiet hours (for the next digest when one is sent to the channel, else until they end) and the
 * cooldown; past the daily cap they go to the digest (or the next day); a burst of `groupFrom` or more
 * becomes one message.
 */
export function planSends(due: readonly DueDelivery[], policy: ChannelPolicy, history: ChannelHistory, nowMs: number, hasDigest: boolean): PacingPlan {
  const plan: PacingPlan = { send: [], wait: [], toDigest: [] };
  const urgent = due.filter((d) => d.urgent).map((d) => d.alertId);
  const rest = due.filter((d) => !d.urgent).map((d) => d.alertId);
  plan.send.push(...urgent.map((id) => [id]));
  if (rest.length === 0) return plan;
  const holdUntil = (untilMs: number, ids: string[]) => (hasDigest ? plan.toDigest.push(...ids) : plan.wait.push({ alertIds: ids, untilMs }));
  const quietEnd = policy.quietHours === undefined ? undefined : quietUntil(policy.quietHours, nowMs);
  if (quietEnd !== undefined) {
    holdUntil(quietEnd, rest);
    return plan;
  }
  const cooldownEnd = history.lastSentAt === null ? nowMs : history.lastSentAt + policy.cooldownSeconds * 1000;
  if (cooldownEnd > nowMs && policy.cooldownSeconds > 0) {
    plan.wait.push({ alertIds: rest, untilMs: cooldownEnd });
    return plan;
  }
  const left = policy.dailyCap === undefined ? Infinity : Math.max(0, policy.dailyCap - history.sentToday);
  const grouped = policy.groupFrom > 0 && rest.length >= policy.groupFrom;
  const messages = grouped ? [rest] : rest.map((id) => [id]);
  plan.send.push(...messages.slice(0, left));
  const over = messages.slice(left).flat();
  if (over.length > 0) holdUntil(nextLocal(capZone(policy), nowMs + 1, 0), over);
  return plan;
}
