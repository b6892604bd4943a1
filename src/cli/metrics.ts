import Table from 'cli-table3';
import { revenueBody } from '../http/revenue-body.ts';
import { currencyDecimals } from '../metrics/index.ts';
import { historyTable } from './history-table.ts';
import { exitIfConfigError, loadConfigOrExit } from '../config/load-config-or-exit.ts';
import { openStore } from '../server/open-store.ts';

/** The figures `/api/revenue` serves, from the same store, as a table; or the last 12 months. */
export async function printMetrics(options: { json: boolean; history: boolean }): Promise<number> {
  const config = loadConfigOrExit();
  const { db, service } = await openStore(config).catch((error: unknown) => {
    exitIfConfigError(error);
    throw error;
  });
  try {
    if (options.history) {
      process.stdout.write(`${await historyTable(service)}\n`);
      return 0;
    }
    const body = revenueBody(service.view(), new Date());
    if (options.json) {
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return 0;
    }
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
    process.stdout.write(`${table.toString()}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
