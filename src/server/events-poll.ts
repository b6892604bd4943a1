import type { Logger } from 'pino';
import type { RevenueService } from '../service/revenue-service.ts';

/**
 * While webhooks are quiet or missing (none set up, an endpoint down, a firewall), Stripe's /v1/events
 * brings the changes between full syncs: one request a poll when nothing happened, one poll at a time.
 * Returns the function that stops it.
 */
export function startEventsPoll(service: RevenueService, seconds: number, logger: Logger): () => void {
  let polling = false;
  const timer = setInterval(() => {
    const lastWebhook = service.lastWebhookAt();
    if (polling || (lastWebhook && Date.now() - lastWebhook.getTime() < seconds * 1000)) return;
    polling = true;
    service
      .catchUpEvents()
      .then(
        (added) => added > 0 && logger.info({ added }, 'applied events that no webhook brought'),
        (error: unknown) => logger.warn({ err: error }, 'events poll failed; will try again'),
      )
      .finally(() => (polling = false));
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
