import { test, expect, appReady, sandbox } from './fixtures';

async function openSandbox(page: import('@playwright/test').Page, template: string) {
  const sb = sandbox(page);
  await page.goto('./#/lesson/input-sanitization');
  await appReady(page);
  await sb.getByLabel('Template', { exact: true }).selectOption({ label: template });
}

test('a payload runs in the raw preview and raises the dragon alarm; escaped, nothing runs', async ({ page, errors }) => {
  const sb = sandbox(page);
  await openSandbox(page, 'Jinja2, autoescape off');
  const name = sb.getByLabel('Name (what a visitor types)');
  await name.fill("<img src=x onerror=alert('dragon')>");
  await expect(sb.getByRole('alert')).toContainText('Dragon alarm!');
  await expect(sb.getByRole('alert')).toContainText('alert(dragon)');

  await sb.getByLabel('Template', { exact: true }).selectOption({ label: 'Jinja2, autoescape on' });
  await expect(sb.getByText('Nothing has run.')).toBeVisible();
  await expect(sb.locator('.dragon-alarm')).toHaveCount(0);
  const frame = sb.frameLocator('iframe.preview-frame');
  await expect(frame.locator('p')).toHaveText("Hello, <img src=x onerror=alert('dragon')>!");
  expect(errors).toEqual([]);
});

test('a payload in the preview gets nothing from the app: no DOM, no storage, no cookies', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page, 'Jinja2, autoescape off');
  await page.evaluate(() => { document.cookie = 'session=crown-jewels'; localStorage.setItem('secret', 'gold'); });
  const title = await page.title();
  const probe = (expr: string) =>
    `<img src=x onerror="try { alert('got:' + (${expr})) } catch (e) { alert('denied:' + e.name) }">`;
  const name = sb.getByLabel('Name (what a visitor types)');

  await name.fill(probe('parent.document.title = `pwned`'));
  await expect(sb.locator('.dragon-alarm')).toContainText('denied:SecurityError');
  await name.fill(probe('top.localStorage.getItem(`secret`)'));
  await expect(sb.locator('.dragon-alarm')).toContainText('denied:SecurityError');
  await name.fill(probe('document.cookie'));
  await expect(sb.locator('.dragon-alarm')).toContainText('denied:SecurityError');
  await name.fill(probe('localStorage.getItem(`secret`)'));
  await expect(sb.locator('.dragon-alarm')).toContainText('denied:SecurityError');
  expect(await page.title()).toBe(title);
});

test('a javascript: link runs in the preview when clicked, and the page says how', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page, 'Jinja2, autoescape off');
  await sb.getByLabel('Name (what a visitor types)').fill(`<a href="javascript:alert('dragon')">claim your prize</a>`);
  await expect(sb.getByText('Nothing has run.')).toBeVisible();
  // A click on a frame being replaced (the preview re-renders once typing pauses) is repeated.
  await expect(async () => {
    await sb.frameLocator('iframe.preview-frame').getByRole('link', { name: 'claim your prize' }).click();
    await expect(sb.locator('.dragon-alarm')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(sb.locator('.dragon-alarm')).toContainText('javascript-url');
  await expect(sb.locator('.dragon-alarm')).toContainText('alert(dragon)');
});
