import type { AlertBody } from './alert-body.ts';
import { summarize } from './alert-summary.ts';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One e-mail per alert: the subject names the type, the customer and the amount; the body gives the facts. */
export function emailMessage(body: AlertBody): EmailMessage {
  const summary = summarize(body);
  // A header is one line, whatever a customer's name holds.
  const subject = `[Revenue Agent] ${summary.headline}`.replace(/[\r\n\t]+/g, ' ');
  const text = [summary.headline, '', ...summary.facts.map(([label, value]) => `${label}: ${value}`), '', summary.footnote, ''].join('\n');
  const rows = summary.facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n');
  const html = `<!doctype html>
<html><body style="font-family: sans-serif">
<h2>${escapeHtml(summary.title)}: ${escapeHtml(summary.amount)}</h2>
<table cellpadding="4">
${rows}
</table>
<p style="color: #666">${escapeHtml(summary.footnote)}</p>
</body></html>
`;
  return { subject, text, html };
}
