// Browser test of the activities ("who does what where") page against a running OneMission server.
//
//   ONEMISSION_URL=http://127.0.0.1:PORT [SCREENSHOT_DIR=/tmp/shots] node --test tests/e2e/
//
// The server must serve the built web client (scripts/build-web) and the demo database. Every
// number the page shows is checked against the same server's JSON API, so the test holds for any
// data set. playwright-core comes from web/node_modules (npm ci in web/) and drives Debian's
// chromium; nothing is fetched from the internet.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, digits, launchBrowser, newContext, openPage, screenshot, signInApi, TIMEOUT } from './helpers.mjs';

// Every /api/v1 call needs a session: the tests read the API and drive the browser as one demo
// user who sees activity rows (E2E_USER to pick another).
const USER = process.env.E2E_USER ?? 'unicef.officer';
let client;

async function api(pathAndQuery) {
  const { status, body } = await client.get(pathAndQuery);
  return { status, body };
}

async function apiTotal(query) {
  const params = new URLSearchParams({ ...query, limit: '1' });
  const { status, body } = await api(`/api/v1/activities?${params}`);
  assert.equal(status, 200, `GET /api/v1/activities?${params} answered ${status}`);
  return body.total;
}

/** Waits until the table shows a finished load whose API query satisfies `matches`. */
async function waitForTable(page, matches = () => true) {
  await page.waitForFunction(
    (source) => {
      const card = document.querySelector('.table-card');
      if (!card || !['ready', 'empty', 'error'].includes(card.dataset.state)) return false;
      // eslint-disable-next-line no-new-func
      return new Function('query', `return (${source})(query)`)(new URLSearchParams(card.dataset.query ?? ''));
    },
    matches.toString(),
    { timeout: TIMEOUT },
  );
}

async function shownTotal(page) {
  return digits(await page.getByTestId('activities-total').textContent());
}

async function waitForMap(page, search) {
  await page.waitForFunction(
    (expected) => {
      const card = document.querySelector('.map-card');
      return card?.dataset.state === 'ready' && card.dataset.query === expected;
    },
    search,
    { timeout: TIMEOUT },
  );
}

