import { test, expect, appReady, sandbox } from './fixtures';

async function openSandbox(page: import('@playwright/test').Page) {
  const sb = sandbox(page);
  await page.goto('./#/lesson/secret-keys');
  await appReady(page);
  await expect(sb.getByLabel('SECRET_KEY', { exact: true })).toBeVisible();
}

test('the leaked key is known, and the word list (in its worker) finds it in Arthur\'s cookie', async ({ page, errors }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  await expect(sb.getByText(/Known: it is an example key from a tutorial/)).toBeVisible();
  // The worker is not fetched until the attack starts.
  const worker = page.waitForRequest(/wordlist_worker_bg\.wasm$/);
  await sb.getByRole('button', { name: 'Run the word-list attack on this cookie' }).click();
  await worker;
  await expect(sb.getByTestId('secrets-attack')).toContainText('Found the key after');
  await expect(sb.getByTestId('secrets-attack')).toContainText('guesses per second');
  expect(errors).toEqual([]);
});

test('quests by typing: forge the king, then an unguessable key', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const quests = page.getByRole('region', { name: /^Quests/ });
  await sb.getByLabel('The key the dragon signs with').fill('my-super-secret-key');
  await expect(sb.getByTestId('secrets-forgery')).toContainText("The forgery works. Flask accepts it (verified with SECRET_KEY): session = {'user': 'king'}");
  await expect(quests.locator('.quest').nth(0).locator('.quest-status')).toHaveText('Solved');
  // A planned rotation keeps the leaked key as a fallback: the forgery still works.
  await sb.getByRole('button', { name: /Planned rotation/ }).click();
  await expect(sb.getByTestId('secrets-forgery')).toContainText('verified with SECRET_KEY_FALLBACKS[0]');
  await sb.getByLabel('SECRET_KEY_FALLBACKS (one key per line, oldest first)').fill('');
  await expect(sb.getByTestId('secrets-forgery')).toContainText('The forgery fails.');
  await expect(sb.getByTestId('secrets-verdict')).toContainText("Flask accepts it (verified with SECRET_KEY): session = {'user': 'arthur'}");
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).toHaveText('Solved');
});

test('a dictionary key is judged by the worker; W009 and getenv defaults are flagged', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const key = sb.getByLabel('SECRET_KEY', { exact: true });
  await key.fill('Dragon2024');
  await expect(sb.getByText(/Known: a dictionary word/)).toBeVisible();
  await expect(sb.getByText(/security\.W009/)).toBeVisible();
  await key.fill('os.getenv("SECRET_KEY", "default-secret-key")');
  await expect(sb.getByText(/This line ships a default/)).toBeVisible();
  await sb.getByRole('button', { name: 'Use the Django key' }).click();
  await expect(sb.getByText(/Strong: about 282 bits/)).toBeVisible();
});

test('bad cookies answer in words, and a 1 MB paste with a message', async ({ page }) => {
  const sb = sandbox(page);
  await openSandbox(page);
  const cookie = sb.getByLabel("A session cookie (empty: Arthur's, as the castle signs it now)");
  await cookie.fill('!!!.aVW5AA.abc');
  await expect(sb.getByTestId('secrets-decoded')).toContainText('Flask starts an empty session');
  await cookie.fill('x'.repeat(1_000_000));
  await expect(sb.getByTestId('secrets-decoded')).toContainText('the workbench reads up to 65536');
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
