import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toMajorString, toMajorUnits } from '../../metrics/index.ts';
import { DAY_SECONDS, formatDate, formatMonth, monthBounds, parseDate } from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { customerMovementsBetween } from '../../service/customer-movements.ts';
import { sendCsv } from '../csv-reply.ts';
import { isoFromUnix } from '../json-values.ts';
import { formatField, monthField } from '../metrics-query.ts';
import { parseQuery } from '../parse-query.ts';

const KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
const movementCustomersQuery = z.object({
  period: monthField.optional(),
  type: z.enum(KINDS, { error: `type must be one of ${KINDS.join(', ')}` }).optional(),
  format: formatField,
});

/**
 * The customers behind one month's movement bar of GET /api/metrics/movements?interval=month, largest
 * first: their amounts sum exactly to the bar (rounded as the bars are, see customerMovementAmounts).
 */
export function movementCustomersRoutes(app: FastifyInstance, service: RevenueService): void {
  const currency = service.rates.reportingCurrency;

  app.get('/api/metrics/movements/customers', async (request, reply) => {
    const query = parseQuery(movementCustomersQuery, request.query);
    const history = service.history();
    const month = query.period ?? formatMonth(history.now);
    const bounds = monthBounds(month);
    // As in the series, the current month's bar ends with today.
    const end = Math.min(bounds.end, parseDate(formatDate(history.now)) + DAY_SECONDS);
    const movements = (await customerMovementsBetween(service, history, bounds.start, end))
      .filter((m) => query.type === undefined || m.kind === query.type)
      .map((m) => ({ customer_id: m.customerId, name: m.name, email: m.email, type: m.kind, amount: m.amount, at: isoFromUnix(m.at) }));
    const total = movements.reduce((sum, m) => sum + m.amount, 0);
    if (query.format === 'csv') {
      const rowsOut = movements.map((m) => [m.customer_id, m.name, m.email, m.type, toMajorString(m.amount, currency), currency, m.at]);
      const filename = `movement-customers-${month}${query.type ? `-${query.type}` : ''}.csv`;
      return sendCsv(reply, filename, ['customer_id', 'name', 'email', 'type', 'amount', 'currency', 'at'], rowsOut);
    }
    return {
      currency,
      period: month,
      type: query.type ?? null,
      total: toMajorUnits(total, currency),
      movements: movements.map((m) => ({ ...m, amount: toMajorUnits(m.amount, currency) })),
    };
  });
}
