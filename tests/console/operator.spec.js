// Story 10: the operator's nodes (the test server runs one local node) and workspaces.
const { test, expect, api, signIn, go, shot, unique, server } = require('./helpers.js');

test('operator: the node and its slots, workspaces with actor state refreshing by itself, set a rate limit', async ({ page }) => {
  const name = unique('tenant');
  const ws = await api('POST', '/v1/admin/workspaces', { operator: true, body: { name } });
  expect(ws.status).toBe(201);
  // Its first request starts the workspace's actor.
  expect((await api('GET', '/v1/templates', { key: ws.json.api_key.secret, workspace: ws.json.id })).status).toBe(200);
  const slots = (await api('GET', '/v1/admin/actors', { operator: true })).json.node.render_pool.slots;
  const listed = (await api('GET', '/v1/admin/nodes', { operator: true })).json.data;
  expect(listed.length).toBe(1);

  await signIn(page, { operator: true });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Nodes' })).toBeVisible();
  await nav.getByRole('link', { name: 'Nodes' }).click();
  await expect(page.getByRole('heading', { name: 'Nodes', level: 1 })).toBeVisible();
  // Every node the registry lists, with its state, slots and each slot's state.
  const nodes = page.getByRole('region', { name: 'Render nodes' });
  await expect(nodes.locator('tbody tr')).toHaveCount(listed.length);
  const local = nodes.getByTestId(`node-${listed[0].id}`);
  await expect(local).toContainText(listed[0].name);
  await expect(local.locator('td').nth(3)).toHaveText('ready');
  await expect(local.locator('td').nth(4)).toContainText(String(slots));
  await expect(local.locator('.slot-states li')).toHaveCount(slots);
  await expect(local.locator('.slot-states li').first()).toContainText(/Slot 1: (idle|rendering)/);
  await expect(page.getByRole('region', { name: 'Workspace actors' })).toContainText(server().workspaceId);
  const asOf = page.locator('main .meta time');
  const first = await asOf.getAttribute('datetime');
  await expect(asOf).not.toHaveAttribute('datetime', first, { timeout: 6000 });
  await shot(page, 'nodes');

  await nav.getByRole('link', { name: 'Workspaces' }).click();
  const row = page.locator('tbody tr', { hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(/\d+\/\d+ left/);
  await row.getByRole('button', { name: `Edit rate limit of ${name}` }).click();
  await row.getByLabel('Requests per second').fill('5');
  await row.getByLabel('Burst').fill('10');
  await row.getByRole('button', { name: 'Set rate limit' }).click();
  await expect(page.getByTestId(`rate-${ws.json.id}`)).toHaveText('5/s, burst 10');
  const stored = (await api('GET', '/v1/admin/workspaces', { operator: true })).json.data.find((w) => w.id === ws.json.id);
  expect(stored.rate_limit).toEqual({ per_second: 5, burst: 10 });
  // The workspace's own requests now carry the new bucket size.
  const call = await api('GET', '/v1/templates', { key: ws.json.api_key.secret, workspace: ws.json.id });
  expect(call.headers.get('x-ratelimit-limit')).toBe('10');
  await shot(page, 'workspaces');
});
