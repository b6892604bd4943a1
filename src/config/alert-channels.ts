import type { ChannelPolicy } from '../alerts/alert-rules.ts';

/** Where a channel sends; URLs and secrets here are never shown. */
export type AlertChannelTarget =
  | { kind: 'webhook'; url: URL; secret: string }
  | { kind: 'slack'; url: URL }
  | { kind: 'email'; smtpUrl: URL; to: string[]; from: string }
  | { kind: 'feed' };

export interface AlertChannelConfig {
  /** What rules, the API and the delivery rows call it. */
  name: string;
  target: AlertChannelTarget;
  policy: ChannelPolicy;
}

/** No pacing: every alert goes as it comes, one message each. */
export const UNPACED: ChannelPolicy = { cooldownSeconds: 0, groupFrom: 0 };
