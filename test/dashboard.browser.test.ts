import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AccountBuilder } from '../src/emulator/account-builder.ts';
import { EmulatorState } from '../src/emulator/index.ts';
import { DEMO_NOTICE } from '../src/server/demo-account.ts';
import { pollUntil } from './support/poll.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';
import { postSigned } from './support/webhook-client.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = '/tmp/dashboard.png';
const WEBHOOK_SECRET = 'whsec_dashboard_browser_test';
const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
// CI installs Chromium (.ci/run), so there a missing browser fails; elsewhere it skips with the reason.
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `${CHROMIUM} is not installed (apt-get install chromium)` : false;

const usd = (major: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(major);
type Service = Omit<ServiceUnderTest, 'emulator'>;

describe(`the live dashboard in Chromium (${store})`, { skip }, () => {
  let browser: Browser;
  let demo: Service;
  let webhooksOnly: Service;

  before(async () => {
    [browser, demo, webhooksOnly] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
      startTestService({ DEMO_ACTIVITY_SECONDS: '0' }),
      startTestService({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([demo?.stop(), webhooksOnly?.stop()]);
  });

  /** A page in a fixed locale, recording console errors, failed scripts and requests, and any request elsewhere. */
  async function open(url: string): Promise<{ page: Page; problems: string[] }> {
    const problems: string[] = [];
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1200, height: 1000 } });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} for ${r.url()}`));
    page.on('request', (r) => !r.url().startsWith(new URL(url).origin) && !r.url().startsWith('data:') && problems.push(`request to ${r.url()}`));
    await page.goto(url);
    return { page, problems };
  }
  const card = (page: Page, id: string) => page.locator(`#card-${id}`).textContent();

  test('demo mode: the banner, and the cards showing what /api/revenue says', async () => {
    const { page, problems } = await open(demo.url);
    const revenue = await pollUntil(async () => {
      const r = (await demo.get('/api/revenue')).body;
      return r.as_of && r.mrr > 0 && (await card(page, 'mrr')) === usd(r.mrr) ? r : undefined;
    }, 'the MRR card to show the synced demo figures', 30_000);
    const banner = page.locator('#source-banner');
    assert.ok(await banner.isVisible());
    assert.equal((await banner.textContent())?.trim(), DEMO_NOTICE);
    assert.equal(await card(page, 'arr'), usd(revenue.arr));
    assert.equal(await card(page, 'customers'), revenue.customers.toLocaleString('en-US'));
    assert.equal(await card(page, 'total-revenue'), usd(revenue.total_revenue));
    assert.equal(await page.locator('#connection').textContent(), 'Live');
    assert.equal(await page.locator('#stale-warning').isVisible(), false);
    // The status strip: the source in words, the last sync and its result; no sign-out without a login.
    assert.equal(revenue.livemode, false);
    assert.equal(revenue.last_sync.result, 'ok');
    assert.match((await page.locator('#strip-source').textContent()) ?? '', /Demo data/);
    assert.match((await page.locator('#strip-sync').textContent()) ?? '', /Last sync \d\d:\d\d [AP]M: ok/);
    assert.match((await page.locator('#strip-webhook').textContent()) ?? '', /Last webhook|No webhook yet/);
    assert.equal(await page.locator('#sign-out').isVisible(), false);

    // Both charts drawn from the metrics API, then one picture for a person to look at.
    await page.waitForFunction(() => {
      const Chart = (globalThis as any).Chart;
      const points = Chart?.getChart('mrr-chart')?.data.datasets[0]?.data ?? [];
      return points.length >= 12 && points.some((v: number) => v > 0) && Chart.getChart('movements-chart');
    }, undefined, { timeout: 30_000 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  /** The months in the MRR chart's table, once the chart has been drawn for `range`. */
  const tableMonths = async (page: Page, range: string) => {
    await page.waitForFunction((r) => (globalThis as any).document.body.dataset.chartRange === r, range, { timeout: 30_000 });
    return page.locator('#mrr-table-rows tr').count();
  };

  test('the range control refetches the charts, retitles them, updates their tables and CSV links, and is remembered', async () => {
    const { page, problems } = await open(demo.url);
    assert.equal(await tableMonths(page, '12'), 12);
    assert.equal(await page.locator('#history-title').textContent(), 'Last 12 months');
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/api/metrics/') && asked.push(new URL(r.url()).search));
    await page.getByLabel('3 months').check();
    assert.equal(await tableMonths(page, '3'), 3);
    assert.equal(await page.locator('#history-title').textContent(), 'Last 3 months');
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)).toISOString().slice(0, 10);
    assert.ok(asked.includes(`?interval=month&from=${from}`), asked.join(' '));
    assert.equal(await page.locator('#mrr-csv').getAttribute('href'), `/api/metrics/mrr?interval=month&from=${from}&format=csv`);
    assert.equal(await page.locator('#movements-csv').getAttribute('download'), 'movements.csv');
    const chartMonths = await page.evaluate(() => (globalThis as any).Chart.getChart('movements-chart').data.labels.length);
    assert.equal(await page.locator('#movements-table-rows tr').count(), chartMonths);

    await page.getByLabel('All', { exact: true }).check();
    const all = await tableMonths(page, 'all');
    assert.ok(all >= 12, `all history has ${all} months`);
    assert.equal(await page.locator('#history-title').textContent(), 'All history');
    const first = await page.locator('#mrr-table-rows tr td').nth(0).textContent();
    assert.notEqual(first, usd(0), 'all history starts at the first month with data');

    await page.reload();
    assert.equal(await tableMonths(page, 'all'), all, 'the choice is remembered');
    assert.ok(await page.getByLabel('All', { exact: true }).isChecked());
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('at 360 px nothing overflows the page; the dark scheme changes the colours', async () => {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.waitForFunction(() => (globalThis as any).Chart?.getChart('movements-chart') !== undefined, undefined, { timeout: 30_000 });
    await page.locator('details').first().evaluate((d) => ((d as any).open = true));
    const overflow = await page.evaluate(() => {
      const { document } = globalThis as any;
      const root = document.documentElement;
      // Tables may be wider than the screen: they scroll inside their wrapper.
      const outside = [...document.querySelectorAll('body *')]
        .filter((el: any) => !el.closest('.table-wrap') && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > root.clientWidth + 0.5)
        .map((el: any) => el.id || el.className || el.tagName);
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, outside };
    });
    assert.ok(overflow.scrollWidth <= overflow.clientWidth, JSON.stringify(overflow));
    assert.deepEqual(overflow.outside, []);

    const background = () => page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as any;
      return getComputedStyle(document.body).backgroundColor;
    });
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    assert.notEqual(dark, light);
    assert.equal(dark, 'rgb(17, 21, 27)');
    await context.close();
  });

  test('a webhook that changes MRR reaches the open page through the event stream', async () => {
    const { page, problems } = await open(webhooksOnly.url);
    const before = (await webhooksOnly.get('/api/revenue')).body;
    await pollUntil(async () => (await card(page, 'mrr')) === usd(before.mrr), 'the first figures');
    assert.equal(await page.locator('#source-banner').isVisible(), false, 'no banner for a real account');

    const state = new EmulatorState();
    const b = new AccountBuilder(state);
    const price = b.price({ currency: 'usd', unitAmount: 4_250, interval: 'month' });
    const sub = b.subscription({ customer: b.customer({}), items: [{ price, quantity: 2 }] });
    const event = state.recordEvent('customer.subscription.created', sub, undefined, { created: Math.floor(Date.now() / 1000) });
    assert.equal((await postSigned(webhooksOnly.running.app, event, WEBHOOK_SECRET)).status, 200);

    const expected = usd(before.mrr + 85);
    await pollUntil(async () => (await card(page, 'mrr')) === expected, `the MRR card to show ${expected}`);
    assert.equal((await webhooksOnly.get('/api/revenue')).body.mrr, before.mrr + 85);
    assert.equal(await card(page, 'customers'), String(before.customers + 1));
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test('stale figures, unconverted currencies and a missing account are said plainly', async () => {
    const body = {
      ...(await demo.get('/api/revenue')).body,
      source: 'none',
      configured: false,
      message: undefined,
      stale: true,
      as_of: '2026-03-02T10:00:00.000Z',
      last_sync: { at: '2026-03-02T10:42:00.000Z', result: 'failed', error: 'Stripe answered 429 (rate limited)' },
      last_error: 'the last sync failed: Stripe answered 429 (rate limited)',
      mrr_by_currency: { usd: 100, jpy: 5000 },
      total_revenue_by_currency: { usd: 900, jpy: 20000 },
      unconverted_currencies: ['jpy'],
    };
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    await context.route('**/api/stream', (route) =>
      route.fulfill({ status: 200, contentType: 'text/event-stream', body: `event: revenue\ndata: ${JSON.stringify(body)}\n\n` }),
    );
    const page = await context.newPage();
    await page.goto(demo.url);
    const stale = page.locator('#stale-warning');
    await stale.waitFor({ state: 'visible' });
    assert.match((await stale.textContent()) ?? '', /out of date: Stripe rate-limited the last sync at Mar 2, 2026, 10:42 AM; showing data from Mar 2, 2026, 10:00 AM/);
    assert.match((await page.locator('#strip-sync').textContent()) ?? '', /✕ Last sync .*: failed/);
    assert.match((await page.locator('#strip-source').textContent()) ?? '', /No Stripe account/);
    assert.match((await page.locator('#source-banner').textContent()) ?? '', /not configured: set STRIPE_SECRET_KEY/);
    const jpy = page.locator('#currency-rows tr', { hasText: 'JPY' });
    assert.match((await jpy.textContent()) ?? '', /¥5,000.*Not converted/);
    assert.match((await page.locator('#unconverted-note').textContent()) ?? '', /JPY.*EXCHANGE_RATES/);
    await context.close();
  });
});
