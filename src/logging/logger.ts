import { pino, type Logger } from 'pino';
import { safeError } from './safe-error.ts';

/** Paths that could carry a secret, wherever a log line might include them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["stripe-signature"]',
  'req.headers.cookie',
  'req.headers["x-alerts-admin-token"]',
  '*.secretKey',
  '*.webhookSecrets',
  '*.STRIPE_SECRET_KEY',
  '*.STRIPE_WEBHOOK_SECRET',
  '*.DATABASE_URL',
  '*.ALERT_WEBHOOK_SECRET',
  '*.ALERT_WEBHOOK_URL',
  '*.SLACK_WEBHOOK_URL',
  '*.SMTP_URL',
  '*.ALERTS_ADMIN_TOKEN',
  '*.adminToken',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, name: 'revenue-agent', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { err: safeError, error: safeError } },
    destination as never,
  );
}
