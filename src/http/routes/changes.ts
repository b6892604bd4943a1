import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { figureChange, revenueChange, toMajorUnits, type FigureChange } from '../../metrics/index.ts';
import { DAY_SECONDS, formatDate, LedgerCursor, parseDate } from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { parseQuery } from '../parse-query.ts';

const DAYS = 'days must be a whole number from 1 to 365';
const changesQuery = z.object({ days: z.coerce.number({ error: DAYS }).int(DAYS).min(1, DAYS).max(365, DAYS).default(30) });

/**
 * Each headline figure now and `days` ago, for the cards. "Then" is measured as history measures a day,
 * at 23:59:59 UTC of `since`, so it equals that date's point of /api/metrics/mrr; total revenue's change is
 * the net revenue of the charges created after that instant, converted as the headline converts.
 */
export function changesRoutes(app: FastifyInstance, service: RevenueService): void {
  const currency = service.rates.reportingCurrency;
  const major = (c: FigureChange) => ({ now: toMajorUnits(c.now, currency), then: toMajorUnits(c.then, currency), change: toMajorUnits(c.change, currency) });

  app.get('/api/metrics/changes', async (request) => {
    const { days } = parseQuery(changesQuery, request.query);
    const { snapshot } = service.view();
    const { ledger, now } = service.history();
    const since = formatDate(now - days * DAY_SECONDS);
    const instant = parseDate(since) + DAY_SECONDS - 1;
    const cursor = new LedgerCursor(ledger, service.rates);
    cursor.advanceTo(instant);
    const mrrThen = cursor.mrr();
    const window = await service.reads.charges.netSince(instant);
    const revenue = revenueChange(
      new Map(Object.entries(snapshot.totalRevenueByCurrency)),
      new Map(window.map((w) => [w.currency, w.amount])),
      service.rates,
    );
    return {
      currency,
      days,
      since,
      mrr: major(figureChange(snapshot.mrr, mrrThen)),
      arr: major(figureChange(snapshot.arr, 12 * mrrThen)),
      customers: figureChange(snapshot.payingCustomers, cursor.payingCustomers),
      total_revenue: major(revenue),
    };
  });
}
