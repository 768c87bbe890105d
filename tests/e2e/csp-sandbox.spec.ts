import { test, expect, appReady, sandbox, paste } from './fixtures';

async function openSandbox(page: import('@playwright/test').Page) {
  const sb = sandbox(page);
  await page.goto('./#/lesson/content-security-policy');
  await appReady(page);
  await expect(sb.getByLabel('Content-Security-Policy (the header value)')).toBeVisible();
}

const sortedItems = async (list: import('@playwright/test').Locator) => (await list.locator('li').allTextContents()).sort();

test('the starter page: the engine and the enforced preview agree on what is blocked', async ({ page, errors }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const table = sb.getByRole('table', { name: 'Every resource of the page' });
  await expect(table.getByRole('row')).toHaveCount(7); // header + 6 resources
  // The castle's inline loader, the injected script, handler and library are blocked; the
  // script the loader would insert never exists; the image is not covered by script-src.
  await expect(table.locator('td.is-danger')).toHaveCount(4);
  await expect(table.locator('td.is-info')).toHaveCount(1);
  // The browser's own reports arrive from the preview and equal the predictions.
  const predicted = sb.getByTestId('csp-predicted');
  const reported = sb.getByTestId('csp-reported');
  await expect(reported.locator('li')).toHaveCount(await predicted.locator('li').count());
  expect(await sortedItems(reported)).toEqual(await sortedItems(predicted));
  await expect(sb.locator('.dragon-alarm')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('quests by typing: unsafe-inline lets the dragon in, a strict nonce policy keeps it out', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const quests = page.getByRole('region', { name: /^Quests/ });
  const policy = sb.getByLabel('Content-Security-Policy (the header value)');
  await policy.fill("script-src 'self' 'unsafe-inline'");
  await expect(sb.locator('.dragon-alarm')).toContainText('alert(dragon)');
  await expect(quests.locator('.quest').nth(0).locator('.quest-status')).toHaveText('Solved');
  await expect(sb.locator('.csp-findings')).toContainText("'unsafe-inline' lets any injected");

  await sb.getByRole('button', { name: 'Use the strict policy' }).click();
  await expect(policy).toHaveValue("script-src 'nonce-c4stl3k33p' 'strict-dynamic'; object-src 'none'; base-uri 'none'");
  await expect(quests.locator('.quest').nth(3).locator('.quest-status')).toHaveText('Solved');
  await expect(sb.getByText('Nothing has run.')).toBeVisible();
  await sb.getByLabel('Framework').selectOption({ label: 'Django 6 (built in)' });
  await expect(sb.getByTestId('csp-code')).toContainText('"script-src": [CSP.NONCE, CSP.STRICT_DYNAMIC],');
});

test('a report-only policy beside it blocks nothing but is reported', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  await sb.getByLabel('Content-Security-Policy-Report-Only, sent beside it (optional)').fill("img-src 'none'");
  const table = sb.getByRole('table', { name: 'Every resource of the page' });
  await expect(table.getByRole('row', { name: /<img src="x">/ })).toContainText('Allowed, reported');
  // Only enforced policies reach the preview, so the browser's list is unchanged.
  await expect(sb.getByTestId('csp-predicted').locator('li')).toHaveCount(4);
});

test('learner text is shown as text in the app, never as markup', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  await sb.getByLabel('Content-Security-Policy (the header value)').fill('scirpt-src <img src=x onerror=alert(1)>');
  await expect(sb.locator('.csp-problems')).toContainText('Did you mean `script-src`?');
  await expect(sb.locator('.csp-problems')).toContainText('`<img` is not a valid source expression');
  await expect(sb.locator('.sandbox img')).toHaveCount(0);
  await sb.getByLabel('The page (HTML as the server sends it)').fill('<a href="javascript:alert(1)">x</a>');
  await expect(sb.getByText('About javascript: links')).toBeVisible();
  await sb.getByLabel('The page (HTML as the server sends it)').fill('<b id="injected">bold</b>');
  await expect(sb.locator('#injected')).toHaveCount(0);
  await expect(sb.getByRole('table', { name: 'Every resource of the page' }).getByRole('row')).toHaveCount(1);
});

test('at phone width nothing widens the page', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const sb = sandbox(page);
  await openSandbox(page);
  await expect(sb.getByTestId('csp-reported').locator('li')).toHaveCount(4);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Nor inside the sandbox's own page: its frame is narrower still.
  const frameWidth = await page.locator('iframe.sandbox-frame').evaluate((frame: HTMLIFrameElement) => frame.clientWidth);
  expect(await sb.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(frameWidth);
  await page.close();
});

test('a 1 MB page keeps the sandbox responsive, with a message', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const unit = '<p style="color:red">Guest <b onclick="vote(1)">x</b></p><script>alert(1)</script>\n';
  await paste(sb.getByLabel('The page (HTML as the server sends it)'), unit.repeat(Math.ceil(1_000_000 / unit.length)));
  await expect(sb.getByText(/the sandbox evaluates its first 100 KB/)).toBeVisible();
  await expect(sb.getByText(/The table shows the first 300 of \d+ resources/)).toBeVisible();
  await expect(sb.getByRole('table', { name: 'Every resource of the page' }).getByRole('row')).toHaveCount(301);
  // Still answering keystrokes: the policy editor updates the verdicts.
  await sb.getByLabel('Content-Security-Policy (the header value)').fill("script-src 'unsafe-inline'");
  await expect(sb.locator('.csp-table td.is-danger')).toHaveCount(0);
});

test('each inline script comes with its sha256, sha384 and sha512, as Node computes them', async ({ page }) => {
  const sb = sandbox(page);
  const { createHash } = await import('node:crypto');
  await openSandbox(page);
  const row = sb.getByRole('table', { name: 'Every resource of the page' }).getByRole('row')
    .filter({ hasText: "inline <script>: alert('dragon')" });
  const digest = (algorithm: string) => `'${algorithm}-${createHash(algorithm).update("alert('dragon')").digest('base64')}'`;
  await expect(row.locator('code.csp-hash').first()).toHaveText(digest('sha256'));
  await row.getByText('sha384 and sha512').click();
  await expect(row.locator('code.csp-hash').nth(1)).toHaveText(digest('sha384'));
  await expect(row.locator('code.csp-hash').nth(2)).toHaveText(digest('sha512'));
});
