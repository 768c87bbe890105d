import { test, expect, appReady } from './fixtures';

async function openSandbox(page: import('@playwright/test').Page, template: string) {
  await page.goto('./#/lesson/input-sanitization');
  await appReady(page);
  await page.getByLabel('Template', { exact: true }).selectOption({ label: template });
}

test('a payload runs in the raw preview and raises the dragon alarm; escaped, nothing runs', async ({ page, errors }) => {
  await openSandbox(page, 'Jinja2, autoescape off');
  const name = page.getByLabel('Name (what a visitor types)');
  await name.fill("<img src=x onerror=alert('dragon')>");
  await expect(page.getByRole('alert')).toContainText('Dragon alarm!');
  await expect(page.getByRole('alert')).toContainText('alert(dragon)');

  await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Jinja2, autoescape on' });
  await expect(page.getByText('Nothing has run.')).toBeVisible();
  await expect(page.locator('.dragon-alarm')).toHaveCount(0);
  const frame = page.frameLocator('iframe.preview-frame');
  await expect(frame.locator('p')).toHaveText("Hello, <img src=x onerror=alert('dragon')>!");
  expect(errors).toEqual([]);
});

test('a payload in the preview gets nothing from the app: no DOM, no storage, no cookies', async ({ page }) => {
  await openSandbox(page, 'Jinja2, autoescape off');
  await page.evaluate(() => { document.cookie = 'session=crown-jewels'; localStorage.setItem('secret', 'gold'); });
  const title = await page.title();
  const probe = (expr: string) =>
    `<img src=x onerror="try { alert('got:' + (${expr})) } catch (e) { alert('denied:' + e.name) }">`;
  const name = page.getByLabel('Name (what a visitor types)');

  await name.fill(probe('parent.document.title = `pwned`'));
  await expect(page.locator('.dragon-alarm')).toContainText('denied:SecurityError');
  await name.fill(probe('top.localStorage.getItem(`secret`)'));
  await expect(page.locator('.dragon-alarm')).toContainText('denied:SecurityError');
  await name.fill(probe('document.cookie'));
  await expect(page.locator('.dragon-alarm')).toContainText('denied:SecurityError');
  await name.fill(probe('localStorage.getItem(`secret`)'));
  await expect(page.locator('.dragon-alarm')).toContainText('denied:SecurityError');
  expect(await page.title()).toBe(title);
});

test('a javascript: link runs in the preview when clicked, and the page says how', async ({ page }) => {
  await openSandbox(page, 'Jinja2, autoescape off');
  await page.getByLabel('Name (what a visitor types)').fill(`<a href="javascript:alert('dragon')">claim your prize</a>`);
  await expect(page.getByText('Nothing has run.')).toBeVisible();
  await page.frameLocator('iframe.preview-frame').getByRole('link', { name: 'claim your prize' }).click();
  await expect(page.locator('.dragon-alarm')).toContainText('javascript-url');
  await expect(page.locator('.dragon-alarm')).toContainText('alert(dragon)');
});
