// The console's security bar: headers, text-only rendering of user strings,
// credentials only in sessionStorage.
const { test, expect, api, signIn, go, server } = require('./helpers.js');

test('the console is served with a strict CSP and nosniff; GET / redirects to it', async () => {
  const { base } = server();
  const root = await fetch(`${base}/`, { redirect: 'manual' });
  expect(root.status).toBe(302);
  expect(root.headers.get('location')).toBe('/console/');

  for (const [urlPath, type] of [['/console/', 'text/html'], ['/console/app.js', 'text/javascript'], ['/console/app.css', 'text/css']]) {
    const response = await fetch(base + urlPath);
    expect(response.status, urlPath).toBe(200);
    expect(response.headers.get('content-type')).toContain(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  }
  const html = await (await fetch(`${base}/console/`)).text();
  expect(html).not.toMatch(/<script>|<style|\sstyle=|\son\w+=/i);

  const missing = await fetch(`${base}/console/nope.js`);
  expect(missing.status).toBe(404);
  expect((await missing.json()).error.code).toBe('route_not_found');
});

test('a template named like markup shows literally and runs nothing', async ({ page }) => {
  const name = '<img src=x onerror=alert(1)>';
  const created = await api('POST', '/v1/templates', { body: { name, kind: 'markdown', source: '# {{title}}\n' } });
  expect(created.status).toBe(201);
  await page.addInitScript(() => {
    window.__xss = 0;
    window.alert = () => { window.__xss += 1; };
  });
  await signIn(page);
  await expect(page.getByRole('link', { name, exact: true }).first()).toBeVisible();
  await page.getByRole('link', { name, exact: true }).first().click();
  await expect(page.getByRole('heading', { name, level: 1 })).toHaveText(name);
  expect(await page.locator('main img').count()).toBe(0);
  expect(await page.evaluate(() => window.__xss)).toBe(0);
});

test('the key lives in sessionStorage only; signing out clears it', async ({ page, context }) => {
  const { apiKey } = server();
  await signIn(page);
  expect(page.url()).not.toContain(apiKey);
  const stored = await page.evaluate(() => ({
    session: JSON.stringify(sessionStorage),
    local: localStorage.length,
    cookie: document.cookie,
  }));
  expect(stored.session).toContain(apiKey);
  expect(stored.local).toBe(0);
  expect(stored.cookie).toBe('');
  expect(await context.cookies()).toEqual([]);
  expect(await page.locator('body').innerHTML()).not.toContain(apiKey);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('API key')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await go(page, 'templates');
  await expect(page.getByLabel('API key')).toBeVisible();
});

test('a wrong key is refused at sign-in with the API error and its request id', async ({ page }) => {
  await page.goto(`${server().base}/console/`);
  await page.getByLabel('API key').fill('s2d_live_wrong');
  await page.getByLabel('Workspace ID').fill(server().workspaceId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('api_key_invalid');
  await expect(alert).toContainText(/request_id: req_/);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});
