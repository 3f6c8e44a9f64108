// Story 6: an endpoint (secret once, copy), rotation, the deliveries log, redelivery.
const http = require('node:http');
const { test, expect, api, signIn, go, shot } = require('./helpers.js');

test('webhooks: create an endpoint, rotate its secret, read the deliveries and redeliver', async ({ page, context }) => {
  const received = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received.push({ id: req.headers['webhook-id'], body });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${receiver.address().port}/hooks`;
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page);
    await go(page, 'webhooks');
    await page.getByText('New endpoint').click();
    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByLabel('generation.canceled').uncheck();
    await page.getByLabel('Description').fill('console test receiver');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const box = page.getByRole('region', { name: 'Signing secret' });
    const secret = (await box.getByTestId('secret').textContent()).trim();
    expect(secret).toMatch(/^whsec_/);
    await box.getByRole('button', { name: 'Copy secret' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shot(page, 'webhooks-secret');
    await box.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.content()).not.toContain(secret);

    const endpointLink = page.getByRole('link', { name: url });
    await expect(endpointLink).toBeVisible();
    await shot(page, 'webhooks');

    // A completed generation makes an event, delivered to the receiver.
    const t = await api('POST', '/v1/templates', { body: { name: 'hook', kind: 'markdown', source: '# {{x}}\n' } });
    const g = await api('POST', '/v1/generations', { body: { template_id: t.json.id, data: { x: 1 }, outputs: ['txt'] } });
    expect(g.status).toBe(202);
    await expect.poll(() => received.length, { timeout: 15000 }).toBeGreaterThan(0);

    await endpointLink.click();
    await expect(page.getByRole('heading', { name: 'Webhook endpoint' })).toBeVisible();
    const deliveries = page.getByRole('region', { name: 'Deliveries' });
    await expect(deliveries.locator('tbody tr')).toHaveCount(1);
    const row = deliveries.locator('tbody tr').first();
    await expect(row).toContainText('200');
    await expect(row).toContainText(/\d+ ms/);
    await expect(row).toContainText('generation.completed');
    await row.getByText('Response').click();
    await expect(row).toContainText('{"received":true}');

    const eventId = received[0].id;
    await row.getByRole('button', { name: `Redeliver ${eventId}` }).click();
    await expect(deliveries.getByRole('status')).toContainText(`Event ${eventId} queued again.`);
    await expect.poll(() => received.filter((r) => r.id === eventId).length, { timeout: 15000 }).toBe(2);
    await deliveries.getByRole('button', { name: 'Refresh deliveries' }).click();
    await expect(deliveries.locator('tbody tr')).toHaveCount(2);

    await page.getByLabel('Old secret keeps signing for (hours)').fill('2');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.getByRole('region', { name: 'New signing secret' });
    const next = (await rotated.getByTestId('secret').textContent()).trim();
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    await rotated.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.content()).not.toContain(next);
    await expect(page.getByText('Previous secret signs until')).toBeVisible();
    await shot(page, 'webhook');
  } finally {
    receiver.closeAllConnections();
    receiver.close();
  }
});
