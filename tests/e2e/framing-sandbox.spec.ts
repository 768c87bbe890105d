import { test, expect, appReady, sandbox, paste } from './fixtures';

// Lesson 11's sandbox (src/sandboxes/framing): the castle's headers and a frame chain decided
// as Chromium decides (tests/e2e/framing-agreement.spec.ts proves the engine agrees), and the
// decoy demo, where a click on "Claim your prize" really lands in the framed castle page.

async function openSandbox(page: import('@playwright/test').Page) {
  await page.goto('./#/lesson/clickjacking');
  await appReady(page);
  const headers = sandbox(page).getByLabel("The castle's response headers (on every castle page)");
  await expect(headers).toBeVisible();
  return headers;
}

const quest = (page: import('@playwright/test').Page, n: number) =>
  page.getByRole('region', { name: /^Quests/ }).locator('.quest').nth(n).locator('.quest-status');

test('quest by sliding: the decoy hides the castle frame over the prize button', async ({ page, errors }) => {
  await openSandbox(page);
  const sb = sandbox(page);
  await expect(sb.getByTestId('framing-stranger')).toContainText('Shown in the frame.');
  await sb.getByLabel(/^Frame opacity/).fill('5');
  await sb.getByLabel(/^Move the frame right/).fill('60');
  await sb.getByLabel(/^Move the frame down/).fill('-250');
  await expect(quest(page, 0)).toHaveText('Solved');
  await expect(sb.getByTestId('framing-click')).toContainText('Now click');
  expect(errors).toEqual([]);
});

// The castle page is framed with sandbox="allow-scripts": an opaque origin, so the view accepts
// its messages by their source window. (It once checked that source with `instanceof Window`,
// which is false for a cross-origin window, and dropped every click.) A message from any other
// window is still ignored.
test('the decoy\'s click really lands in the framed castle page, which reports it', async ({ page, errors }) => {
  await openSandbox(page);
  const sb = sandbox(page);
  await sb.getByLabel(/^Frame opacity/).fill('5');
  await sb.getByLabel(/^Move the frame right/).fill('60');
  await sb.getByLabel(/^Move the frame down/).fill('-250');
  // The castle frame must have loaded before the visitor clicks.
  await expect(sb.frameLocator('iframe.framing-castle').getByRole('button', { name: 'Send the gold' })).toBeVisible();
  const click = sb.getByTestId('framing-click');
  await expect(click).toContainText('Now click');

  // The castle's words from another window (the lesson page around the sandbox) count for nothing.
  await page.locator('iframe.sandbox-frame').evaluate((frame: HTMLIFrameElement) =>
    frame.contentWindow!.postMessage('dragonproof-castle:gold', '*'));
  await page.waitForTimeout(300);
  await expect(click).toContainText('Now click');

  const stage = sb.getByRole('group', { name: "evil.example/prize, the attacker's page" });
  await stage.scrollIntoViewIfNeeded();
  const box = await stage.boundingBox();
  // Inside the faint frame but off its button (at 240 × 310 in the castle page): reported as a miss.
  await page.mouse.click(box!.x + 2 + 300, box!.y + 2 + 60);
  await expect(click).toContainText('missed its button');
  // Where the decoy's centre is (the engine's DECOY_CLICK, 200 × 150 inside the stage, inside its 2 px border).
  await page.mouse.click(box!.x + 2 + 200, box!.y + 2 + 150);
  await expect(click).toContainText('The click landed on the castle');
  expect(errors).toEqual([]);
});

test('quest by typing: frame-ancestors refuses the stranger and keeps the dashboard; DENY is no fix', async ({ page, errors }) => {
  const headers = await openSandbox(page);
  const sb = sandbox(page);
  await headers.fill('HTTP/1.1 200 OK\nX-Frame-Options: DENY');
  await expect(sb.getByTestId('framing-stranger')).toContainText('Refused');
  await expect(sb.getByTestId('framing-dashboard')).toContainText('Refused');
  await expect(quest(page, 1)).not.toHaveText('Solved');
  await expect(sb.locator('iframe.framing-castle')).toHaveCount(0);
  await expect(sb.getByText(/this static site cannot send your headers/)).toBeVisible();

  await headers.fill("HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nContent-Security-Policy: frame-ancestors 'self'");
  await expect(sb.getByTestId('framing-stranger')).toContainText('Refused');
  await expect(sb.getByTestId('framing-dashboard')).toContainText('Shown in the frame.');
  await expect(quest(page, 1)).toHaveText('Solved');

  // The chain: the castle's dashboard inside a stranger is refused too (every ancestor is checked).
  await sb.getByLabel('The page around it (parent)').fill('https://castle.example/dashboard');
  await expect(sb.getByTestId('framing-verdict')).toContainText('Shown in the frame.');
  await sb.getByLabel('The page around that one (optional)').fill('https://evil.example/');
  await expect(sb.getByTestId('framing-verdict')).toContainText('ancestor 2');
  expect(errors).toEqual([]);
});

test('frame-ancestors in <meta> does nothing and says so; bad input gets a plain note', async ({ page, errors }) => {
  await openSandbox(page);
  const sb = sandbox(page);
  await sb.getByLabel(/A <meta http-equiv="Content-Security-Policy">/).fill("frame-ancestors 'none'");
  await expect(sb.getByTestId('framing-verdict')).toContainText('does nothing');
  await expect(sb.getByTestId('framing-verdict')).toContainText('Shown in the frame.');
  await sb.getByLabel('The page around it (parent)').fill('<img src=x onerror=alert(1)>');
  await expect(sb.getByTestId('framing-verdict')).toContainText('is not a URL with a host');
  await expect(sb.locator('.framing-sandbox img')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a 1 MB paste answers with a message and the sandbox keeps answering', async ({ page, errors }) => {
  const headers = await openSandbox(page);
  const sb = sandbox(page);
  await paste(headers, 'HTTP/1.1 200 OK\n' + 'X-Frame-Options: DENY\n'.repeat(50_000));
  await expect(sb.getByText(/These headers are 1\d\d\d KB; the sandbox reads their first 64 KB/)).toBeVisible();
  await headers.fill('HTTP/1.1 200 OK\nX-Frame-Options: SAMEORIGIN');
  await expect(sb.getByTestId('framing-dashboard')).toContainText('Shown in the frame.');
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