describe('activities page', { skip: BASE ? false : 'set ONEMISSION_URL to a running server' }, () => {
  let browser;
  let context;
  let page;

  before(async () => {
    client = await signInApi(USER);
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  async function open(url) {
    await context?.close();
    context = await newContext(browser, { as: client });
    page = await openPage(context, url);
    return page;
  }

  test('shows the total of the API and a first page of rows', { timeout: 60_000 }, async () => {
    await open('/');
    await waitForTable(page);
    const expected = await apiTotal({});
    assert.ok(expected > 0, 'the demo database should hold activities');
    assert.equal(await shownTotal(page), expected);
    const rows = await page.getByTestId('activity-row').count();
    assert.equal(rows, Math.min(expected, 50));
    await waitForMap(page, '');
    await screenshot(page, 'activities.png');
    assert.deepEqual(page.errors, []);
  });

  test('pages forward and back with the API cursors', { timeout: 60_000 }, async () => {
    await open('/?limit=25');
    await waitForTable(page, (q) => q.get('limit') === '25' && !q.has('cursor'));
    const first = await api('/api/v1/activities?limit=25');
    if (!first.body.next_cursor) return; // fewer than one page: nothing to page through
    const second = await api(`/api/v1/activities?limit=25&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    await page.getByTestId('page-next').click();
    await waitForTable(page, (q) => q.has('cursor'));
    const secondIds = await page.getByTestId('activity-row').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
    assert.deepEqual(secondIds, second.body.items.map((item) => item.id));
    await page.getByTestId('page-previous').click();
    await waitForTable(page, (q) => !q.has('cursor'));
    const firstIds = await page.getByTestId('activity-row').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
    assert.deepEqual(firstIds, first.body.items.map((item) => item.id));
  });

  test('filters by sector and text, keeps them in the URL and restores them', { timeout: 90_000 }, async () => {
    await open('/');
    await waitForTable(page);
    const select = page.getByTestId('filter-sector');
    await page.waitForSelector('[data-testid="filter-sector"][data-ready="true"]', { timeout: TIMEOUT });
    const options = await select.locator('option').evaluateAll((all) => all.map((o) => o.value).filter(Boolean));
    const bySector = (await api('/api/v1/activities/summary?by=sector')).body;
    const counts = new Map(bySector.items.filter((g) => g.sector).map((g) => [g.sector.code, g.count]));
    const sector = options.find((code) => counts.get(code) > 0);
    assert.ok(sector, `no sector option has activities (options: ${options.join(', ')})`);

    await select.selectOption(sector);
    await waitForTable(page, new Function('q', `return q.get('sector') === ${JSON.stringify(sector)}`));
    assert.equal(await shownTotal(page), await apiTotal({ sector }));
    assert.equal(await shownTotal(page), counts.get(sector));
    assert.equal(new URL(page.url()).searchParams.get('sector'), sector);

    // Free text: a word from an organization working in that sector, so the result is not empty.
    const sample = (await api(`/api/v1/activities?limit=1&sector=${encodeURIComponent(sector)}`)).body.items[0];
    const word = (sample.implementing_org?.name ?? '').split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4) ?? 'a';
    await page.getByTestId('filter-q').fill(word);
    await page.getByTestId('filter-q').press('Enter');
    await waitForTable(page, new Function('q', `return q.get('q') === ${JSON.stringify(word)}`));
    const expected = await apiTotal({ sector, q: word });
    assert.ok(expected > 0, `q=${word} should match at least the sample activity`);
    assert.equal(await shownTotal(page), expected);
    const search = `?sector=${encodeURIComponent(sector)}&q=${encodeURIComponent(word)}`;
    assert.equal(new URL(page.url()).search, search);
    await waitForMap(page, search);
    assert.equal(digits(await page.getByTestId('map-total').textContent()), expected);

    // A shared link restores the same view.
    await open(`/${search}`);
    await waitForTable(page, new Function('q', `return q.get('q') === ${JSON.stringify(word)}`));
    assert.equal(await page.getByTestId('filter-sector').inputValue(), sector);
    assert.equal(await page.getByTestId('filter-q').inputValue(), word);
    assert.equal(await shownTotal(page), expected);
  });

  test('map markers and "n of N shown" agree with the summary API', { timeout: 60_000 }, async () => {
    await open('/');
    await waitForMap(page, '');
    const summary = (await api('/api/v1/activities/summary?by=adm1')).body;
    const located = summary.items.filter((g) => g.adm1 && typeof g.adm1.lat === 'number' && typeof g.adm1.lon === 'number');
    const shown = located.reduce((sum, g) => sum + g.count, 0);
    const withoutPlace = summary.items.filter((g) => !g.adm1).reduce((sum, g) => sum + g.count, 0);
    assert.equal(digits(await page.getByTestId('map-shown').textContent()), shown);
    assert.equal(digits(await page.getByTestId('map-total').textContent()), summary.total.count);
    assert.equal(summary.total.count, await apiTotal({}));
    const unlocated = Math.max(withoutPlace, summary.unlocated ?? 0);
    if (unlocated > 0) assert.equal(digits(await page.getByTestId('map-unlocated').textContent()), unlocated);
    const markers = await page.locator('[data-testid="activities-map"] path.om-marker').count();
    assert.equal(markers, located.length);
    assert.ok(markers > 0, `the map shows no markers: none of the ${summary.items.length} adm1 groups has lat/lon`);
  });

  test("shows the server's problem detail when a filter is invalid", { timeout: 60_000 }, async () => {
    const { status, body } = await api('/api/v1/activities?from=not-a-date&limit=50');
    assert.equal(status, 400);
    await open('/?from=not-a-date');
    await waitForTable(page, (q) => q.get('from') === 'not-a-date');
    assert.equal(await page.locator('.table-card').getAttribute('data-state'), 'error');
    assert.equal((await page.getByTestId('table-error-detail').textContent()).trim(), body.detail);
  });

  test('switches to French and remembers the choice', { timeout: 60_000 }, async () => {
    await open('/');
    await waitForTable(page);
    // The language switch sits in the user menu once signed in.
    await page.getByTestId('user-menu-button').click();
    await page.getByTestId('lang-fr').click();
    await page.getByRole('heading', { level: 1, name: 'Qui fait quoi où' }).waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await waitForTable(page);
    assert.equal(await shownTotal(page), await apiTotal({}));
    assert.match(await page.locator('.total').textContent(), /activités/);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Qui fait quoi où' }).waitFor({ timeout: TIMEOUT });
    await waitForTable(page);
    await waitForMap(page, '');
    await screenshot(page, 'activities-fr.png');
  });
});
