import { test, expect, appReady, sandbox, paste } from './fixtures';

// Lesson 5's sandbox (src/sandboxes/headers): a header block graded as the HTTP Observatory
// grades it, and what browsers do with it. Every quest is solved by typing, as a learner would.

async function openSandbox(page: import('@playwright/test').Page) {
  await page.goto('./#/lesson/secure-headers');
  await appReady(page);
  const block = sandbox(page).getByLabel('Response headers (as curl -sI prints them)');
  await expect(block).toBeVisible();
  return block;
}

const quest = (page: import('@playwright/test').Page, n: number) =>
  page.getByRole('region', { name: /^Quests/ }).locator('.quest').nth(n).locator('.quest-status');

const A_PLUS = `HTTP/1.1 200 OK
Content-Type: text/html; charset=utf-8
Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'
Strict-Transport-Security: max-age=63072000; includeSubDomains; preload
X-Content-Type-Options: nosniff
Referrer-Policy: strict-origin-when-cross-origin
Set-Cookie: session=eyJ1c2VyIjoia2luZyJ9; Secure; HttpOnly; SameSite=Lax; Path=/`;

test('the seed headers get an F, test by test, and X-XSS-Protection is advice worth nothing', async ({ page, errors }) => {
  await openSandbox(page);
  const sb = sandbox(page);
  await expect(sb.getByTestId('headers-grade')).toContainText('F');
  const tests = sb.getByRole('table', { name: "The Observatory's tests" });
  await expect(tests.getByRole('row', { name: /Content Security Policy/ })).toContainText('-25');
  await expect(tests.getByRole('row', { name: /Cookies/ })).toContainText('Secure');
  await expect(sb.getByTestId('headers-advice')).toContainText('X-XSS-Protection (worth 0 points)');
  await expect(sb.getByTestId('headers-browser')).toContainText('X-Frame-Options: SAMEORIGIN');
  expect(errors).toEqual([]);
});

test('quests by typing: frameable and sniffable, then an A+ that keeps the castle page working', async ({ page, errors }) => {
  const block = await openSandbox(page);
  const sb = sandbox(page);
  await block.fill('HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nX-XSS-Protection: 1; mode=block\nSet-Cookie: session=eyJ1c2VyIjoia2luZyJ9; HttpOnly; Path=/');
  await expect(quest(page, 0)).toHaveText('Solved');
  await expect(sb.getByTestId('headers-browser').locator('li.is-danger')).toHaveCount(2);
  await expect(quest(page, 1)).not.toHaveText('Solved');

  // The honest case: an A+ whose CSP blocks the castle's own files is no fix.
  await block.fill(A_PLUS.replace("default-src 'self'", "default-src 'none'"));
  await expect(sb.getByTestId('headers-grade')).toContainText('A+');
  await expect(sb.getByTestId('headers-browser')).toContainText('Broken:');
  await expect(quest(page, 1)).not.toHaveText('Solved');

  await block.fill(A_PLUS);
  await expect(sb.getByTestId('headers-grade')).toContainText('A+');
  await expect(sb.getByTestId('headers-browser')).toContainText('Works:');
  await expect(quest(page, 1)).toHaveText('Solved');

  // What the Observatory also reads changes the grade: plain http served without a redirect.
  await sb.getByLabel("What plain http:// answers").selectOption({ label: 'the page, over plain http' });
  await expect(sb.getByRole('table', { name: "The Observatory's tests" }).getByRole('row', { name: /Redirection/ })).toContainText('-20');
  expect(errors).toEqual([]);
});

