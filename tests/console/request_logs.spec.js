// Story 8: request logs filtered by status, method, path, key, idempotency key and time.
const { test, expect, api, signIn, go, shot, unique, server } = require('./helpers.js');

test('request logs: filters and the redacted request and response of each', async ({ page }) => {
  const idem = unique('idem');
  const created = await api('POST', '/v1/api_keys', { body: { name: unique('logged') } });
  expect(created.status).toBe(201);
  const secret = created.json.secret;
  const templateName = unique('logged-template');
  const withKey = await fetch(`${server().base}/v1/templates`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secret}`, 'X-Workspace-Id': server().workspaceId, 'Content-Type': 'application/json', 'Idempotency-Key': idem },
    body: JSON.stringify({ name: templateName, kind: 'markdown', source: '# {{a}}\n' }),
  });
  expect(withKey.status).toBe(201);
  expect((await api('GET', '/v1/templates/tpl_missing')).status).toBe(404);

  await signIn(page);
  await go(page, 'request-logs');
  const rows = page.locator('table.logs > tbody > tr');
  await expect(rows.first()).toBeVisible();

  await page.getByLabel('Status').fill('4xx');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const missing = rows.filter({ hasText: '/v1/templates/tpl_missing' });
  await expect(missing).toHaveCount(1);
  await expect(missing).toContainText('resource_missing');
  for (const text of await rows.locator('td:nth-child(4)').allTextContents()) expect(text).toMatch(/^4\d\d/);

  await page.getByLabel('Status').fill('');
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('Path prefix').fill('/v1/templates');
  await page.getByLabel('Idempotency key').fill(idem);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows).toHaveCount(1);
  await rows.first().getByText(/^Request req_/).click();
  await expect(rows.first()).toContainText(`Idempotency key: ${idem}`);
  await expect(rows.first()).toContainText(templateName);
  await shot(page, 'request-logs');

  // The api_keys creation: its response is logged with the secret redacted.
  await page.getByLabel('Idempotency key').fill('');
  await page.getByLabel('Path prefix').fill('/v1/api_keys');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const keyRow = rows.first();
  await keyRow.getByText(/^Request req_/).click();
  await expect(keyRow).toContainText('[REDACTED]');
  expect(await page.content()).not.toContain(secret);

  await page.getByLabel('Method').selectOption('');
  await page.getByLabel('Path prefix').fill('');
  await page.getByLabel('API key ID').fill(created.json.id);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('/v1/templates');

  // Time: nothing logged after a minute from now.
  await page.getByLabel('API key ID').fill('');
  const later = new Date(Date.now() + 60000 - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  await page.getByLabel('From').fill(later);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('No requests match.')).toBeVisible();
});
