import type { AlertBody } from './alert-body.ts';
import type { AlertChannel } from './alert-channel.ts';

export const DRY_RUN_NOTE = 'dry run';

export type DryRunLog = (entry: { channel: string; kind: string; alert: string; type: string; body: AlertBody }) => void;

/**
 * The channel sending nothing (ALERTS_DRY_RUN): each delivery is logged with what would have been sent —
 * never where to, as a URL may hold a token — and counted delivered, noted as a dry run.
 */
export function dryRunChannel(channel: AlertChannel, log: DryRunLog): AlertChannel {
  return {
    ...channel,
    async send(body, id) {
      log({ channel: channel.name, kind: channel.kind, alert: id, type: body.type, body });
      return { kind: 'accepted', status: null, note: DRY_RUN_NOTE };
    },
  };
}
