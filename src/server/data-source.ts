import type { Config } from '../config/config.ts';
import type { DataSource } from '../service/revenue-service.ts';

/** Real figures need a way in from Stripe: a key to sync with, or a secret to take signed webhooks. */
export function realDataSource(config: Config): DataSource | 'none' {
  return config.stripe.secretKey !== undefined || config.stripe.webhookSecrets.length > 0 ? 'stripe' : 'none';
}
