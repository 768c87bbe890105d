import { test, expect, appReady } from './fixtures';

test('escaping holds in text and quoted attributes but not in an href or unquoted attribute', async ({ page, errors }) => {
  await page.goto('./#/lesson/input-sanitization');
  await appReady(page);
  await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Jinja2, autoescape on' });
  const row = (where: string) => page.locator('.contexts-table tr', { has: page.getByRole('rowheader', { name: where, exact: true }) });

  await page.getByLabel('Name (what a visitor types)').fill('javascript:alert(1)');
  await expect(row('Element text')).toContainText('Stays data');
  await expect(row('Link href')).toContainText('Breaks out');
  await expect(row('Link href')).toContainText('<a href="javascript:alert(1)">profile</a>');

  await page.getByLabel('Name (what a visitor types)').fill('x onmouseover=alert(1)');
  await expect(row('Unquoted attribute')).toContainText('Breaks out');
  await expect(row('Quoted attribute')).toContainText('Stays data');

  await page.getByLabel('Name (what a visitor types)').fill('" onmouseover="alert(1)');
  await expect(row('Quoted attribute')).toContainText('Stays data');
  await expect(row('Quoted attribute')).toContainText('title="&#34; onmouseover=&#34;alert(1)"');
  await expect(row('String in an inline script')).toContainText('Garbled');
  expect(errors).toEqual([]);
});
