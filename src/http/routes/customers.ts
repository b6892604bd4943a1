import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toMajorUnits, type RatesConfig } from '../../metrics/index.ts';
import { reportingFactor } from '../../metrics/history/index.ts';
import type { RevenueService } from '../../service/revenue-service.ts';
import { customerDetailJson } from '../answers/customer-answer.ts';
import { errorBody } from '../errors.ts';
import { majorByCurrency } from '../json-values.ts';
import { parseQuery } from '../parse-query.ts';
import { storedText } from '../stored-text.ts';

const LIMIT = 'limit must be a whole number from 1 to 200';
const OFFSET = 'offset must be a whole number from 0';
const listQuery = z.object({
  search: storedText('search must be at most 200 characters', { min: 0, max: 200 }).optional(),
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(200, LIMIT).default(50),
  offset: z.coerce.number({ error: OFFSET }).int(OFFSET).min(0, OFFSET).max(1_000_000_000, OFFSET).default(0),
});
const ID = 'the customer id must be 1 to 255 characters';
const customerParams = z.object({ id: storedText(ID, { min: 1, max: 255 }) });

/** Reporting minor units per minor unit of each currency with a rate, for the SQL that orders customers by MRR. */
function reportingFactors(rates: RatesConfig): Record<string, string> {
  const currencies = [rates.reportingCurrency.toLowerCase(), ...rates.rates.keys()];
  return Object.fromEntries(currencies.map((c) => [c, reportingFactor(c, rates)!.toFixed()]));
}

/** Customers by MRR, searchable and paged in SQL; one customer's subscriptions, movements and MRR history. */
export function customerRoutes(app: FastifyInstance, service: RevenueService): void {
  const { rates } = service;
  const currency = rates.reportingCurrency;
  const factors = reportingFactors(rates);

  app.get('/api/customers', async (request) => {
    const { search, limit, offset } = parseQuery(listQuery, request.query);
    const page = await service.reads.customerList.page({ search, limit, offset, factors, now: service.history().now });
    return {
      currency,
      total: page.total,
      limit,
      offset,
      customers: page.customers.map((c) => ({
        id: c.id,
        name: c.name,
        email: c.email,
        mrr: toMajorUnits(c.reportingMrr, currency),
        mrr_by_currency: majorByCurrency(c.mrrByCurrency),
        subscriptions: c.liveSubscriptions,
        paying: c.paying,
      })),
    };
  });

  app.get('/api/customers/:id', async (request, reply) => {
    const { id } = parseQuery(customerParams, request.params);
    const customer = await customerDetailJson(service, id);
    return customer ?? reply.code(404).send(errorBody('not_found', 'no customer with this id'));
  });
}
