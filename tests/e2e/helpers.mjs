// Shared by the browser tests: the server's URL, a signed-in API client (cookie + CSRF token, the
// same way the web client calls the API), browser start-up, and screenshots.
//
//   const alice = await signInApi('unicef.officer');   // throws if the server refuses
//   const { status, body } = await alice.get('/api/v1/activities?limit=1');
//   const context = await newContext(browser, { as: alice });   // a browser already signed in
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
export const BASE = (process.env.ONEMISSION_URL ?? '').replace(/\/+$/, '');
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? '';
export const TIMEOUT = 20_000;
/** Every demo user has this password (`onemission demo`). */
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'onemission-demo';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

async function readBody(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** An API client without a session (to check what the server answers anonymous callers). */
export async function anonymous(method, pathAndQuery, body) {
  const response = await fetch(BASE + pathAndQuery, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await readBody(response) };
}

/** Signs in through the API and answers a client that sends the cookie and the CSRF token. */
export async function signInApi(username, password = DEMO_PASSWORD) {
  const response = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await readBody(response);
  assert.equal(response.status, 200, `sign-in as ${username} answered ${response.status}: ${JSON.stringify(body)}`);
  const cookie = (response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie') ?? ''])
    .map((line) => /om_session=([^;]*)/.exec(line)?.[1])
    .find(Boolean);
  assert.ok(cookie, `sign-in as ${username} set no om_session cookie`);
  const send = async (method, pathAndQuery, payload) => {
    const headers = { Cookie: `om_session=${cookie}`, Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = body.csrf_token;
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const answer = await fetch(BASE + pathAndQuery, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
    return { status: answer.status, headers: answer.headers, body: await readBody(answer) };
  };
  return {
    username,
    user: body.user,
    cookie,
    send,
    get: (pathAndQuery) => send('GET', pathAndQuery),
    /** GET that must succeed; answers the body. */
    async json(pathAndQuery) {
      const { status, body: answer } = await send('GET', pathAndQuery);
      assert.equal(status, 200, `GET ${pathAndQuery} as ${username} answered ${status}: ${JSON.stringify(answer)}`);
      return answer;
    },
  };
}

/** A browser context; with `as`, it carries that API client's session cookie (already signed in). */
export async function newContext(browser, { as, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  if (as) {
    await context.addCookies([{ name: 'om_session', value: as.cookie, url: BASE, httpOnly: true, sameSite: 'Strict' }]);
  }
  return context;
}

/** Opens a page that records uncaught script errors in `page.errors`. */
export async function openPage(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  if (url) await page.goto(BASE + url);
  return page;
}

/** Signs in through the sign-in form of a page that shows it. */
export async function signInWithForm(page, username, password = DEMO_PASSWORD) {
  await page.getByTestId('page-sign-in').waitFor({ timeout: TIMEOUT });
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

export async function screenshot(page, name, options = {}) {
  if (!SCREENSHOT_DIR) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), ...options });
}

/** The numbers shown on the page are locale-formatted ("2,414", "2 414"): keep the digits. */
export function digits(text) {
  const only = (text ?? '').replace(/\D/g, '');
  assert.notEqual(only, '', `expected a number, got ${JSON.stringify(text)}`);
  return Number(only);
}

/** Waits until a list card (users, tokens, releases, audit) has finished loading. */
export async function waitForList(page, testId) {
  await page.waitForFunction(
    (id) => {
      const card = document.querySelector(`[data-testid="${id}"]`)?.closest('.table-card');
      return card && ['ready', 'empty', 'error'].includes(card.dataset.state);
    },
    testId,
    { timeout: TIMEOUT },
  );
}
