// Story 7: create a key (secret once), roll it with a grace period, revoke it.
const { test, expect, api, signIn, go, shot, unique } = require('./helpers.js');

async function takeSecret(page, title) {
  const box = page.getByRole('region', { name: title });
  await expect(box).toBeVisible();
  const secret = (await box.getByTestId('secret').textContent()).trim();
  await box.getByRole('button', { name: 'Copy secret' }).click();
  await expect(box.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await box.getByRole('button', { name: 'I have saved it' }).click();
  await expect(box).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  return secret;
}

test('API keys: create, roll with a grace period, revoke; a revoked key fails on its next call', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page);
  await go(page, 'api-keys');
  const name = unique('deploy');
  await page.getByText('New API key').click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Role').selectOption('standard');
  await page.getByRole('button', { name: 'Create key' }).click();
  await shot(page, 'api-keys-secret');
  const first = await takeSecret(page, `New key ${name}`);
  expect(first).toMatch(/^s2d_live_/);
  expect((await api('GET', '/v1/templates?limit=1', { key: first })).status).toBe(200);

  const row = page.locator('tbody tr', { hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`…${first.slice(-4)}`);
  await row.getByRole('button', { name: `Roll ${name}` }).click();
  await row.getByLabel('Old key keeps working for (hours)').fill('1');
  await row.getByRole('button', { name: 'Roll key' }).click();
  const second = await takeSecret(page, `Rolled key ${name}`);
  expect(second).not.toBe(first);
  // Both work during the grace period; the old one now has an expiry.
  expect((await api('GET', '/v1/templates?limit=1', { key: first })).status).toBe(200);
  expect((await api('GET', '/v1/templates?limit=1', { key: second })).status).toBe(200);
  const keys = (await api('GET', '/v1/api_keys?limit=100')).json.data.filter((k) => k.name === name);
  const old = keys.find((k) => k.last4 === first.slice(-4));
  const remaining = Date.parse(old.expires_at) - Date.now();
  expect(remaining).toBeGreaterThan(50 * 60 * 1000);
  expect(remaining).toBeLessThanOrEqual(60 * 60 * 1000);

  const fresh = page.locator('tbody tr', { hasText: `…${second.slice(-4)}` });
  await fresh.getByRole('button', { name: `Revoke ${name}` }).click();
  await fresh.getByRole('button', { name: `Confirm revoking ${name}` }).click();
  await expect(fresh).toContainText('revoked');
  const refused = await api('GET', '/v1/templates?limit=1', { key: second });
  expect(refused.status).toBe(401);
  expect(refused.json.error.code).toBe('api_key_revoked');
  await shot(page, 'api-keys');
});
