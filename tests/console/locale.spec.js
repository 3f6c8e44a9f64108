// Dates are shown in the browser's locale and time zone.
const { test, expect, api, signIn, unique } = require('./helpers.js');

test.use({ locale: 'de-DE', timezoneId: 'Asia/Tokyo' });

test('dates follow the browser: de-DE in Tokyo', async ({ page }) => {
  const name = unique('Datum');
  const created = await api('POST', '/v1/templates', { body: { name, kind: 'markdown', source: '# {{x}}\n' } });
  expect(created.status).toBe(201);
  await signIn(page);
  const cell = page.locator('tbody tr', { hasText: name }).locator('time');
  await expect(cell).toHaveAttribute('datetime', created.json.updated_at);
  const expected = new Date(created.json.updated_at).toLocaleString('de-DE', { timeZone: 'Asia/Tokyo' });
  await expect(cell).toHaveText(expected);
  expect(expected).toMatch(/^\d{1,2}\.\d{1,2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
});
