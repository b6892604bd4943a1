import type { IncomingWebhookSendArguments } from '@slack/webhook';
import type { AlertBody } from './alert-body.ts';
import { summarize } from './alert-summary.ts';

/** Slack's limits: a header's text, a section field's text. */
const HEADER_MAX = 150;
const FIELD_MAX = 2000;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Text from customers (names) can't mention @channel or make links: Slack's control characters are escaped. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface SlackMessage {
  /** Shown in notifications, and where blocks are not; read as mrkdwn too. */
  text: string;
  blocks: NonNullable<IncomingWebhookSendArguments['blocks']>;
}

/** One message per alert: a header saying what and how much, the facts as fields, the alert's id below. */
export function slackMessage(body: AlertBody): SlackMessage {
  const summary = summarize(body);
  return {
    text: escape(summary.headline),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(`${summary.title}: ${summary.amount}`, HEADER_MAX), emoji: false } },
      {
        type: 'section',
        fields: summary.facts.map(([label, value]) => ({ type: 'mrkdwn' as const, text: cut(`*${label}*\n${escape(value)}`, FIELD_MAX) })),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: escape(summary.footnote) }] },
    ],
  };
}
