// Fixtures and helpers shared by the console tests.
const fs = require('node:fs');
const path = require('node:path');
const base = require('@playwright/test');
const { server } = require('./server.js');

const SCREENSHOTS = process.env.S2D_CONSOLE_SCREENSHOTS
  || path.join(process.env.S2D_BUILD_DIR || path.resolve(__dirname, '..', '..', 'build'), 'console-screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Every test fails on a script error or a Content-Security-Policy violation
// in the page, whatever it asserts itself.
const test = base.test.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      d.dismiss();
    });
    await use(page);
    base.expect(problems, 'no script errors, CSP violations or dialogs').toEqual([]);
  },
});

// A plain HTTP call to the API (not through the browser).
async function api(method, urlPath, { body, key, workspace, operator, contentType } = {}) {
  const s = server();
  const headers = operator
    ? { Authorization: `Bearer ${s.operatorToken}` }
    : { Authorization: `Bearer ${key || s.apiKey}`, 'X-Workspace-Id': workspace || s.workspaceId };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(s.base + urlPath, { method, headers, body: payload });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, json, text, headers: response.headers };
}

async function signIn(page, { operator = false, key, workspace } = {}) {
  const s = server();
  await page.goto(`${s.base}/console/`);
  await page.getByLabel('API key').fill(key || s.apiKey);
  await page.getByLabel('Workspace ID').fill(workspace || s.workspaceId);
  if (operator) await page.getByLabel('Operator token').fill(s.operatorToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await base.expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

// A change of hash alone is a same-document navigation: goto returns before
// the console has rendered the new page, so wait until its main area says so
// (else a locator may resolve on the page being left), or until the sign-in
// form shows when there is no session.
async function go(page, hash) {
  await page.goto(`${server().base}/console/#/${hash}`);
  const name = decodeURIComponent(hash.split(/[/?]/)[0]);
  await page.locator(`main[data-page="${name}"], form[aria-label="Sign in"]`).first().waitFor();
}

// A full-page screenshot for docs/console (S2D_CONSOLE_SCREENSHOTS=docs/console).
async function shot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Chromium's PDF viewer paints a moment after its frame loads.
  if (await page.getByTestId('preview').count()) await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// axe-core in the page; evaluated through the devtools protocol, so the
// page's CSP (rightly) does not apply to it.
async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const unique = (prefix) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

module.exports = { test, expect: base.expect, api, signIn, go, shot, axeViolations, unique, server };
