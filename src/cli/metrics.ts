import Table from 'cli-table3';
import { z } from 'zod';
import { revenueBody } from '../http/revenue-body.ts';
import { currencyDecimals } from '../metrics/index.ts';
import { historyFromService, historyFromStore, historyTable } from './history-table.ts';
import { loadConfigOrExit } from '../config/load-config-or-exit.ts';
import { withStore } from './running-service.ts';

/** The fields of `/api/revenue` the table shows. */
const tableFields = z.object({
  mrr: z.number(),
  arr: z.number(),
  customers: z.number(),
  customers_total: z.number(),
  total_revenue: z.number(),
  scheduled_churn_mrr: z.number(),
  currency: z.string(),
  mrr_by_currency: z.record(z.string(), z.number()),
  unconverted_currencies: z.array(z.string()),
  source: z.string(),
  as_of: z.string().nullable(),
  stale: z.boolean(),
  last_error: z.string().nullable(),
});

/**
 * The figures `/api/revenue` serves, as a table or as that JSON; or the last 12 months. From the running
 * service when one holds the store, from the store itself otherwise.
 */
export async function printMetrics(options: { json: boolean; history: boolean }): Promise<number> {
  const config = loadConfigOrExit();
  return withStore(config, {
    async viaService(running) {
      if (options.history) return print(historyTable(await historyFromService(running)));
      const { body } = await running.request('GET', '/api/revenue');
      return print(options.json ? JSON.stringify(body, null, 2) : figuresTable(tableFields.parse(body)));
    },
    async viaStore({ service }) {
      if (options.history) return print(historyTable(historyFromStore(service)));
      const body = revenueBody(service.view(), new Date());
      return print(options.json ? JSON.stringify(body, null, 2) : figuresTable(body));
    },
  });
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

function figuresTable(body: z.infer<typeof tableFields>): string {
  const table = new Table({ head: ['metric', 'value'] });
  const money = (amount: number, currency: string) => `${amount.toFixed(currencyDecimals(currency))} ${currency.toUpperCase()}`;
  table.push(
    ['MRR', money(body.mrr, body.currency)],
    ['ARR', money(body.arr, body.currency)],
    ['Paying customers', String(body.customers)],
    ['Customers (all)', String(body.customers_total)],
    ['Total revenue', money(body.total_revenue, body.currency)],
    ['Scheduled churn MRR', money(body.scheduled_churn_mrr, body.currency)],
    ...Object.entries(body.mrr_by_currency).map(([c, v]) => [`MRR in ${c.toUpperCase()}`, money(v, c)]),
    ['Unconverted currencies', body.unconverted_currencies.join(', ') || '—'],
    ['Source', body.source],
    ['As of', body.as_of ?? 'never synced'],
    ['Stale', body.stale ? `yes: ${body.last_error}` : 'no'],
  );
  return table.toString();
}
