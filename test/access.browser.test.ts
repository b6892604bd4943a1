// Issue 11: with DASHBOARD_TOKEN, a person logs in through a form, and the page's own requests (fetch and
// the event stream) carry the session cookie, under the page's Content-Security-Policy.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pollUntil } from './support/poll.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'browser-access-token-0123456789';
const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
// CI installs Chromium (.ci/run), so there a missing browser fails; elsewhere it skips with the reason.
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `${CHROMIUM} is not installed (apt-get install chromium)` : false;

describe(`logging in to the dashboard in Chromium (${store})`, { skip }, () => {
  let browser: Browser;
  let sut: Omit<ServiceUnderTest, 'emulator'>;

  before(async () => {
    [browser, sut] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
      startTestService({ STRIPE_WEBHOOK_SECRET: 'whsec_access_browser_test', DASHBOARD_TOKEN: TOKEN }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await sut?.stop();
  });

  const logIn = async (page: Page, token: string) => {
    await page.fill('#token', token);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  };

  test('the page asks for the token; a wrong one is refused; the right one opens the live dashboard; logging out ends it', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('401') && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

    await page.goto(sut.url);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.ok(await page.locator('#token').isVisible());

    await logIn(page, 'not-the-token-at-all');
    assert.match((await page.locator('.error').textContent()) ?? '', /not the dashboard token/);

    await logIn(page, TOKEN);
    assert.equal(new URL(page.url()).pathname, '/');
    // The event stream and the charts' fetches went through with the cookie.
    await pollUntil(async () => (await page.locator('#connection').textContent()) === 'Live', 'the event stream to connect');
    await page.waitForFunction(() => (globalThis as any).Chart?.getChart('mrr-chart') !== undefined, undefined, { timeout: 30_000 });
    const cookies = await context.cookies();
    assert.deepEqual(cookies.map((c) => [c.name, c.httpOnly, c.sameSite]), [['revenue_agent_session', true, 'Strict']]);

    // A same-origin POST from the page carries an Origin the service takes as its own.
    const landedAt = await page.evaluate(async () => (await fetch('/logout', { method: 'POST' })).url);
    assert.equal(new URL(landedAt).pathname, '/login');
    await page.goto(sut.url);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('"Sign out" shows with a cookie session, not with a bearer token; it ends the session and shows the login form', async () => {
    const bearer = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
    const scripted = await bearer.newPage();
    await scripted.goto(sut.url);
    await pollUntil(async () => (await scripted.locator('#connection').textContent()) === 'Live', 'the bearer page to connect');
    assert.equal(await scripted.locator('#sign-out').isVisible(), false);
    await bearer.close();

    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(sut.url);
    await logIn(page, TOKEN);
    const signOut = page.locator('#sign-out');
    await signOut.waitFor({ state: 'visible' });
    await Promise.all([page.waitForURL((url) => url.pathname === '/login'), signOut.click()]);
    assert.ok(await page.locator('#token').isVisible(), 'the login form');
    assert.equal((await page.request.get(`${sut.url}/api/revenue`)).status(), 401, 'the session is over');
    await page.goto(sut.url);
    assert.equal(new URL(page.url()).pathname, '/login');
    await context.close();
  });
});
