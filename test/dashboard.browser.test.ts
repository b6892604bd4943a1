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
      last_error: 'Stripe answered 429 (rate limited)',
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
    assert.match((await stale.textContent()) ?? '', /out of date.*Stripe answered 429 \(rate limited\)/);
    assert.match((await page.locator('#source-banner').textContent()) ?? '', /not configured: set STRIPE_SECRET_KEY/);
    const jpy = page.locator('#currency-rows tr', { hasText: 'JPY' });
    assert.match((await jpy.textContent()) ?? '', /¥5,000.*Not converted/);
    assert.match((await page.locator('#unconverted-note').textContent()) ?? '', /JPY.*EXCHANGE_RATES/);
    await context.close();
  });
});
