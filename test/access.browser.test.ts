// Issue 11: with DASHBOARD_TOKEN, a person logs in through a form, and the page's own requests (fetch and
// the event stream) carry the session cookie, under the page's Content-Security-Policy. With or without
// it, what a real browser lets another site do (post a form, rebind its name to 127.0.0.1) gets nothing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pollUntil } from './support/poll.ts';
import { startTestService, type ServiceUnderTest } from './support/service-under-test.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const TOKEN = 'browser-access-token-0123456789';
/** Another site, served by the test through the browser's routing: its page posts a form to `target` as it loads. */
const EVIL_SITE = 'http://evil.example/';
const store = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
// CI installs Chromium (.ci/run), so there a missing browser fails; elsewhere it skips with the reason.
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `${CHROMIUM} is not installed (apt-get install chromium)` : false;

/** Opens another site's page that posts a form (application/x-www-form-urlencoded) to `target`; answers what came back. */
async function crossSiteFormPost(context: BrowserContext, target: string) {
  await context.route(`${EVIL_SITE}**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<form method="post" action="${target}"><input name="a" value="1"></form><script>document.forms[0].submit()</script>`,
    }),
  );
  const page = await context.newPage();
  const [response] = await Promise.all([page.waitForResponse((r) => r.url() === target), page.goto(EVIL_SITE)]);
  const sent = response.request().headers();
  assert.equal(sent.origin, EVIL_SITE.slice(0, -1));
  assert.match(sent['content-type'] ?? '', /^application\/x-www-form-urlencoded/);
  return { status: response.status(), body: await response.json() };
}

describe(`logging in to the dashboard in Chromium (${store})`, { skip }, () => {
  let browser: Browser;
  let sut: Omit<ServiceUnderTest, 'emulator'>;

  before(async () => {
    [browser, sut] = await Promise.all([
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
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

  test("another site's form cannot start a sync with a logged-in person's session", async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(sut.url);
    await logIn(page, TOKEN);
    // SameSite=Strict keeps the cookie home, and a cookie-borne change must come from this origin anyway.
    const { status, body } = await crossSiteFormPost(context, `${sut.url}/api/revenue/sync`);
    assert.ok(status === 401 || status === 403, String(status));
    assert.match(body.error.code, /^(unauthorized|cross_site_refused)$/);
    await context.close();
  });

  // Last here: it holds this browser's address back for the rest of the minute.
  test('wrong tokens from one address are held back: the sixth in a minute is refused with the wait, even the right one', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(sut.url);
    for (let i = 0; i < 5; i++) {
      await logIn(page, `wrong-token-${i}`);
      assert.match((await page.locator('.error').textContent()) ?? '', /not the dashboard token/);
    }
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login');
    await logIn(page, TOKEN);
    const limited = await answer;
    assert.equal(limited.status(), 429);
    assert.ok(Number(limited.headers()['retry-after']) > 0);
    assert.match((await page.locator('.error').textContent()) ?? '', /^Too many wrong tokens: try again in \d+ s\.$/);
    assert.equal((await page.request.get(`${sut.url}/api/revenue`)).status(), 401, 'not logged in');
    await context.close();
  });
});

describe(`without DASHBOARD_TOKEN, in Chromium (${store})`, { skip }, () => {
  let browser: Browser;
  let sut: Omit<ServiceUnderTest, 'emulator'>;

  before(async () => {
    [browser, sut] = await Promise.all([
      // DNS rebinding: a name of another site that resolves to this machine's loopback address.
      chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP rebound.example 127.0.0.1'] }),
      startTestService({ STRIPE_WEBHOOK_SECRET: 'whsec_access_browser_test' }),
    ]);
  });
  after(async () => {
    await browser?.close();
    await sut?.stop();
  });

  test("another site's form post to POST /api/revenue/sync is refused", async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const { status, body } = await crossSiteFormPost(context, `${sut.url}/api/revenue/sync`);
    assert.equal(status, 403);
    assert.equal(body.error.code, 'cross_site_refused');
    await context.close();
  });

  test('a page under a name rebound to the loopback address gets nothing: the page and the API refuse its Host', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const rebound = `http://rebound.example:${new URL(sut.url).port}`;
    const response = await page.goto(rebound);
    assert.equal(response?.status(), 403);
    assert.equal((await response!.json()).error.code, 'forbidden_host');
    // The attacker's script, now "same-origin" with the service, reads nothing either.
    const api = await page.evaluate(async () => {
      const answer = await fetch('/api/revenue');
      return { status: answer.status, code: ((await answer.json()) as { error?: { code?: string } }).error?.code };
    });
    assert.deepEqual(api, { status: 403, code: 'forbidden_host' });
    assert.equal((await page.goto(sut.url))?.status(), 200, 'the loopback address itself is served');
    await context.close();
  });
});
