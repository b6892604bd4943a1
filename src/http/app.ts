import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { RevenueService } from '../service/revenue-service.ts';
import { registerErrorHandling } from './errors.ts';
import { healthRoutes } from './routes/health.ts';
import { revenueRoutes } from './routes/revenue.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  service: RevenueService;
  logger: Logger | false;
  now?: () => Date;
}

/** Builds the HTTP app without listening, so tests can `inject` requests. */
export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    bodyLimit: MAX_BODY_BYTES,
  }) as unknown as FastifyInstance;
  const now = options.now ?? (() => new Date());
  registerErrorHandling(app);
  healthRoutes(app, options.service);
  revenueRoutes(app, options.service, now);
  return app;
}
