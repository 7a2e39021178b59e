// Browser tests of identity and access: the sign-in page, what each demo user's pages show (checked
// against what the API answers that same user), user administration, the Humanitarian
// Coordinator's releases, API tokens, the audit log, signing out, and French.
//
//   ONEMISSION_URL=http://127.0.0.1:PORT [SCREENSHOT_DIR=/tmp/shots] node --test tests/e2e/
//
// Needs the demo database (`onemission demo`): its users share the password `onemission-demo`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  anonymous, BASE, digits, launchBrowser, newContext, openPage, screenshot, signInApi,
  signInWithForm, TIMEOUT, waitForList,
} from './helpers.mjs';

/** Waits for the activities page's table and map to finish loading. */
async function waitForActivities(page) {
  await page.waitForFunction(() => {
    const table = document.querySelector('.table-card');
    const map = document.querySelector('.map-card');
    return table && ['ready', 'empty', 'error'].includes(table.dataset.state)
      && map && ['ready', 'error'].includes(map.dataset.state);
  }, null, { timeout: TIMEOUT });
}

async function rowIds(page, testId) {
  return page.getByTestId(testId).evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
}

describe('identity and access', { skip: BASE ? false : 'set ONEMISSION_URL to a running server' }, () => {
  let browser;
  const contexts = [];

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => browser?.close());

  async function context(options) {
    const created = await newContext(browser, options);
    contexts.push(created);
    return created;
  }

  test('the sign-in page replaces the app when not signed in, and leads back', { timeout: 60_000 }, async () => {
    assert.equal((await anonymous('GET', '/api/v1/activities?limit=1')).status, 401);
    const page = await openPage(await context(), '/?limit=25');
    await page.getByTestId('page-sign-in').waitFor({ timeout: TIMEOUT });
    const url = new URL(page.url());
    assert.equal(url.pathname, '/sign-in');
    assert.equal(url.searchParams.get('next'), '/?limit=25');
    assert.equal(await page.getByTestId('user-menu-button').count(), 0, 'no user menu before signing in');
    await screenshot(page, 'sign-in.png');

    await signInWithForm(page, 'viewer', 'not-the-password');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal((await error.textContent()).trim(), 'Wrong username or password.');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await screenshot(page, 'sign-in-error.png');

    await signInWithForm(page, 'unicef.officer');
    await page.getByTestId('page-activities').waitFor({ timeout: TIMEOUT });
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/?limit=25');
    await waitForActivities(page);
    assert.equal(await page.getByTestId('page-size').inputValue(), '25');
    assert.deepEqual(page.errors, []);
  });

  test('a session that ends on the server leads to sign-in, then back to the same view', { timeout: 60_000 }, async () => {
    const planner = await signInApi('planner');
    const page = await openPage(await context({ as: planner }), '/');
    await waitForActivities(page);
    assert.equal((await planner.send('DELETE', '/api/v1/session')).status, 204);
    await page.getByTestId('filter-status').selectOption('ongoing');
    await page.getByTestId('page-sign-in').waitFor({ timeout: TIMEOUT });
    assert.equal(new URL(page.url()).searchParams.get('next'), '/?status=ongoing');
    await signInWithForm(page, 'planner');
    await page.getByTestId('page-activities').waitFor({ timeout: TIMEOUT });
    assert.equal(new URL(page.url()).search, '?status=ongoing');
    assert.equal(await page.getByTestId('filter-status').inputValue(), 'ongoing');
    await waitForActivities(page);
    assert.deepEqual(page.errors, []);
  });

  test('force.analyst sees no rows but aggregate counts, with the notice', { timeout: 60_000 }, async () => {
    const force = await signInApi('force.analyst');
    const list = await force.json('/api/v1/activities?limit=50');
    const summary = await force.json('/api/v1/activities/summary?by=adm1');
    assert.ok(summary.aggregate_only > 0, 'the demo should release some humanitarian data to force at aggregate level');

    const page = await openPage(await context({ as: force }), '/');
    await waitForActivities(page);
    assert.equal(await page.getByTestId('activity-row').count(), list.items.length);
    assert.equal(digits(await page.getByTestId('activities-total').textContent()), list.total);
    if (list.total === 0) assert.equal(await page.locator('.table-card').getAttribute('data-state'), 'empty');
    assert.equal(digits(await page.getByTestId('map-total').textContent()), summary.total.count);
    const notice = page.getByTestId('aggregate-notice');
    assert.ok(await notice.isVisible(), 'the aggregate notice should show');
    assert.equal(digits(await page.getByTestId('aggregate-count').textContent()), summary.aggregate_only);
    assert.match(await notice.textContent(), /counted in the map and chart from aggregate data released by the Humanitarian Coordinator/);

    // The user menu says who this is, as the session does; no admin or HC links.
    assert.equal(await page.getByTestId('user-name').textContent(), force.user.display_name);
    await page.getByTestId('user-menu-button').click();
    assert.match(await page.getByTestId('user-org').textContent(), new RegExp(force.user.org.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await page.getByTestId('user-roles').locator('.chip').count(), force.user.roles.length);
    assert.equal(await page.getByTestId('menu-admin-users').count(), 0);
    assert.equal(await page.getByTestId('menu-releases').count(), 0);
    assert.equal(await page.getByTestId('menu-tokens').count(), 1);
    await screenshot(page, 'access-force-analyst.png');
    await page.keyboard.press('Escape');
    assert.deepEqual(page.errors, []);
  });

  test('unicef.officer sees rows, each marked as the API classifies it', { timeout: 60_000 }, async () => {
    const officer = await signInApi('unicef.officer');
    const list = await officer.json('/api/v1/activities?limit=50');
    const summary = await officer.json('/api/v1/activities/summary?by=adm1');
    assert.ok(list.total > 0, 'unicef.officer should read activity rows');

    const page = await openPage(await context({ as: officer }), '/');
    await waitForActivities(page);
    assert.deepEqual(await rowIds(page, 'activity-row'), list.items.map((item) => item.id));
    assert.equal(digits(await page.getByTestId('activities-total').textContent()), list.total);
    const shown = await page.getByTestId('activity-row').evaluateAll((rows) => rows.map((row) => {
      const marking = row.querySelector('[data-testid="marking"]');
      return {
        classification: marking?.dataset.classification,
        compartment: marking?.dataset.compartment,
        title: marking?.getAttribute('title') ?? '',
        redacted: row.querySelector('[data-testid="redaction-note"]')?.dataset.fields ?? '',
      };
    }));
    list.items.forEach((item, i) => {
      assert.equal(shown[i].classification, item.classification, `row ${item.id} classification`);
      assert.equal(shown[i].compartment, item.compartment ?? 'none', `row ${item.id} compartment`);
      assert.notEqual(shown[i].title, '', `row ${item.id} marking explains itself`);
      assert.equal(shown[i].redacted, (item.redacted ?? []).join(','), `row ${item.id} redacted fields`);
    });
    assert.equal(await page.getByTestId('aggregate-notice').isVisible(), (summary.aggregate_only ?? 0) > 0);
    await page.locator('[data-testid="activity-row"]').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'access-unicef-officer.png');
    assert.deepEqual(page.errors, []);
  });

  test('people without the admin role get no users page', { timeout: 60_000 }, async () => {
    const viewer = await signInApi('viewer');
    assert.equal((await viewer.get('/api/v1/users')).status, 403);
    const page = await openPage(await context({ as: viewer }), '/admin/users');
    await page.getByTestId('page-forbidden').waitFor({ timeout: TIMEOUT });
  });

  test('admin adds a user, who can then sign in, and disables them', { timeout: 90_000 }, async () => {
    const admin = await signInApi('admin');
    const orgs = (await admin.json('/api/v1/organizations?limit=1000')).items;
    const org = orgs.find((o) => o.humanitarian) ?? orgs[0];
    const username = `e2e.user${Date.now() % 1_000_000}`;
    const password = 'e2e-Passw0rd-long-enough';

    const page = await openPage(await context({ as: admin }), '/admin/users');
    await waitForList(page, 'users-table');
    assert.equal(await page.getByTestId('user-row').count(), (await admin.json('/api/v1/users')).items.length);
    await page.locator('[data-testid="add-user"] > summary').click();
    await page.getByTestId('new-user-username').fill(username);
    await page.getByTestId('new-user-display_name').fill('E2E Test User');
    await page.waitForSelector('[data-testid="new-user-org"][data-ready="true"]', { timeout: TIMEOUT });
    await page.getByTestId('new-user-org').selectOption(String(org.id));
    await page.getByTestId('roles-analyst').check();
    await page.getByTestId('new-user-password').fill(password);
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-added').waitFor({ state: 'visible', timeout: TIMEOUT });
    const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    const created = (await admin.json('/api/v1/users')).items.find((u) => u.username === username);
    assert.ok(created, 'the API lists the new user');
    assert.deepEqual([...created.roles].sort(), ['analyst', 'viewer']);
    assert.equal(created.org.id, org.id);
    await screenshot(page, 'admin-users.png', { fullPage: true });

    const fresh = await openPage(await context(), '/');
    await signInWithForm(fresh, username, password);
    await fresh.getByTestId('page-activities').waitFor({ timeout: TIMEOUT });
    assert.equal(await fresh.getByTestId('user-name').textContent(), 'E2E Test User');

    await row.getByTestId('user-disable').click();
    await page.getByTestId('dialog-confirm').click();
    await page.locator(`[data-testid="user-row"][data-username="${username}"] [data-state="disabled"]`).waitFor({ timeout: TIMEOUT });
    assert.equal((await admin.json('/api/v1/users')).items.find((u) => u.username === username).disabled, true);
    assert.notEqual((await anonymous('POST', '/api/v1/session', { username, password })).status, 200);
  });

  test('the Humanitarian Coordinator creates and revokes a release', { timeout: 90_000 }, async () => {
    const hc = await signInApi('hc');
    const reason = `E2E check ${Date.now()}`;
    const page = await openPage(await context({ as: hc }), '/releases');
    await waitForList(page, 'releases-table');
    assert.equal(await page.getByTestId('release-row').count(), (await hc.json('/api/v1/releases')).items.length);

    await page.getByTestId('release-compartment').selectOption('humanitarian');
    await page.getByTestId('release-roles-jmac').check();
    await page.getByTestId('release-level-aggregate').check();
    await page.getByTestId('release-reason').fill(reason);
    await page.getByTestId('release-create').click();
    await page.getByTestId('release-created').waitFor({ state: 'visible', timeout: TIMEOUT });
    const release = (await hc.json('/api/v1/releases')).items.find((r) => r.reason === reason);
    assert.ok(release, 'the API lists the new release');
    assert.equal(release.active, true);
    assert.deepEqual(release.recipient_roles, ['jmac']);
    assert.equal(release.level, 'aggregate');
    const row = page.locator(`[data-testid="release-row"][data-id="${release.id}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    assert.equal(await row.getAttribute('data-state'), 'active');
    await screenshot(page, 'releases.png', { fullPage: true });

    await row.getByTestId('release-revoke').click();
    await page.getByTestId('revoke-release-dialog').waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'release-revoke-dialog.png');
    await page.getByTestId('dialog-confirm').click();
    await page.locator(`[data-testid="release-row"][data-id="${release.id}"][data-state="revoked"]`).waitFor({ timeout: TIMEOUT });
    const revoked = (await hc.json('/api/v1/releases')).items.find((r) => r.id === release.id);
    assert.equal(revoked.active, false);
    assert.ok(revoked.revoked_at, 'the API records when it was revoked');
    await screenshot(page, 'releases-revoked.png', { fullPage: true });
  });

  test('an API token is shown once and can be revoked', { timeout: 60_000 }, async () => {
    const analyst = await signInApi('analyst');
    const page = await openPage(await context({ as: analyst }), '/tokens');
    await waitForList(page, 'tokens-table');
    const name = `e2e token ${Date.now()}`;
    await page.getByTestId('token-name').fill(name);
    await page.getByTestId('token-create').click();
    const secret = await page.getByTestId('token-secret').inputValue();
    assert.match(secret, /^om_/);
    assert.match(await page.getByTestId('token-created').textContent(), /you will not see it again/);
    await screenshot(page, 'tokens-created.png');
    const token = (await analyst.json('/api/v1/tokens')).items.find((t) => t.name === name);
    assert.ok(token, 'the API lists the new token');
    assert.ok(!JSON.stringify(token).includes(secret), 'the list never repeats the secret');
    const bearer = (secretValue) => fetch(`${BASE}/api/v1/session`, { headers: { Authorization: `Bearer ${secretValue}` } });
    assert.equal((await bearer(secret)).status, 200, 'the shown secret works as a bearer token');

    await page.getByTestId('token-done').click();
    assert.equal(await page.getByTestId('token-secret').count(), 0);
    const row = page.locator(`[data-testid="token-row"][data-id="${token.id}"]`);
    await row.getByTestId('token-revoke').click();
    await page.getByTestId('dialog-confirm').click();
    await row.locator('[data-state="revoked"]').waitFor({ timeout: TIMEOUT });
    assert.ok((await analyst.json('/api/v1/tokens')).items.find((t) => t.id === token.id).revoked_at);
    assert.equal((await bearer(secret)).status, 401, 'a revoked token no longer works');
  });

  test('the audit page shows what the audit API answers', { timeout: 60_000 }, async () => {
    const admin = await signInApi('admin');
    const expected = await admin.json('/api/v1/audit?limit=50&action=login');
    const page = await openPage(await context({ as: admin }), '/audit?action=login');
    await waitForList(page, 'audit-table');
    const seqs = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)));
    // Signing in above adds entries between the two reads: compare the API's page with what follows.
    const first = seqs.indexOf(expected.items[0]?.seq);
    assert.ok(expected.items.length > 0 && first >= 0, `audit row ${expected.items[0]?.seq} not on the page`);
    assert.deepEqual(seqs.slice(first, first + 10), expected.items.slice(0, 10).map((e) => e.seq));
    assert.equal(await page.getByTestId('audit-action').inputValue(), 'login');
    await screenshot(page, 'audit.png');
  });

  test('signing out ends the session and shows the sign-in page', { timeout: 60_000 }, async () => {
    const browserContext = await context();
    const page = await openPage(browserContext, '/');
    await signInWithForm(page, 'planner');
    await page.getByTestId('page-activities').waitFor({ timeout: TIMEOUT });
    const cookie = (await browserContext.cookies()).find((c) => c.name === 'om_session');
    assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
    await page.getByTestId('user-menu-button').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('page-sign-in').waitFor({ timeout: TIMEOUT });
    const response = await fetch(`${BASE}/api/v1/session`, { headers: { Cookie: `om_session=${cookie.value}` } });
    assert.equal(response.status, 401);
  });

  test('in French: sign-in, its error and the aggregate notice', { timeout: 60_000 }, async () => {
    const page = await openPage(await context({ locale: 'fr-FR' }), '/');
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor({ timeout: TIMEOUT });
    await signInWithForm(page, 'force.analyst', 'mauvais-mot-de-passe');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal((await error.textContent()).trim(), 'Nom d’utilisateur ou mot de passe incorrect.');
    await signInWithForm(page, 'force.analyst');
    await page.getByRole('heading', { level: 1, name: 'Qui fait quoi où' }).waitFor({ timeout: TIMEOUT });
    await waitForActivities(page);
    await page.getByTestId('aggregate-notice').waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.match(await page.getByTestId('aggregate-notice').textContent(), /comptées dans la carte et le graphique/);
    await screenshot(page, 'access-fr.png');
    assert.deepEqual(page.errors, []);
  });

  // Last, so that if the server also throttles by address, no later sign-in in this file suffers.
  test('repeated wrong passwords are throttled or locked, and the page says so', { timeout: 120_000 }, async () => {
    const admin = await signInApi('admin');
    const org = (await admin.json('/api/v1/organizations?limit=1')).items[0];
    // A fresh account, so that throttling or locking it disturbs no other test.
    const username = `e2e.throttle${Date.now() % 1_000_000}`;
    const added = await admin.send('POST', '/api/v1/users', {
      username, display_name: 'E2E Throttle', org: org.id, roles: ['viewer'], compartments: [], password: 'e2e-Passw0rd-long-enough',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const page = await openPage(await context(), '/');
    const error = page.getByTestId('sign-in-error');
    for (let attempt = 1; attempt <= 20; attempt++) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST');
      await signInWithForm(page, username, `wrong-${attempt}`);
      const response = await answered;
      await error.waitFor({ state: 'visible', timeout: TIMEOUT });
      const text = (await error.textContent()).trim();
      if (response.status() === 401) {
        assert.equal(text, 'Wrong username or password.');
        continue;
      }
      if (response.status() === 429) {
        const retryAfter = Number(response.headers()['retry-after']);
        const shown = Number(/Try again in (\d+) s/.exec(text)?.[1]);
        assert.ok(shown <= retryAfter && shown >= retryAfter - 2, `shows ${shown} s for Retry-After ${retryAfter}: ${text}`);
        assert.equal(await page.getByTestId('sign-in-submit').isDisabled(), true);
      } else {
        assert.equal(response.status(), 403, `attempt ${attempt} answered ${response.status()}`);
        assert.match(text, /This account is locked/);
      }
      await screenshot(page, 'sign-in-throttled.png');
      return;
    }
    assert.fail('20 wrong passwords in a row were neither throttled nor locked');
  });
});
