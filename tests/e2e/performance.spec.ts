import { gzipSync } from 'node:zlib';
import { test, expect, appReady, sandbox, registry } from './fixtures';

const BUDGET_GZIP = 200 * 1024;

test('the first page load ships at most 200 KB gzip and no engine worker', async ({ page }) => {
  const sb = sandbox(page);
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
  // Nothing a sandbox needs is in the first load: its page, its bundle, its engine's worker.
  // The list comes from the registry, so a new sandbox or worker is covered by itself.
  const lazy = ['sandbox.html', 'sandboxes/', ...registry.flatMap((entry) => (entry.worker ? [entry.worker.name] : []))];
  expect(lazy.length).toBeGreaterThanOrEqual(4);
  expect([...sizes.keys()].filter((url) => lazy.some((name) => url.includes(name)))).toEqual([]);
});

test('the sanitize engine is not in the first load; the XSS sandbox fetches it when it opens', async ({ page }) => {
  const sb = sandbox(page);
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.goto('./');
  await appReady(page);
  await page.goto('./#/lesson/input-sanitization');
  await expect(sb.getByLabel('Name (what a visitor types)')).toBeVisible();
  expect(fetched.some((url) => url.includes('sanitize_worker'))).toBe(false);
  await page.goto('./#/lesson/cross-site-scripting');
  await sb.getByLabel('What the visitor typed').fill('<img src=x onerror=alert(1)>');
  await sb.locator('.xss-sandbox').getByRole('radio', { name: /^Sanitized/ }).check();
  await expect(sb.getByTestId('sanitized-output')).toHaveText('<p class="comment"><img src="x"></p>');
  expect(fetched.some((url) => url.endsWith('sanitize_worker_bg.wasm'))).toBe(true);
});
