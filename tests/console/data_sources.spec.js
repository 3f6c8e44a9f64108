// Story 2: each kind of data source, CSV records, Test, write-only credentials.
const http = require('node:http');
const { test, expect, signIn, go, shot, unique } = require('./helpers.js');

async function create(page, kind, fields) {
  await go(page, 'data-sources');
  await page.getByText('New data source').click();
  await page.getByLabel('Kind').selectOption(kind);
  const name = unique(kind);
  await page.getByLabel('Name', { exact: true }).fill(name);
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Create data source' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  return name;
}

test('records: upload CSV, test with and without filters', async ({ page }) => {
  await signIn(page);
  await create(page, 'records', {});
  await page.getByLabel(/Or paste CSV/).fill('id,name,city\n1,Ada,London\n2,Grace,Arlington\n');
  await page.getByRole('button', { name: 'Upload records' }).click();
  await expect(page.getByRole('form', { name: 'Append records' }).getByRole('status')).toHaveText('Appended 2 records; 2 in all.');
  await expect(page.getByTestId('record-count')).toHaveText('2');
  await page.getByLabel('CSV file').setInputFiles({ name: 'more.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name,city\n3,Lin,Paris\n') });
  await page.getByRole('button', { name: 'Upload records' }).click();
  await expect(page.getByTestId('record-count')).toHaveText('3');

  await page.getByRole('button', { name: 'Test', exact: true }).click();
  const result = page.getByRole('form', { name: 'Test data source' }).getByRole('status');
  await expect(result).toContainText('Sample record');
  await expect(result).toContainText('"name": "Ada"');
  await page.getByLabel('Filters (JSON, optional)').fill('{"name": "Lin"}');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(result).toContainText('"city": "Paris"');
  await page.getByLabel('Filters (JSON, optional)').fill('{"name": "Nobody"}');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(result).toContainText('No record matched.');
  await shot(page, 'data-source');
});

test('http, postgres and sqlite: credentials show as set and never their value; Test shows the record or the error', async ({ page }) => {
  const seen = [];
  const origin = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ items: [{ sku: 'A-1', qty: 3 }] }));
  });
  await new Promise((resolve) => origin.listen(0, '127.0.0.1', resolve));
  try {
    await signIn(page);
    const headerSecret = 'Bearer header-secret-4711';
    const names = [];
    names.push(await create(page, 'http', {
      URL: `http://127.0.0.1:${origin.address().port}/items`,
      'Headers (JSON, write-only)': JSON.stringify({ Authorization: headerSecret }),
      'Records pointer (JSON pointer)': '/items',
    }));
    await expect(page.getByTestId('secret-headers')).toContainText('Authorization set');
    expect(await page.content()).not.toContain('header-secret-4711');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const result = page.getByRole('form', { name: 'Test data source' }).getByRole('status');
    await expect(result).toContainText('"sku": "A-1"');
    expect(seen).toContain(headerSecret);
    await shot(page, 'data-source-http');

    names.push(await create(page, 'postgres', {
      'Connection string (write-only)': 'postgresql://app:pg-secret-0815@127.0.0.1:1/app?connect_timeout=2',
      'Query (SQL with :named parameters)': 'SELECT 1 AS one',
    }));
    await expect(page.getByTestId('secret-connection_string')).toHaveText('set');
    expect(await page.content()).not.toContain('pg-secret-0815');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(result).toContainText('data_source_unreachable', { timeout: 20000 });
    expect(await page.content()).not.toContain('pg-secret-0815');

    names.push(await create(page, 'sqlite', {
      "Database path (under the operator's sqlite directory)": 'people.db',
      'Query (SQL with :named parameters)': 'SELECT id, name FROM people ORDER BY id',
    }));
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await expect(result).toContainText('"name": "Ada"');

    await go(page, 'data-sources');
    for (const name of names) await expect(page.getByRole('link', { name })).toBeVisible();
    await shot(page, 'data-sources');
  } finally {
    origin.closeAllConnections();
    origin.close();
  }
});
