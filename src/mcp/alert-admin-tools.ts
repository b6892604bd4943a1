import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BadRequestError } from '../http/errors.ts';
import type { AlertsAdmin } from '../service/alerts-admin.ts';
import { registerAdminTool, registerReadOnlyTool, type ToolLogger } from './read-only-tool.ts';

/** The header a client sends ALERTS_ADMIN_TOKEN in; the stdio server forwards it from its environment. */
export const ADMIN_TOKEN_HEADER = 'x-alerts-admin-token';

const NAME = 'name must be a rule name from alerts.yaml (list_alert_rules lists them)';
const MINUTES = 'minutes must be a whole number from 1 to 525600 (a year)';
const ALERT_ID = 'alert_id must be an alert id, 1 to 255 characters (GET /api/alerts/dead lists them)';
const CHANNEL = 'channel must be a channel name, 1 to 63 characters';
const ruleName = z.string({ error: NAME }).min(1, NAME).max(63, NAME).describe('the rule’s name');
const outcome = z.object({ rule: z.string(), paused: z.boolean(), paused_until: z.string().nullable() });

/**
 * list_alert_rules (read-only), and pause_alert_rule / resume_alert_rule / replay_alert, which change only
 * this service's own state and run only for a client that sent ALERTS_ADMIN_TOKEN.
 */
export function registerAlertAdminTools(server: McpServer, admin: AlertsAdmin, logger: ToolLogger, refusal: string | undefined): void {
  registerReadOnlyTool(server, logger, {
    name: 'list_alert_rules',
    title: 'Alert rules',
    description: 'The alert rules (alerts.yaml, or the defaults), their kind and channels, and whether each is paused.',
    input: {},
    output: z.object({
      rules: z.array(z.object({ name: z.string(), kind: z.string(), channels: z.array(z.string()), urgent: z.boolean(), ...outcome.omit({ rule: true }).shape })),
    }),
    async answer() {
      const rules = await admin.rules();
      return {
        rules: rules.map(({ rule, pausedUntil }) => ({
          name: rule.name,
          kind: rule.kind,
          channels: [...rule.channels],
          urgent: rule.urgent,
          paused: pausedUntil !== undefined,
          paused_until: pausedUntil ?? null,
        })),
      };
    },
  });

  const standing = async (name: string) => {
    const found = (await admin.rules()).find((r) => r.rule.name === name);
    return { rule: name, paused: found?.pausedUntil !== undefined, paused_until: found?.pausedUntil ?? null };
  };

  registerAdminTool(
    server,
    logger,
    {
      name: 'pause_alert_rule',
      title: 'Pause an alert rule',
      description: 'Stops a rule from making alerts, for `minutes` or until resumed. Needs ALERTS_ADMIN_TOKEN. Changes nothing in Stripe.',
      input: { name: ruleName, minutes: z.number({ error: MINUTES }).int(MINUTES).min(1, MINUTES).max(525_600, MINUTES).optional().describe('how long; absent: until resumed') },
      output: outcome,
      async answer({ name, minutes }) {
        if (!(await admin.pause(name, minutes))) throw new BadRequestError(`no alert rule is named ${JSON.stringify(name)}`);
        return standing(name);
      },
    },
    refusal,
  );

  registerAdminTool(
    server,
    logger,
    {
      name: 'resume_alert_rule',
      title: 'Resume an alert rule',
      description: 'Lets a paused rule make alerts again, from now on (what happened meanwhile is not sent). Needs ALERTS_ADMIN_TOKEN.',
      input: { name: ruleName },
      output: outcome,
      async answer({ name }) {
        if (!(await admin.resume(name))) throw new BadRequestError(`no alert rule is named ${JSON.stringify(name)}`);
        return standing(name);
      },
    },
    refusal,
  );

  registerAdminTool(
    server,
    logger,
    {
      name: 'replay_alert',
      title: 'Send a given-up alert again',
      description:
        'Puts an alert whose delivery was given up (GET /api/alerts/dead lists them) back in line, on one channel or on every one it died on. ' +
        'Needs ALERTS_ADMIN_TOKEN. Changes nothing in Stripe.',
      input: {
        alert_id: z.string({ error: ALERT_ID }).min(1, ALERT_ID).max(255, ALERT_ID).describe('the alert’s id'),
        channel: z.string({ error: CHANNEL }).min(1, CHANNEL).max(63, CHANNEL).optional().describe('one channel; absent: every channel it died on'),
      },
      output: z.object({ alert_id: z.string(), channels: z.array(z.string()).describe('the channels it is queued again on') }),
      async answer({ alert_id, channel }) {
        if (channel !== undefined && !admin.channelNames().includes(channel)) {
          throw new BadRequestError(`no alert channel is named ${JSON.stringify(channel)}; there are ${admin.channelNames().join(', ')}`);
        }
        const channels = await admin.replay(alert_id, channel);
        if (channels.length === 0) throw new BadRequestError(`no delivery of ${JSON.stringify(alert_id)} was given up${channel === undefined ? '' : ` on ${channel}`}`);
        return { alert_id, channels };
      },
    },
    refusal,
  );
}
