import type { Config } from '../config/config.ts';
import { createRevenueService, type RevenueService } from '../service/revenue-service.ts';
import { STRIPE_SCHEMA } from '../service/start-service.ts';
import type { Database } from '../store/database.ts';
import { openDatabase } from '../store/open-database.ts';
import { createStripeClient } from '../stripe/client.ts';
import { realDataSource } from '../service/data-source.ts';

/** The same store and service as `serve`, without HTTP: for one-shot commands. */
export async function openService(config: Config): Promise<{ db: Database; service: RevenueService }> {
  const db = await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, schema: STRIPE_SCHEMA });
  const key = config.stripe.secretKey;
  const stripe = key === undefined ? undefined : createStripeClient({ secretKey: key, apiBase: config.stripe.apiBase });
  const service = await createRevenueService({ config, db, stripe, source: realDataSource(config) });
  return { db, service };
}
