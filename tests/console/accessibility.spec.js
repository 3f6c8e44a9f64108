// Every page: axe-core finds no serious or critical violation at 1280 px
// and at 390 px; the pages are reachable by keyboard with a visible focus.
const { test, expect, api, signIn, go, shot, axeViolations, unique } = require('./helpers.js');

const PAGES = ['templates', 'data-sources', 'generations', 'test', 'webhooks', 'api-keys', 'request-logs', 'settings', 'nodes', 'workspaces'];

async function detailPages() {
  const t = await api('POST', '/v1/templates', { body: { name: unique('a11y'), kind: 'markdown', source: '# {{x}}\n', sample_data: { x: 1 } } });
  const g = await api('POST', '/v1/generations', { body: { template_id: t.json.id, data: { x: 1 }, outputs: ['pdf'] } });
  const d = await api('POST', '/v1/data_sources', { body: { kind: 'records', name: unique('a11y') } });
  const w = await api('POST', '/v1/webhook_endpoints', { body: { url: 'http://127.0.0.1:9/a11y' } });
  return [`templates/${t.json.id}`, `generations/${g.json.id}`, `data-sources/${d.json.id}`, `webhooks/${w.json.id}`];
}

test('axe: no serious or critical violations on any page, wide and narrow', async ({ page }) => {
  test.setTimeout(150000);
  await page.goto(`${process.env.S2D_CONSOLE_BASE}/console/`);
  expect(await axeViolations(page), 'sign-in').toEqual([]);
  await signIn(page, { operator: true });
  const all = [...PAGES, ...(await detailPages())];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    for (const hash of all) {
      await go(page, hash);
      await expect(page.locator('main h1')).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      expect(await axeViolations(page), `${hash} at ${width} px`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${hash} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
    }
  }
});

test('keyboard: sign in, move through the navigation, focus is visible', async ({ page }) => {
  await page.goto(`${process.env.S2D_CONSOLE_BASE}/console/`);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('API key')).toBeFocused();
  await page.keyboard.type(process.env.S2D_CONSOLE_KEY);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Workspace ID')).toBeFocused();
  await page.keyboard.type(process.env.S2D_CONSOLE_WORKSPACE);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Templates', level: 1 })).toBeVisible();

  // Tab from the top: skip link, then the header's buttons, then the navigation.
  const focusedOutline = () => page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return { text: document.activeElement.textContent.trim(), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  await page.locator('body').focus();
  const seen = [];
  for (let i = 0; i < 12 && !seen.includes('Request logs'); i++) {
    await page.keyboard.press('Tab');
    const focus = await focusedOutline();
    seen.push(focus.text);
    expect(focus.outline, `focus ring on ${focus.text}`).toBe('solid');
    expect(focus.width).toBeGreaterThanOrEqual(2);
  }
  expect(seen).toEqual(expect.arrayContaining(['Skip to content', 'Sign out', 'Templates', 'Generations', 'Request logs']));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Request logs', level: 1 })).toBeVisible();
  await shot(page, 'keyboard-focus');
});

test('narrow screens: the navigation folds behind a menu button', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('link', { name: 'Webhooks' })).toBeHidden();
  await shot(page, 'mobile-templates');
  await menu.click();
  await expect(page.getByRole('link', { name: 'Webhooks' })).toBeVisible();
  await shot(page, 'mobile-menu');
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await go(page, 'generations');
  await expect(page.getByRole('heading', { name: 'Generations', level: 1 })).toBeVisible();
  await shot(page, 'mobile-generations');
});
