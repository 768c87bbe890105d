import { test, expect, appReady, sandbox, paste } from './fixtures';

async function openSandbox(page: import('@playwright/test').Page) {
  const sb = sandbox(page);
  await page.goto('./#/lesson/session-cookies');
  await appReady(page);
  await expect(sb.getByLabel('Set-Cookie headers (one per line)')).toBeVisible();
}

const COOKIE = 'eyJnb2xkIjoxMDAsInVzZXIiOiJhcnRodXIifQ.aVW5AA.WrPFVA7-gD2sHAwkT73wa8ysgSM';

test("Flask's default cookie: stored, HttpOnly, but plain http carries it", async ({ page, errors }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  await expect(sb.locator('.cookie-lines .verdict')).toHaveText('Stored session');
  const attacks = sb.getByRole('table', { name: 'What each attacker can do with session' });
  await expect(attacks.getByRole('row', { name: /injected into the site/ })).toContainText('Fails');
  await expect(attacks.getByRole('row', { name: /sniffer/ })).toContainText('Succeeds');
  expect(errors).toEqual([]);
});

test('quests by typing: steal the session, then the __Host- fortress', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const quests = page.getByRole('region', { name: /^Quests/ });
  const lines = sb.getByLabel('Set-Cookie headers (one per line)');
  await lines.fill(`session=${COOKIE}; Path=/`);
  await expect(quests.locator('.quest').nth(0).locator('.quest-status')).toHaveText('Solved');
  // A __Host- cookie with a Domain is refused, and says why.
  await lines.fill(`__Host-session=${COOKIE}; Secure; HttpOnly; Path=/; Domain=castle.example; SameSite=Lax`);
  await expect(sb.locator('.cookie-lines .verdict')).toContainText('may not have a Domain attribute');
  // Strict stops every attacker but breaks the honest link: not the fix.
  await lines.fill(`__Host-session=${COOKIE}; Secure; HttpOnly; Path=/; SameSite=Strict`);
  await expect(sb.getByText(/The honest case breaks/)).toBeVisible();
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).not.toHaveText('Solved');
  await lines.fill(`__Host-session=${COOKIE}; Secure; HttpOnly; Path=/; SameSite=Lax`);
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).toHaveText('Solved');
  await expect(sb.getByText('The honest case: a link to the site from an e-mail arrives logged in.')).toBeVisible();
  await expect(sb.locator('.fw-flask').first()).toContainText('SESSION_COOKIE_NAME = "__Host-session"');
});

test('learner text stays text, and a 1 MB paste answers with a message', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const lines = sb.getByLabel('Set-Cookie headers (one per line)');
  await lines.fill('x=<img src=x onerror=alert(1)>');
  await expect(sb.locator('.cookie-line')).toHaveText('x=<img src=x onerror=alert(1)>');
  await expect(sb.locator('.sandbox-root img')).toHaveCount(0);
  await paste(lines, 'a=b\n'.repeat(250_000));
  await expect(sb.getByText(/^1000000 bytes pasted; reading the first 16384 bytes, and of its 4096 lines the first 50, so typing stays fast\.$/)).toBeVisible();
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
