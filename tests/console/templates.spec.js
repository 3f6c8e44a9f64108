// Story 1: sign in, upload templates, edit with a live preview, publish.
const { test, expect, api, signIn, shot, unique, server } = require('./helpers.js');

const SOURCE = '# Invoice {{number}}\n\nCustomer: {{customer.name}}\n\n{{#each items}}- {{name}}\n{{/each}}\n';

test('sign in with the bootstrap key and upload, preview, edit and publish a Markdown template', async ({ page }) => {
  await page.goto(`${server().base}/`);
  await expect(page).toHaveURL(/\/console\/$/);
  await expect(page.getByRole('heading', { name: 's2d console' })).toBeVisible();
  await shot(page, 'sign-in');
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Templates', level: 1 })).toBeVisible();

  const name = unique('Invoice');
  await page.getByText('New template').click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Markdown source').fill(SOURCE);
  await page.getByLabel('Sample data (JSON)').fill(JSON.stringify({ number: 'INV-1', customer: { name: 'Ada' }, items: [{ name: 'Pen' }] }));
  await page.getByRole('button', { name: 'Upload template' }).click();

  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const fields = page.getByRole('region', { name: 'Fields' });
  await expect(fields.getByText('number', { exact: true })).toBeVisible();
  await expect(fields.getByText('items', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Sample data' })).toContainText('INV-1');
  await expect(page.getByRole('region', { name: 'Versions' })).toContainText('Version 1');

  // The preview is the preview route's PDF, refreshed as the data changes.
  const preview = page.getByTestId('preview');
  await expect(preview).toHaveAttribute('src', /^blob:/);
  const first = await preview.getAttribute('src');
  const rendered = page.waitForResponse((r) => r.url().endsWith('/preview') && r.request().method() === 'POST');
  await page.getByLabel('Sample data (JSON)').fill(JSON.stringify({ number: 'INV-2', customer: { name: 'Grace' }, items: [] }));
  const response = await rendered;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(Number(response.headers()['content-length'])).toBeGreaterThan(500);
  expect(JSON.parse(response.request().postData()).data.number).toBe('INV-2');
  await expect(preview).not.toHaveAttribute('src', first);

  // Typing into the editor previews the unsaved draft: one debounced request carries the typed source.
  const drafted = page.waitForResponse((r) => r.url().endsWith('/preview') && r.request().method() === 'POST'
    && (JSON.parse(r.request().postData()).source || '').includes('Draft note'));
  const beforeDraft = await preview.getAttribute('src');
  const editor = page.getByLabel('Markdown source');
  await editor.press('End');
  await editor.press('Control+End');
  await editor.pressSequentially('\nDraft note for {{customer.name}}\n', { delay: 20 });
  const draftResponse = await drafted;
  expect(draftResponse.status()).toBe(200);
  expect(JSON.parse(draftResponse.request().postData()).source).toBe(`${SOURCE}\nDraft note for {{customer.name}}\n`);
  await expect(preview).not.toHaveAttribute('src', beforeDraft);
  await expect(page.getByRole('heading', { name: /Preview of the draft of version 1/ })).toBeVisible();
  await shot(page, 'template-editor');
  // A broken draft shows the preview's syntax error with its line.
  await editor.pressSequentially('{{#each items}}', { delay: 10 });
  await expect(page.getByRole('region', { name: 'Preview' }).getByRole('alert')).toContainText('unclosed block');

  // Bad data shows the preview's structured error, with its request id.
  await page.getByLabel('Sample data (JSON)').fill('{"number": ');
  await expect(page.getByRole('region', { name: 'Preview' }).getByRole('alert')).toContainText('not valid JSON');

  await page.getByLabel('Markdown source').fill(`${SOURCE}\nTotal: {{total}}\n`);
  await page.getByLabel('Sample data (JSON)').fill(JSON.stringify({ number: 'INV-3', customer: { name: 'Lin' }, items: [], total: '9.50' }));
  await page.getByRole('button', { name: 'Publish new version' }).click();
  await expect(page.getByRole('region', { name: 'Versions' })).toContainText('Version 2');
  await expect(page.getByRole('region', { name: 'Fields' }).getByText('total', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Preview of version 2/ })).toBeVisible();

  const id = page.url().split('/').pop();
  const stored = await api('GET', `/v1/templates/${id}`);
  expect(stored.json.latest_version).toBe(2);
  expect(stored.json.sample_data.number).toBe('INV-3');
});

test('upload a template file; an Office file the build does not render shows the API error', async ({ page }) => {
  await signIn(page);
  const name = unique('From file');
  await page.getByText('New template').click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel(/Or upload a file/).setInputFiles({ name: 'letter.md', mimeType: 'text/markdown', buffer: Buffer.from('# Dear {{name}}\n') });
  await page.getByRole('button', { name: 'Upload template' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByLabel('Markdown source')).toHaveValue('# Dear {{name}}\n');

  await page.getByRole('link', { name: 'Templates' }).first().click();
  await page.getByText('New template').click();
  await page.getByLabel('Name', { exact: true }).fill(unique('Office'));
  await page.getByLabel(/Or upload a file/).setInputFiles({ name: 'deck.pptx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 not really') });
  await page.getByRole('button', { name: 'Upload template' }).click();
  const alert = page.getByRole('form', { name: 'New template' }).getByRole('alert');
  await expect(alert).toContainText(/template_invalid|parameter_invalid/);
  await expect(alert).toContainText(/request_id: req_/);
  await shot(page, 'templates');
});