test('bad lines get a plain message by line, and learner text stays text', async ({ page, errors }) => {
  const block = await openSandbox(page);
  const sb = sandbox(page);
  await block.fill('HTTP/1.1 200 OK\nthis line has no colon\n<img src=x onerror=alert(1)>: <b id="injected">x</b>\nX-Frame-Options : DENY');
  const problems = sb.locator('.headers-problems');
  await expect(problems).toContainText('Line 2: No colon, so this is not a header');
  await expect(problems).toContainText('Line 3: `<img src=x onerror=alert(1)>` is not a valid header name');
  await expect(problems).toContainText('Line 4: Space between `X-Frame-Options` and the colon');
  await expect(sb.locator('#injected')).toHaveCount(0);
  await expect(sb.locator('.headers-sandbox img')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a 1 MB paste answers with a message and the sandbox keeps answering', async ({ page, errors }) => {
  const block = await openSandbox(page);
  const sb = sandbox(page);
  await paste(block, 'HTTP/1.1 200 OK\n' + 'X-Castle-Trace: abcdefghijklmnopqrstuvwxyz0123456789\n'.repeat(20_000));
  await expect(sb.locator('.headers-problems')).toContainText('only the beginning is read');
  await expect(sb.getByText(/This paste is 1\d\d\d KB; the sandbox grades its first 64 KB/)).toBeVisible();
  await block.fill(A_PLUS);
  await expect(sb.getByTestId('headers-grade')).toContainText('A+');
  expect(errors).toEqual([]);
});

test('at phone width nothing widens the page', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await openSandbox(page);
  const sb = sandbox(page);
  await expect(sb.getByTestId('headers-grade')).toContainText('F');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const frameWidth = await page.locator('iframe.sandbox-frame').evaluate((frame: HTMLIFrameElement) => frame.clientWidth);
  expect(await sb.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(frameWidth);
  await page.close();
});

test('the Framework select shows the code for Talisman, after_request or Django, and what it sends', async ({ page, errors }) => {
  const block = await openSandbox(page);
  const sb = sandbox(page);
  const code = sb.getByTestId('headers-code');
  const framework = sb.getByLabel('Framework');
  await expect(code).toContainText('Talisman(');
  await expect(code).toContainText('x_xss_protection=True');
  // Talisman always sends a Referrer-Policy, and says so.
  await expect(sb.getByTestId('headers-sends')).toContainText('Referrer-Policy: strict-origin-when-cross-origin');
  await expect(sb.getByTestId('headers-code-notes')).toContainText('always sends `Referrer-Policy');

  await framework.selectOption({ label: 'Django 6.1 settings' });
  await expect(code).toContainText('X_FRAME_OPTIONS = "SAMEORIGIN"');
  await expect(code).toContainText('response.headers["X-XSS-Protection"] = "1; mode=block"');
  await expect(code).not.toContainText('Talisman(');

  await framework.selectOption({ label: 'Flask after_request' });
  await expect(code).toContainText('@app.after_request');
  await expect(code).toContainText('response.headers["X-Frame-Options"] = "SAMEORIGIN"');

  // Typing keeps the framework and rewrites the code; the learner's text stays text.
  await block.fill('HTTP/1.1 200 OK\nX-Frame-Options: DENY\nReferrer-Policy: <b id="injected">x</b>');
  await expect(code).toContainText('response.headers["X-Frame-Options"] = "DENY"');
  await expect(sb.getByTestId('headers-sends')).toContainText('Referrer-Policy: <b id="injected">x</b>');
  await expect(sb.locator('#injected')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a Django learner sees Django settings first; the select still offers Flask', async ({ page, errors }) => {
  await page.goto('./');
  await appReady(page);
  await page.getByRole('group', { name: 'Code first' }).getByLabel('Django').check();
  await openSandbox(page);
  const sb = sandbox(page);
  await expect(sb.getByLabel('Framework')).toHaveValue('django');
  await expect(sb.getByTestId('headers-code')).toContainText('X_FRAME_OPTIONS = "SAMEORIGIN"');
  await sb.getByLabel('Framework').selectOption({ label: 'Flask-Talisman 1.1' });
  await expect(sb.getByTestId('headers-code')).toContainText('Talisman(');
  expect(errors).toEqual([]);
});
