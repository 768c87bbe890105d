import { gzipSync } from 'node:zlib';
import { test, expect, appReady } from './fixtures';

const BUDGET_GZIP = 200 * 1024;

test('the first page load ships at most 200 KB gzip and no engine worker', async ({ page }) => {
  const sizes = new Map<string, number>();
  page.on('response', async (response) => {
    const body = await response.body().catch(() => null);
    if (body) sizes.set(response.url(), gzipSync(body, { level: 9 }).length);
  });
  await page.goto('./');
  await appReady(page);
  await page.waitForLoadState('networkidle');
  const shipped = [...sizes].filter(([url]) => /\.(wasm|js|css|html)$|\/$/.test(new URL(url).pathname));
  const total = shipped.reduce((sum, [, size]) => sum + size, 0);
  console.log(`first load: ${(total / 1024).toFixed(1)} KB gzip over ${shipped.length} files`);
  expect(total).toBeLessThanOrEqual(BUDGET_GZIP);
  expect([...sizes.keys()].some((url) => /sanitize_worker|sql_worker|_sandbox/.test(url))).toBe(false);
});

test('the sanitize engine loads only when the learner first asks for it', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.goto('./#/lesson/cross-site-scripting');
  await appReady(page);
  await page.getByLabel('Untrusted HTML').fill('<img src=x onerror=alert(1)>');
  await expect(page.locator('.dragon-alarm')).toBeVisible();
  expect(fetched.some((url) => url.includes('sanitize_worker'))).toBe(false);
  await page.locator('.xss-sandbox').getByRole('radio', { name: /^Sanitized/ }).check();
  await expect(page.getByTestId('sanitized-output')).toHaveText('<img src="x">');
  expect(fetched.some((url) => url.endsWith('sanitize_worker_bg.wasm'))).toBe(true);
});
