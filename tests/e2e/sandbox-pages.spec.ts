import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, appReady, sandbox, registry } from './fixtures';

// Every sandbox is a page of its own (sandbox.html?sandbox=<id>): framed by its lesson, opened
// alone, or embedded in anyone's course page with a state in its URL fragment. A state from a
// link is untrusted input: it is read into the sandbox's own state type or refused with a notice.

const port = Number(process.env.DRAGONPROOF_E2E_PORT ?? 4173);
const origin = `http://127.0.0.1:${port}`;
const escapeState = (state: object) => `#state=${encodeURIComponent(JSON.stringify(state))}`;

test('every sandbox with a view opens alone, with its quests and a link to its lesson', async ({ page, errors }) => {
  const withViews = registry.filter((entry) => entry.has_view);
  expect(withViews.length).toBeGreaterThanOrEqual(4);
  for (const entry of withViews) {
    await page.goto(`./sandbox.html?sandbox=${entry.id}`);
    await expect(page.getByRole('heading', { level: 1, name: entry.title })).toBeVisible();
    await expect(page.getByRole('heading', { name: /^Quests \(0 of \d+ solved\)$/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /./ }).first()).toHaveAttribute('href', /^\.\/#\/lesson\//);
    await expect(page.getByLabel('Link', { exact: true })).toHaveValue(new RegExp(`sandbox\\.html\\?sandbox=${entry.id}#state=`));
  }
  expect(errors).toEqual([]);
});

test('a sandbox alone works and remembers its quests; its link carries its state', async ({ page, errors }) => {
  await page.goto('./sandbox.html?sandbox=escape');
  const name = page.getByLabel('Name (what a visitor types)');
  await name.fill('<b>dragon</b>');
  await expect(page.getByTestId('escape-output')).toHaveText('<p>Hello, <b>dragon</b>!</p>');
  await expect(page.locator('.quest').first().locator('.quest-status')).toHaveText('Solved');
  await expect(page.getByRole('heading', { name: 'Quests (1 of 2 solved)' })).toBeVisible();

  // The link opens the same state in a fresh page; the quest stays remembered.
  const link = await page.getByLabel('Link', { exact: true }).inputValue();
  expect(link).toContain('#state=');
  await page.goto(link);
  await expect(page.getByLabel('Name (what a visitor types)')).toHaveValue('<b>dragon</b>');
  await expect(page.getByRole('heading', { name: 'Quests (1 of 2 solved)' })).toBeVisible();
  await expect(page.getByLabel('Embed in your course page')).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/sandbox\.html\?sandbox=escape#state=/);
  expect(errors).toEqual([]);
});

test('embedded in a course page on another site, a prepared state opens and says its storage is apart', async ({ page, errors }) => {
  const state = { name: 'Prepared by the teacher', rendering: 'django-autoescape' };
  // A real server for the course page: Chromium refuses to let a page that did not come from a
  // local address (a routed one counts as public) frame a loopback one. `localhost` and
  // `127.0.0.1` are different sites, so this is a page of another site, as a course site is.
  const course = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><title>Course</title><h1>Week 3</h1>
      <iframe src="${origin}/sandbox.html?sandbox=escape${escapeState(state)}" title="Escaping sandbox from Dragonproof" width="100%" height="900"></iframe>`);
  });
  await new Promise<void>((resolve) => course.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://localhost:${(course.address() as AddressInfo).port}/week-3`);
    const embedded = page.frameLocator('iframe');
    await expect(embedded.getByLabel('Name (what a visitor types)')).toHaveValue('Prepared by the teacher');
    await expect(embedded.getByLabel('Template', { exact: true })).toHaveValue('django-autoescape');
    await expect(embedded.getByText(/kept apart from your Dragonproof progress/)).toBeVisible();
    await embedded.getByLabel('Name (what a visitor types)').fill('<i>x</i>');
    await expect(embedded.getByTestId('escape-output')).toHaveText('<p>Hello, &lt;i&gt;x&lt;/i&gt;!</p>');
    expect(errors).toEqual([]);
  } finally {
    course.close();
  }
});

test('a malformed or hostile state in a link gets a notice, and nothing of it runs', async ({ page, errors }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  const hostile = [
    '#state=<script>alert(1)</script>',
    `#state=${encodeURIComponent('{"name":"x","rendering":"<img src=x onerror=alert(1)>"}')}`,
    `#state=${encodeURIComponent('{"name":')}`,
    '#state=%E0%A4%A',
    `#state=${'%7B'.repeat(30_000)}`,
  ];
  for (const fragment of hostile) {
    await page.goto(`./sandbox.html?sandbox=escape${fragment}`);
    await expect(page.getByTestId('state-notice')).toContainText('The state in this link could not be used');
    // The sandbox starts as its lesson sets it up, and still works.
    await expect(page.getByLabel('Name (what a visitor types)')).toHaveValue('Ada Lovelace');
    await expect(page.getByTestId('escape-output')).toHaveText('<p>Hello, Ada Lovelace!</p>');
  }
  await page.goto('./sandbox.html?sandbox=../index');
  await expect(page.getByRole('alert')).toContainText('There is no sandbox called “../index”');
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
});

test('a portal in the app (the embed dialog) does not take the sandbox\'s events', async ({ page, errors }) => {
  await page.goto('./#/lesson/input-sanitization');
  await appReady(page);
  const sb = sandbox(page);
  await sb.getByLabel('Name (what a visitor types)').fill('<b>gold</b>');
  await page.getByRole('button', { name: 'Embed in your course page' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed this sandbox in your course page' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('HTML to paste')).toHaveValue(/sandbox\.html\?sandbox=escape#state=%7B%22name%22%3A%22%3Cb%3Egold%3C%2Fb%3E%22/);
  await dialog.getByRole('button', { name: 'Close' }).click();
  // The portal has been mounted and is gone; the sandbox's own controls still answer.
  await sb.getByLabel('Template', { exact: true }).selectOption({ label: 'Jinja2, autoescape on' });
  await sb.getByLabel('The form has no name field').check();
  await expect(sb.getByLabel('The form has no name field')).toBeChecked();
  await expect(sb.getByTestId('escape-output')).toHaveText('<p>Hello, &lt;b&gt;gold&lt;/b&gt;!</p>');
  // "Open this sandbox alone" carries the same state.
  await expect(page.getByRole('link', { name: 'Open this sandbox alone' })).toHaveAttribute('href', /sandbox\.html\?sandbox=escape#state=/);
  expect(errors).toEqual([]);
});

test('the app frames its sandbox at its content height, and only the app may talk to it', async ({ page }) => {
  await page.goto('./#/lesson/input-sanitization');
  await appReady(page);
  const frame = page.locator('iframe.sandbox-frame');
  await expect(sandbox(page).getByTestId('escape-output')).toBeVisible();
  await expect.poll(async () => (await frame.boundingBox())?.height ?? 0).toBeGreaterThan(800);
  const fits = await frame.evaluate((element: HTMLIFrameElement) => {
    const body = element.contentDocument!.body;
    return Math.abs(body.getBoundingClientRect().height - element.getBoundingClientRect().height) <= 2;
  });
  expect(fits).toBe(true);
  // A stranger's message (a payload in another window could send one) is ignored.
  const solvedBefore = await page.locator('.quest .quest-status').first().textContent();
  await page.evaluate(() => window.postMessage(JSON.stringify({
    protocol: 'dragonproof-sandbox/1', message: { report: { solved: ['markup-gets-in'], answers: [] } },
  }), '*'));
  await page.waitForTimeout(300);
  expect(await page.locator('.quest .quest-status').first().textContent()).toBe(solvedBefore);
});
