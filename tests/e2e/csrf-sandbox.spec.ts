import { test, expect, appReady, sandbox } from './fixtures';

async function openSandbox(page: import('@playwright/test').Page) {
  const sb = sandbox(page);
  await page.goto('./#/lesson/csrf');
  await appReady(page);
  await expect(sb.getByRole('table', { name: 'Forged requests' })).toBeVisible();
}

function quest(page: import('@playwright/test').Page, n: number) {
  return page.getByRole('region', { name: /^Quests/ }).locator('.quest').nth(n).locator('.quest-status');
}

test('the unprotected bank: Lax by default keeps the late form out, the fresh-login POST gets in', async ({ page, errors }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const forged = sb.getByRole('table', { name: 'Forged requests' });
  await expect(forged.getByRole('row', { name: /auto-submitting POST form/ })).toContainText('No gold moved');
  await expect(forged.getByRole('row', { name: /one minute after Arthur logged in/ })).toContainText('Gold moved');
  expect(errors).toEqual([]);
});

test('quests by clicking: gold by form, the token, SameSite is not enough, defence in depth', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  await sb.getByRole('radio', { name: 'None; Secure' }).check();
  await expect(quest(page, 0)).toHaveText('Solved');
  await sb.getByRole('checkbox', { name: /CSRF protection/ }).check();
  await expect(quest(page, 1)).toHaveText('Solved');
  await expect(sb.getByText('No forged request moved any gold.')).toBeVisible();
  await expect(sb.getByRole('table', { name: 'Forged requests' })).toContainText('400: The CSRF token is missing.');
  await sb.getByRole('checkbox', { name: /CSRF protection/ }).uncheck();
  await sb.getByRole('radio', { name: /^Lax/ }).check();
  await sb.getByRole('checkbox', { name: '/transfer also answers GET' }).check();
  await expect(quest(page, 2)).toHaveText('Solved');
  await sb.getByRole('checkbox', { name: '/transfer also answers GET' }).uncheck();
  await sb.getByRole('checkbox', { name: /CSRF protection/ }).check();
  await expect(quest(page, 3)).toHaveText('Solved');
  // Strict stops the forgeries too, but the e-mailed link arrives logged out.
  await sb.getByRole('radio', { name: 'Strict' }).check();
  await expect(sb.getByRole('table', { name: 'Honest requests' }).getByRole('row', { name: /e-mail/ })).toContainText('Broken');
});

test('Django answers in its own words', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  await sb.getByRole('radio', { name: 'Django with CsrfViewMiddleware' }).check();
  await sb.getByRole('radio', { name: 'None; Secure' }).check();
  await sb.getByRole('checkbox', { name: /CSRF protection/ }).check();
  await expect(sb.getByRole('table', { name: 'Forged requests' })).toContainText('403: Origin checking failed - https://evil.example does not match any trusted origins.');
});

test('at phone width nothing widens the page', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  const sb = sandbox(page);
  await openSandbox(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const frameWidth = await page.locator('iframe.sandbox-frame').evaluate((frame: HTMLIFrameElement) => frame.clientWidth);
  expect(await sb.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(frameWidth);
  await page.close();
});
