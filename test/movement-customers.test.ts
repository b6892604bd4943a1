import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { generateAccount } from '../src/emulator/generate-account.ts';
import { pollUntil } from './support/poll.ts';
import { startServiceAgainst, type ServiceUnderTest } from './support/service-under-test.ts';

const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
const cents = (major: number) => Math.round(major * 100);
const TRICKY_NAME = `=cmd|' /C calc'!A0, "Doe, Jane"`;

/** The last `count` months, 'YYYY-MM', oldest first, ending with the current one. */
function lastMonths(count: number): string[] {
  const now = new Date();
  return Array.from({ length: count }, (_, k) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - k), 1)).toISOString().slice(0, 7));
}

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

describe(`movement drill-down and CSV exports over the demo account (${store})`, () => {
  let sut: ServiceUnderTest;
  let tricky: string;
  before(async () => {
    const now = Math.floor(Date.now() / 1000);
    const state = generateAccount({ seed: 1, customers: 300, now });
    const builder = new AccountBuilder(state);
    const price = builder.price({ currency: 'usd', unitAmount: 4321, interval: 'month' });
    const customer = builder.customer({ name: TRICKY_NAME, email: 'jane@example.com', created: now - 3600 });
    tricky = customer.id;
    builder.subscription({ customer, items: [{ price, quantity: 1 }] });
    sut = await startServiceAgainst(state, { env: { EXCHANGE_RATES: 'eur=1.085,gbp=1.27,jpy=0.0067' } });
    await pollUntil(async () => (await sut.get('/api/revenue')).body.as_of, 'the start-up sync', 60_000);
    await sut.running.service.derivationsSettled();
  });
  after(async () => sut?.stop());

  test('for every month of the last 12 and every type, the customers sum exactly to the bar', async () => {
    const months = lastMonths(12);
    const bars = (await sut.get(`/api/metrics/movements?from=${months[0]}-01&interval=month`)).body.points;
    assert.deepEqual(bars.map((b: any) => b.period), months);
    let listed = 0;
    for (const bar of bars) {
      const all = await sut.get(`/api/metrics/movements/customers?period=${bar.period}`);
      assert.equal(all.status, 200);
      assert.equal(all.body.type, null);
      const sumAll = all.body.movements.reduce((s: number, m: any) => s + cents(m.amount), 0);
      assert.equal(sumAll, KINDS.reduce((s, k) => s + cents(bar[k]), 0), `${bar.period}: all types`);
      assert.equal(cents(all.body.total), sumAll);
      for (const kind of KINDS) {
        const { body } = await sut.get(`/api/metrics/movements/customers?period=${bar.period}&type=${kind}`);
        assert.equal(body.type, kind);
        assert.ok(body.movements.every((m: any) => m.type === kind));
        assert.equal(body.movements.reduce((s: number, m: any) => s + cents(m.amount), 0), cents(bar[kind]), `${bar.period} ${kind}`);
        if (kind === 'churn' || kind === 'contraction') assert.ok(body.movements.every((m: any) => m.amount <= 0), `${kind} is negative`);
        listed += body.movements.length;
      }
      const sizes = all.body.movements.map((m: any) => Math.abs(m.amount));
      assert.deepEqual(sizes, [...sizes].sort((a: number, b: number) => b - a), 'largest first');
    }
    assert.ok(listed > 50, `the demo account has movements (${listed})`);
  });

  test('each movement names its customer from the stored customer object; the current month is the default', async () => {
    const { body } = await sut.get('/api/metrics/movements/customers');
    assert.equal(body.period, new Date().toISOString().slice(0, 7));
    assert.equal(body.currency, 'usd');
    const mine = body.movements.find((m: any) => m.customer_id === tricky);
    assert.deepEqual({ ...mine, at: undefined }, { customer_id: tricky, name: TRICKY_NAME, email: 'jane@example.com', type: 'new', amount: 43.21, at: undefined });
    assert.ok(!Number.isNaN(Date.parse(mine.at)));
  });

  test('bad period, type or format: 400 in the error shape', async () => {
    for (const query of ['period=2026-13', 'period=26-01', 'period=1899-12', 'type=refund', 'format=xml']) {
      const { status, body } = await sut.get(`/api/metrics/movements/customers?${query}`);
      assert.equal(status, 400, query);
      assert.equal(body.error.code, 'invalid_request', query);
    }
    for (const path of ['/api/metrics/mrr?format=pdf', '/api/metrics/movements?format=']) assert.equal((await sut.get(path)).status, 400, path);
  });

  test('the drill-down as CSV: escaped, formula-neutralised, and equal to the JSON', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const response = await sut.running.app.inject({ method: 'GET', url: `/api/metrics/movements/customers?period=${month}&type=new&format=csv` });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(response.headers['content-disposition'], `attachment; filename="movement-customers-${month}-new.csv"`);
    assert.ok(response.body.includes(`"'=cmd|' /C calc'!A0, ""Doe, Jane"""`), 'quoted, doubled quotes, leading apostrophe');
    const [header, ...rows] = parseCsv(response.body);
    assert.deepEqual(header, ['customer_id', 'name', 'email', 'type', 'amount', 'currency', 'at']);
    const json = (await sut.get(`/api/metrics/movements/customers?period=${month}&type=new`)).body.movements;
    assert.equal(rows.length, json.length);
    rows.forEach((row, k) => {
      const m = json[k];
      assert.deepEqual([row[0], row[2] || null, row[3], Number(row[4]), row[5], row[6]], [m.customer_id, m.email, m.type, m.amount, 'usd', m.at]);
      assert.equal(row[1]!.replace(/^'/, ''), m.name ?? '');
    });
  });

  test('the MRR and movements series as CSV equal the JSON', async () => {
    const months = lastMonths(12);
    const range = `from=${months[0]}-01&to=${new Date().toISOString().slice(0, 10)}&interval=month`;
    for (const [path, name, header] of [
      ['/api/metrics/mrr', 'mrr', ['date', 'mrr', 'customers', 'currency']],
      ['/api/metrics/movements', 'movements', ['period', ...KINDS, 'net', 'currency']],
    ] as const) {
      const response = await sut.running.app.inject({ method: 'GET', url: `${path}?${range}&format=csv` });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
      const json = (await sut.get(`${path}?${range}`)).body;
      assert.equal(response.headers['content-disposition'], `attachment; filename="${name}-${json.from}-${json.to}.csv"`);
      const [head, ...rows] = parseCsv(response.body);
      assert.deepEqual(head, [...header]);
      assert.equal(rows.length, json.points.length);
      rows.forEach((row, k) => {
        const point = json.points[k];
        header.forEach((column, c) => {
          if (column === 'currency') assert.equal(row[c], 'usd');
          else if (column === 'date' || column === 'period') assert.equal(row[c], point[column]);
          else assert.equal(Number(row[c]), point[column], `${name} ${column}`);
        });
      });
    }
  });
});
