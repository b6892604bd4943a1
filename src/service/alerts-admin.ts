import type { AlertRule } from '../alerts/alert-rules.ts';
import { alertRuleStateRepository } from '../store/alert-rule-state-repository.ts';
import type { Database } from '../store/database.ts';
import type { AlertsControl } from './alert-delivery.ts';

export interface RuleStanding {
  rule: AlertRule;
  /** Absent: not paused; null: until resumed. */
  pausedUntil?: string | null;
}

/** What an administrator may change about the alerts: the service's own state, never Stripe's. */
export interface AlertsAdmin {
  rules(): Promise<RuleStanding[]>;
  /** False when no rule has this name. */
  pause(name: string, minutes: number | undefined): Promise<boolean>;
  resume(name: string): Promise<boolean>;
  /** A given-up delivery of an alert sent again (on one channel, or every one it died on); returns those channels. */
  replay(id: string, channel: string | undefined): Promise<string[]>;
  channelNames(): string[];
}

export function alertsAdmin(db: Database, rules: readonly AlertRule[], delivery: Pick<AlertsControl, 'retryDead' | 'channelNames'>, nowMs: () => number = Date.now): AlertsAdmin {
  const state = alertRuleStateRepository(db);
  const known = (name: string) => rules.some((rule) => rule.name === name);
  return {
    async rules() {
      const paused = await state.paused();
      return rules.map((rule) => (paused.has(rule.name) ? { rule, pausedUntil: paused.get(rule.name)! } : { rule }));
    },
    async pause(name, minutes) {
      if (!known(name)) return false;
      await state.pause(name, minutes === undefined ? undefined : new Date(nowMs() + minutes * 60_000));
      return true;
    },
    async resume(name) {
      if (!known(name)) return false;
      await state.resume(name);
      return true;
    },
    replay: (id, channel) => delivery.retryDead(id, channel),
    channelNames: () => delivery.channelNames(),
  };
}
