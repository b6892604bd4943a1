import { Cron } from 'croner';
import { DAY_SECONDS, formatDate, parseDate } from '../metrics/history/index.ts';
import type { DigestRule } from './alert-rules.ts';

const cronOf = (rule: Pick<DigestRule, 'schedule' | 'timeZone'>) => new Cron(rule.schedule, { timezone: rule.timeZone, paused: true });

/** The latest scheduled run in (after, now]; undefined when none fell in it. Runs missed while down are one digest. */
export function dueRun(rule: Pick<DigestRule, 'schedule' | 'timeZone'>, after: Date, now: Date): Date | undefined {
  // croner's previous runs are those strictly before a whole second: the next second takes in a run at `now`.
  const [latest] = cronOf(rule).previousRuns(1, new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000));
  return latest !== undefined && latest > after ? latest : undefined;
}

/** The run before `run`: where the first digest's period starts. */
export function runBefore(rule: Pick<DigestRule, 'schedule' | 'timeZone'>, run: Date): Date | undefined {
  return cronOf(rule).previousRuns(1, run)[0];
}

/**
 * The whole UTC days a digest covers, as GET /api/metrics/mrr counts them: MRR at the end of the day
 * before the previous run to the end of the day before this one (a Monday digest: Monday to Sunday).
 */
export function digestPeriod(previousRun: Date, run: Date): { from: string; to: string } {
  const dayBefore = (at: Date) => formatDate(parseDate(formatDate(Math.floor(at.getTime() / 1000))) - DAY_SECONDS);
  const from = dayBefore(previousRun);
  const to = dayBefore(run);
  return { from: from < to ? from : formatDate(parseDate(to) - DAY_SECONDS), to };
}
