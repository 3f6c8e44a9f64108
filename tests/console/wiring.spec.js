// Story 3: a template's default data source and its field map.
const { test, expect, api, signIn, go, shot, unique } = require('./helpers.js');

test('wiring: choose a default source, map fields from the sample record, required ones flagged; generations use it', async ({ page, request }) => {
  const source = await api('POST', '/v1/data_sources', { body: { kind: 'records', name: unique('accounts') } });
  expect(source.status).toBe(201);
  const appended = await api('POST', `/v1/data_sources/${source.json.id}/records`, {
    body: 'acct_name,acct_city,note\nAcme,Paris,first\n', contentType: 'text/csv',
  });
  expect(appended.status, appended.text).toBe(200);
  const t = await api('POST', '/v1/templates', {
    body: { name: unique('Wired'), kind: 'markdown', source: '# {{customer.name}}\n\nCity: {{customer.city}}\n\n{{note}}\n', required_fields: ['customer.name'] },
  });
  expect(t.status).toBe(201);

  await signIn(page);
  await go(page, `templates/${t.json.id}`);
  const wiring = page.getByRole('region', { name: 'Wiring' });
  await wiring.getByLabel('Default data source').selectOption(source.json.id);
  const nameField = wiring.getByLabel('Source field for customer.name');
  await expect(nameField).toBeVisible();
  // The lists are the template's fields and the source's sample record.
  expect(await nameField.locator('option').allTextContents()).toEqual(['(not mapped)', 'acct_city', 'acct_name', 'note']);
  await expect(wiring.getByLabel('Source field for note').locator('option').first()).toHaveText('(same name: note)');
  await expect(wiring.getByTestId('unmet-required')).toContainText('customer.name');
  await nameField.selectOption('acct_name');
  await expect(wiring.getByTestId('unmet-required')).toHaveCount(0);
  await wiring.getByLabel('Source field for customer.city').selectOption('acct_city');
  await wiring.getByRole('button', { name: 'Save wiring' }).click();
  await expect(page.getByRole('region', { name: 'Wiring' }).getByLabel('Source field for customer.city')).toHaveValue('acct_city');
  await shot(page, 'wiring');

  const stored = (await api('GET', `/v1/templates/${t.json.id}`)).json;
  expect(stored.default_data_source_id).toBe(source.json.id);
  expect(stored.field_map).toEqual({ acct_name: 'customer.name', acct_city: 'customer.city' });

  // A generation naming neither data nor a source reads the wired source.
  const g = await api('POST', '/v1/generations', { body: { template_id: t.json.id, outputs: ['txt'] } });
  expect(g.status, g.text).toBe(202);
  let done;
  await expect.poll(async () => {
    done = (await api('GET', `/v1/generations/${g.json.id}`)).json;
    return done.status;
  }, { timeout: 20000 }).toBe('completed');
  const text = await (await request.get(done.outputs[0].url)).text();
  expect(text).toContain('Acme');
  expect(text).toContain('City: Paris');
});
