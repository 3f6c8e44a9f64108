// Stories 4 and 5: test a generation, and the generations list.
const http = require('node:http');
const { test, expect, api, signIn, go, shot, unique } = require('./helpers.js');

const LETTER = '# Letter\n\nDear {{customer.name}},\n\nThank you.\n';

async function template(name, source = LETTER, { auth, ...extra } = {}) {
  const r = await api('POST', '/v1/templates', { body: { name, kind: 'markdown', source, ...extra }, ...auth });
  expect(r.status, r.text).toBe(201);
  return r.json;
}

test('test a generation: paste data, choose formats, watch it finish, open outputs; a failure points at the template', async ({ page, request }) => {
  const t = await template(unique('Letter'), LETTER, { sample_data: { customer: { name: 'Ada' } } });
  await signIn(page);
  await go(page, `test?template=${t.id}`);
  await expect(page.getByLabel('Template')).toHaveValue(t.id);
  await expect(page.getByLabel('Data (JSON)')).toHaveValue(/Ada/);
  await page.getByLabel('HTML').check();
  await page.getByRole('button', { name: 'Run generation' }).click();
  await expect(page.getByTestId('generation-status')).toHaveText('completed', { timeout: 30000 });
  const pdf = page.getByRole('link', { name: 'Open PDF' });
  await expect(pdf).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open HTML' })).toBeVisible();
  const file = await request.get(await pdf.getAttribute('href'));
  expect(file.status()).toBe(200);
  expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const html = await request.get(await page.getByRole('link', { name: 'Open HTML' }).getAttribute('href'));
  expect(html.headers()['content-type']).toContain('text/html');
  expect(await html.text()).toContain('Dear Ada');
  await shot(page, 'test-generation');

  // Without the field: the structured error, the line marked in the source.
  await page.getByLabel('Data (JSON)').fill('{"customer": {}}');
  await page.getByLabel('HTML').uncheck();
  await page.getByRole('button', { name: 'Run generation' }).click();
  await expect(page.getByTestId('generation-status')).toHaveText('failed', { timeout: 30000 });
  const failure = page.getByRole('region', { name: 'Generation error' });
  await expect(failure).toContainText('missing_required_field');
  await expect(failure).toContainText('customer.name');
  const line = failure.getByTestId('error-line');
  await expect(line).toContainText('Dear {{customer.name}},');
  await expect(line).toContainText(/^3/);
  // The mark covers exactly the failing placeholder, not the rest of the line.
  await expect(failure.locator('.error-at')).toHaveText('{{customer.name}}');
  await shot(page, 'test-generation-failed');

  // From a data source: the filters pick the record.
  const people = await api('POST', '/v1/data_sources', { body: { kind: 'records', name: unique('people'), field_map: { name: 'customer.name' } } });
  expect(people.status).toBe(201);
  await api('POST', `/v1/data_sources/${people.json.id}/records`, { body: 'id,name\n1,Ada\n2,Grace\n', contentType: 'text/csv' });
  await page.getByLabel('A data source with filters').check();
  await page.getByRole('combobox', { name: 'Data source', exact: true }).selectOption(people.json.id);
  await page.getByLabel('Filters (JSON)').fill('{"id": "2"}');
  await page.getByLabel('TXT').check();
  await page.getByLabel('PDF').uncheck();
  await page.getByRole('button', { name: 'Run generation' }).click();
  await expect(page.getByTestId('generation-status')).toHaveText('completed', { timeout: 30000 });
  const txt = await request.get(await page.getByRole('link', { name: 'Open TXT' }).getAttribute('href'));
  expect(await txt.text()).toContain('Dear Grace,');
});

test('generations: filters, live updates, pagination, cancel and downloads', async ({ page }) => {
  // A workspace of its own, so the counts below are exact.
  const ws = await api('POST', '/v1/admin/workspaces', { operator: true, body: { name: unique('gens') } });
  expect(ws.status, ws.text).toBe(201);
  const auth = { key: ws.json.api_key.secret, workspace: ws.json.id };
  const quick = await template(unique('Quick'), '# {{n}}\n', { auth });
  const other = await template(unique('Other'), '# Other {{n}}\n', { auth });
  for (let n = 0; n < 21; n++) {
    const g = await api('POST', '/v1/generations', { ...auth, body: { template_id: quick.id, data: { n }, outputs: ['txt'] } });
    expect(g.status).toBe(202);
  }
  await api('POST', '/v1/generations', { ...auth, body: { template_id: other.id, data: { n: 1 }, outputs: ['md'] } });

  await signIn(page, auth);
  await go(page, 'generations');
  const rows = page.locator('main tbody tr');
  await expect(rows).toHaveCount(20);
  await expect(page.getByRole('button', { name: 'Next page' })).toBeEnabled();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('Page 2')).toBeVisible();
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(rows).toHaveCount(20);

  await page.getByLabel('Template').selectOption(other.id);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('completed', { timeout: 15000 });
  await expect(rows.first().getByRole('link', { name: 'Open MD' })).toBeVisible();
  await page.getByLabel('Status').selectOption('completed');
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Status').selectOption('failed');
  await expect(page.getByText('No generations match.')).toBeVisible();
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Template').selectOption('');

  // Live: a generation whose data source holds its answer stays running;
  // it appears by itself and is canceled from the list.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const source = http.createServer(async (req, res) => {
    await held;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('[{"n": 7}]');
  });
  await new Promise((resolve) => source.listen(0, '127.0.0.1', resolve));
  try {
    const ds = await api('POST', '/v1/data_sources', { ...auth, body: { kind: 'http', name: 'held', url: `http://127.0.0.1:${source.address().port}/records`, timeout_ms: 30000 } });
    expect(ds.status, ds.text).toBe(201);
    const queued = await api('POST', '/v1/generations', { ...auth, body: { template_id: quick.id, data_source_id: ds.json.id, outputs: ['txt'] } });
    expect(queued.status, queued.text).toBe(202);
    const row = page.locator('tr', { has: page.getByRole('link', { name: queued.json.id }) });
    await expect(row).toBeVisible({ timeout: 5000 });
    await expect(row.getByRole('button', { name: `Cancel ${queued.json.id}` })).toBeVisible();
    await shot(page, 'generations');
    await row.getByRole('button', { name: `Cancel ${queued.json.id}` }).click();
    await expect(row).toContainText('canceled', { timeout: 10000 });
    expect((await api('GET', `/v1/generations/${queued.json.id}`, auth)).json.status).toBe('canceled');

    await row.getByRole('link', { name: queued.json.id }).click();
    await expect(page.getByRole('heading', { name: 'Generation', level: 1 })).toBeVisible();
    await expect(page.getByTestId('generation-status')).toHaveText('canceled');
    await shot(page, 'generation');
  } finally {
    release();
    source.closeAllConnections();
    source.close();
  }
});
