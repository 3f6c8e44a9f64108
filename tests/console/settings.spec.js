// Story 9: retention days, default locale and time zone.
const { test, expect, api, signIn, go, shot } = require('./helpers.js');

test('settings: change retention, default locale and time zone', async ({ page }) => {
  const before = (await api('GET', '/v1/workspace')).json;
  await signIn(page);
  await go(page, 'settings');
  await expect(page.getByLabel('Retention (days)')).toHaveValue(String(before.retention_days));
  await page.getByLabel('Retention (days)').fill('45');
  await page.getByLabel('Default locale').fill('de-DE');
  await page.getByLabel('Default time zone').fill('Europe/Berlin');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  const after = (await api('GET', '/v1/workspace')).json;
  expect([after.retention_days, after.default_locale, after.default_timezone]).toEqual([45, 'de-DE', 'Europe/Berlin']);
  await shot(page, 'settings');

  await page.getByLabel('Retention (days)').fill('0');
  await page.getByLabel('Retention (days)').evaluate((input) => input.removeAttribute('min'));
  await page.getByRole('button', { name: 'Save settings' }).click();
  const alert = page.getByRole('form', { name: 'Workspace settings' }).getByRole('alert');
  await expect(alert).toContainText('parameter_invalid');
  await expect(alert).toContainText(/request_id: req_/);

  await api('PATCH', '/v1/workspace', { body: { retention_days: before.retention_days, default_locale: before.default_locale, default_timezone: before.default_timezone } });
});
