import type Stripe from 'stripe';
import type { Config } from '../config/config.ts';
import { createRevenueService, type RevenueService, type RevenueServiceDeps } from '../service/revenue-service.ts';
import type { Database } from '../store/database.ts';
import { openDatabase } from '../store/open-database.ts';
import { createStripeClient } from '../stripe/client.ts';
import { realDataSource } from './data-source.ts';

export const STRIPE_SCHEMA = 'revenue_agent';

export interface OpenStoreOptions extends Partial<Omit<RevenueServiceDeps, 'config' | 'db' | 'stripe'>> {
  /** Tests keep PGlite in memory; the service keeps it under DATA_DIR. */
  inMemory?: boolean;
  schema?: string;
  /** Demo data: this process's own, gone when it stops. */
  disposable?: boolean;
}

/**
 * The store a configuration names, migrated, with the revenue service over it: what `serve` and the
 * one-shot commands both run on.
 */
export async function openStore(
  config: Config,
  options: OpenStoreOptions = {},
): Promise<{ db: Database; service: RevenueService; stripe: Stripe | undefined }> {
  const { inMemory, schema, disposable, ...serviceOptions } = options;
  const db = await openDatabase({
    url: config.database.url,
    dataDir: inMemory ? undefined : config.database.dataDir,
    schema: schema ?? STRIPE_SCHEMA,
    disposable: disposable ?? false,
  });
  const key = config.stripe.secretKey;
  const stripe = key === undefined ? undefined : createStripeClient({ secretKey: key, apiBase: config.stripe.apiBase });
  try {
    const service = await createRevenueService({ source: realDataSource(config), ...serviceOptions, config, db, stripe });
    return { db, service, stripe };
  } catch (error) {
    await db.close();
    throw error;
  }
}
