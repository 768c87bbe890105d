import { test, expect, appReady, sandbox, paste } from './fixtures';

// Lesson 10's sandbox (src/sandboxes/hsts): the Strict-Transport-Security header as browsers
// read it, hstspreload.org's rules ticked live, and the first-visit timeline.

async function openSandbox(page: import('@playwright/test').Page) {
  await page.goto('./#/lesson/https-hsts');
  await appReady(page);
  const header = sandbox(page).getByLabel('Strict-Transport-Security (the header value)');
  await expect(header).toHaveValue('max-age=31536000');
  return header;
}

const quest = (page: import('@playwright/test').Page, n: number) =>
  page.getByRole('region', { name: /^Quests/ }).locator('.quest').nth(n).locator('.quest-status');

test('the starting header is remembered; the first visit is still the attacker\'s', async ({ page, errors }) => {
  await openSandbox(page);
  const sb = sandbox(page);
  await expect(sb.getByTestId('hsts-verdict')).toContainText('Browsers remember the castle');
  await expect(sb.getByTestId('hsts-timeline').locator('li').first()).toContainText('the attacker wins');
  await expect(sb.getByRole('heading', { name: /hstspreload.org's requirements \([0-6] of 7 met\)/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('quests by typing: strip every visit, then get preload-ready', async ({ page, errors }) => {
  const header = await openSandbox(page);
  const sb = sandbox(page);
  await header.fill('max-age=0');
  await expect(sb.getByTestId('hsts-verdict')).toContainText('`max-age=0` tells the browser to forget the host.');
  await expect(quest(page, 0)).toHaveText('Solved');

  await header.fill('max-age=63072000; includeSubDomains; preload');
  await expect(quest(page, 1)).not.toHaveText('Solved');
  await expect(sb.getByTestId('hsts-checks')).toContainText('Not met: Every subdomain works over https');
  await sb.getByLabel('Every subdomain (www., api.…) works over https').check();
  await expect(sb.getByRole('heading', { name: /\(7 of 7 met\)/ })).toBeVisible();
  await expect(quest(page, 1)).toHaveText('Solved');

  // Sent only over plain http, the same header protects nobody.
  await sb.getByLabel('The castle sends it').selectOption({ label: 'only on plain http responses' });
  await expect(sb.getByTestId('hsts-verdict')).toContainText('only sent over plain http');
  expect(errors).toEqual([]);
});

test('a typo is explained in plain words, and learner text stays text', async ({ page, errors }) => {
  const header = await openSandbox(page);
  const sb = sandbox(page);
  await header.fill('max-age=31536000;; includeSubDomains=1');
  await expect(sb.getByTestId('hsts-verdict')).toContainText('takes no value');
  await header.fill('max-age="<img src=x onerror=alert(1)>"');
  await expect(sb.getByTestId('hsts-verdict')).toContainText('is not a number of seconds');
  await expect(sb.locator('.hsts-sandbox img')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a 1 MB paste answers with a message and the sandbox keeps answering', async ({ page, errors }) => {
  const header = await openSandbox(page);
  const sb = sandbox(page);
  await paste(header, 'max-age=31536000; ' + 'x'.repeat(1_000_000));
  await expect(sb.getByText(/This header is 1\d\d\d KB; browsers and the sandbox read only its first 8 KB/)).toBeVisible();
  await header.fill('max-age=300');
  await expect(sb.getByTestId('hsts-verdict')).toContainText('Browsers remember the castle');
  expect(errors).toEqual([]);
});

test('at phone width nothing widens the page', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await openSandbox(page);
  const sb = sandbox(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const frameWidth = await page.locator('iframe.sandbox-frame').evaluate((frame: HTMLIFrameElement) => frame.clientWidth);
  expect(await sb.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(frameWidth);
  await page.close();
});
