import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { BIN, cleanEnv } from './support/cli-process.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const TOKEN = 'mcp-test-token-0123456789abcdef';
const READ_ONLY = ['explain_change', 'get_churn', 'get_customer', 'get_movements', 'get_mrr', 'get_mrr_history', 'list_alert_rules', 'list_failed_payments', 'list_trials_ending'];
/** They change the service's own alert rules, never Stripe, and need ALERTS_ADMIN_TOKEN (test/alert-rules.test.ts). */
const ADMIN = ['pause_alert_rule', 'replay_alert', 'resume_alert_rule'];
const TOOLS = [...READ_ONLY, ...ADMIN].sort();
const cents = (major: number) => Math.round(major * 100);
const FIGURES = ['mrr', 'arr', 'customers', 'total_revenue', 'currency', 'customers_total', 'mrr_by_currency', 'scheduled_churn_mrr', 'as_of', 'stale'] as const;

async function connect(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'mcp-test', version: '1.0.0' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers } }));
  return client;
}

/** A day `days` before today, YYYY-MM-DD. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe(`MCP server over the demo account, behind DASHBOARD_TOKEN (${store})`, () => {
  let sut: ServiceUnderTest;
  let client: Client;
  let jane: string;
  const get = async (path: string) => (await fetch(`${sut.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<any>;
  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as any;

  before(async () => {
    const now = Math.floor(Date.now() / 1000);
    const state = generateAccount({ seed: 3, customers: 200, now });
    const builder = new AccountBuilder(state);
    const price = builder.price({ currency: 'eur', unitAmount: 1999, interval: 'month' });
    const customer = builder.customer({ name: 'Jane MCP', email: 'Jane.Mcp@Example.com', created: now - 7200 });
    jane = customer.id;
    builder.subscription({ customer, items: [{ price, quantity: 1 }] });
    sut = await startServiceAgainst(state, { env: { DASHBOARD_TOKEN: TOKEN, EXCHANGE_RATES: 'eur=1.085,gbp=1.27,jpy=0.0067' } });
    await pollUntil(async () => (await get('/api/revenue')).as_of, 'the start-up sync', 60_000);
    await sut.running.service.derivationsSettled();
    client = await connect(sut.url, TOKEN);
  });
  after(async () => {
    await client?.close();
    await sut?.stop();
  });

  test('POST /mcp wants the token like the API: 401 without it', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const response = await fetch(`${sut.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    assert.equal(((await response.json()) as any).error.code, 'unauthorized');
    await assert.rejects(connect(sut.url), /401|unauthorized/i);
  });

  test('lists every tool, each with an output schema, read-only but for those that pause and resume alert rules and replay alerts', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
    for (const tool of tools) {
      assert.equal(tool.annotations?.readOnlyHint, READ_ONLY.includes(tool.name), tool.name);
      assert.equal(tool.outputSchema?.type, 'object', tool.name);
    }
  });

  test('get_mrr is /api/revenue’s figures; with as_of, the history’s point of that day', async () => {
    const [result, revenue] = await Promise.all([call('get_mrr'), get('/api/revenue')]);
    assert.equal(result.isError, undefined);
    for (const field of FIGURES) assert.deepEqual(result.structuredContent[field], revenue[field], field);
    assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);

    const day = daysAgo(40);
    const past = await call('get_mrr', { as_of: day });
    const history = await get(`/api/metrics/mrr?from=${day}&to=${day}&interval=day`);
    assert.equal(past.structuredContent.mrr, history.points[0].mrr);
    assert.equal(past.structuredContent.customers, history.points[0].customers);
    assert.equal(cents(past.structuredContent.arr), 12 * cents(history.points[0].mrr));
  });

  test('history, movements and churn are the API’s', async () => {
    const from = daysAgo(200);
    const to = daysAgo(1);
    const mrr = await call('get_mrr_history', { from, to, interval: 'month' });
    assert.deepEqual(mrr.structuredContent, await get(`/api/metrics/mrr?from=${from}&to=${to}&interval=month`));
    const movements = await call('get_movements', { from, to });
    assert.deepEqual(movements.structuredContent, await get(`/api/metrics/movements?from=${from}&to=${to}`));
    const month = daysAgo(40).slice(0, 7);
    const [churn, summary] = await Promise.all([call('get_churn', { period: month }), get(`/api/metrics/summary?period=${month}`)]);
    assert.equal(churn.structuredContent.churned_customers, summary.churned_customers);
    assert.equal(churn.structuredContent.churned_mrr, summary.movements.churn);
    assert.equal(churn.structuredContent.customer_churn_rate, summary.customer_churn_rate);
  });

  test('explain_change sums to the cent to the change of MRR between the two days, largest first', async () => {
    for (const [from, to] of [[daysAgo(90), daysAgo(1)], [daysAgo(400), daysAgo(30)]] as const) {
      const { structuredContent: why } = await call('explain_change', { from, to, limit: 10 });
      const at = async (day: string) => (await get(`/api/metrics/mrr?from=${day}&to=${day}&interval=day`)).points[0].mrr;
      const change = cents(await at(to)) - cents(await at(from));
      assert.equal(cents(why.mrr_at_to) - cents(why.mrr_at_from), change);
      assert.equal(cents(why.change), change);
      assert.equal(Object.values(why.by_type as Record<string, number>).reduce((sum, v) => sum + cents(v), 0), change);
      assert.equal(why.customers.reduce((sum: number, c: any) => sum + cents(c.change), 0) + cents(why.others.change), change);
      assert.ok(why.customers.length > 0 && why.customers.length <= 10);
      const sizes = why.customers.map((c: any) => Math.abs(c.change));
      assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
      for (const c of why.customers) assert.equal(c.movements.reduce((sum: number, m: any) => sum + cents(m.amount), 0), cents(c.change));
    }
  });

  test('get_customer by id and by e-mail (any case) is /api/customers/{id}', async () => {
    const expected = await get(`/api/customers/${jane}`);
    assert.deepEqual((await call('get_customer', { id: jane })).structuredContent, expected);
    assert.deepEqual((await call('get_customer', { email: 'jane.mcp@example.com' })).structuredContent, expected);
  });

  test('failed payments and trials ending are listed from the store', async () => {
    const failed = (await call('list_failed_payments', { days: 366 })).structuredContent;
    assert.ok(failed.payments.length > 0);
    for (const p of failed.payments) assert.ok(p.at >= failed.since && typeof p.currency === 'string', p.id);
    const trials = (await call('list_trials_ending', { days: 60 })).structuredContent;
    for (const t of trials.trials) assert.ok(t.trial_end <= trials.until, t.subscription_id);
  });

  test('bad input is a tool error that says what is wrong', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['get_mrr', { as_of: '2025-02-30' }, /not a real calendar date/],
      ['get_mrr', { as_of: '2999-01-01' }, /after today/],
      ['get_mrr_history', { from: '2025-05-01', to: '2025-01-01' }, /after to/],
      ['explain_change', { from: daysAgo(5), to: '2999-01-01' }, /after today/],
      ['get_customer', {}, /either id or email/],
      ['get_customer', { id: 'cus_nobody' }, /no customer with id cus_nobody/],
      ['get_customer', { email: 'nobody@example.com' }, /no customer with e-mail/],
      ['list_failed_payments', { days: 0 }, /days must be a whole number/],
    ];
    for (const [name, args, message] of cases) {
      const result = await call(name, args);
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)}`);
      assert.match(result.content[0].text, message, name);
    }
  });

  test('`revenue-agent mcp` serves the same tools over stdio, from the running service', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--url', sut.url], env: cleanEnv({ DASHBOARD_TOKEN: TOKEN }) as Record<string, string>, stderr: 'pipe' });
    const stdio = new Client({ name: 'mcp-stdio-test', version: '1.0.0' });
    await stdio.connect(transport);
    try {
      assert.deepEqual((await stdio.listTools()).tools.map((t) => t.name).sort(), TOOLS);
      const result = (await stdio.callTool({ name: 'get_mrr', arguments: {} })) as any;
      assert.equal(result.structuredContent.mrr, (await get('/api/revenue')).mrr);
    } finally {
      await stdio.close();
    }
  });
});

describe(`MCP server without DASHBOARD_TOKEN (${store})`, () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceAgainst(generateAccount({ seed: 4, customers: 20, now: Math.floor(Date.now() / 1000) }));
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 60_000);
  });
  after(async () => sut?.stop());

  test('answers on a loopback name, and refuses a request from another site as every POST route does', async () => {
    const client = await connect(sut.url);
    try {
      const result = (await client.callTool({ name: 'get_mrr', arguments: {} })) as any;
      assert.equal(result.structuredContent.mrr, (await sut.get('/api/revenue')).body.mrr);
    } finally {
      await client.close();
    }
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const crossSite = await fetch(`${sut.url}/mcp`, { method: 'POST', headers: { ...headers, origin: 'https://elsewhere.example' }, body });
    assert.equal(crossSite.status, 403);
    assert.equal(((await crossSite.json()) as any).error.code, 'cross_site_refused');
    assert.equal((await fetch(`${sut.url}/mcp`)).status, 405);
  });
});
