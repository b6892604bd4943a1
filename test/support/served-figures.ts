import type { EmulatorState } from '../../src/emulator/index.ts';
import { figuresBody } from '../../src/http/revenue-body.ts';
import { expectedDefaultSnapshot } from './expected-figures.ts';

export type Figures = ReturnType<typeof figuresBody>;

// Every figure, which the compiler checks: a figure added to the API is compared too.
const FIGURE_FIELDS: Record<keyof Figures, true> = {
  mrr: true,
  arr: true,
  customers: true,
  total_revenue: true,
  currency: true,
  customers_total: true,
  mrr_by_currency: true,
  total_revenue_by_currency: true,
  unconverted_currencies: true,
  exchange_rates: true,
  scheduled_churn_mrr: true,
  unpriced_subscriptions: true,
};

/**
 * The figures in a GET /api/revenue body or a stream's `revenue` event, without what belongs to one
 * instance or one moment: the timestamp, freshness, backlog, last sync and last webhook.
 */
export function figuresIn(body: Record<string, unknown>): Figures {
  return Object.fromEntries(Object.keys(FIGURE_FIELDS).map((field) => [field, body[field]])) as Figures;
}

export async function readFigures(serviceUrl: string): Promise<Figures> {
  return figuresIn((await (await fetch(`${serviceUrl}/api/revenue`)).json()) as Record<string, unknown>);
}

/** What the emulator's account implies now, under the default settings, as the API would write it. */
export function expectedFigures(state: EmulatorState): Figures {
  return figuresBody(expectedDefaultSnapshot(state));
}
