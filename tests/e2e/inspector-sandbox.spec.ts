import AxeBuilder from '@axe-core/playwright';
import { test, expect, appReady, sandbox, paste } from './fixtures';

// The audits sandbox: Python parsed by Ruff's parser in the inspector worker, which only this
// lesson fetches. These tests type as a learner would and read what the worker answered.

const PARAMETERIZED = 'db.execute("SELECT name, rank FROM knights WHERE rank = ?", (request.args.get("rank"),))';
const FROM_INPUT = `db.execute(f"SELECT name, rank FROM knights WHERE rank = '{request.args.get('rank')}'")`;

async function openSandbox(page: import('@playwright/test').Page) {
  await page.goto('./#/lesson/audits');
  await appReady(page);
  const source = sandbox(page).getByLabel('Python source (a module, a settings.py, a views.py)');
  await expect(source).toBeVisible();
  await expect(sandbox(page).getByTestId('inspector-summary')).toBeVisible();
  return source;
}

/** Replaces `from` with `to` in the editor by selecting it and typing, as a learner would. */
async function retype(source: import('@playwright/test').Locator, from: string, to: string) {
  await source.evaluate((area: HTMLTextAreaElement, from: string) => {
    const start = area.value.indexOf(from);
    if (start < 0) throw new Error(`not in the editor: ${from}`);
    area.focus();
    area.setSelectionRange(start, start + from.length);
  }, from);
  await source.press('Delete');
  await source.pressSequentially(to);
}

test('the parser worker is not in the first load, and only the audits lesson fetches it', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.goto('./');
  await appReady(page);
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((url) => url.includes('inspector'))).toEqual([]);
  // Another lesson's sandbox (the dependencies one, right before it) does not fetch it either.
  await page.goto('./#/lesson/dependencies');
  await expect(sandbox(page).getByLabel('requirements.txt (or pip freeze output)')).toBeVisible();
  expect(fetched.filter((url) => url.includes('inspector_worker'))).toEqual([]);
  await openSandbox(page);
  expect(fetched.some((url) => url.endsWith('inspector_worker_bg.wasm'))).toBe(true);
});

test('the quests, by typing: SQL from input until B608 fires, then a clean castle with the same routes', async ({ page, errors }) => {
  test.setTimeout(180_000);
  const sb = sandbox(page);
  const source = await openSandbox(page);
  const quests = page.getByRole('region', { name: /^Quests/ });
  await expect(quests.getByRole('heading', { name: 'Quests (0 of 2 done)' })).toBeVisible();
  const findings = sb.getByTestId('inspector-findings');
  await expect(findings).toContainText('B201');
  await expect(findings).not.toContainText('B608');
  await expect(sb.getByTestId('inspector-routes').locator('li')).toHaveCount(5);

  // Attack: the parameterized query rebuilt from request data.
  await retype(source, PARAMETERIZED, FROM_INPUT);
  await expect(findings).toContainText('B608');
  // Marked from Bandit's column: in Python 3.12's tree that is the f-string's text, after `f"`.
  await expect(findings.locator('li', { hasText: 'B608' }).locator('mark')).toHaveText(/^SELECT name, rank FROM knights WHERE rank = '\{request/);
  await expect(quests.locator('.quest').nth(0).locator('.quest-status')).toHaveText('Solved');

  // Deleting the routes is no fix.
  await source.fill('from flask import Flask\napp = Flask(__name__)\n');
  await expect(sb.getByTestId('inspector-summary')).toHaveText('No findings.');
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).not.toHaveText('Solved');

  // The fix, line by line, from the castle app.
  await sb.getByLabel('Load a sample').selectOption('castle-app');
  await expect(findings).toContainText('B201');
  const edits: [string, string][] = [
    ['import os\n', 'import os\nimport subprocess\n'],
    ['from markupsafe import Markup\n', 'from markupsafe import Markup, escape\n'],
    ['from flask import Flask, render_template_string, request\n', 'from flask import Flask, render_template_string, request\nfrom flask_wtf.csrf import CSRFProtect\n'],
    ['app = Flask(__name__)\n', 'app = Flask(__name__)\ncsrf = CSRFProtect(app)\n'],
    ['"dragon-hoard-1234"', 'os.environ["SECRET_KEY"]'],
    ['app.config["WTF_CSRF_ENABLED"] = False\n', ''],
    ['os.environ.get("API_TOKEN", "dev-token")', 'os.environ["API_TOKEN"]'],
    ['{{ name|safe }}', '{{ name }}'],
    ['Markup("<p>" + request.args.get("motto", "") + "</p>")', 'Markup("<p>{}</p>").format(request.args.get("motto", ""))'],
    ['verify=False', 'timeout=5'],
    ['hashlib.md5', 'hashlib.sha256'],
    ['os.system("logger gate opened by " + request.form["knight"])', 'subprocess.run(["logger", "gate opened by", request.form["knight"]], check=True)'],
    ['app.run(host="0.0.0.0", debug=True)', 'app.run(host="127.0.0.1", debug=os.environ.get("FLASK_DEBUG") == "1")'],
  ];
  for (const [from, to] of edits) await retype(source, from, to);
  // Low findings may stay (Bandit's own ids we implement are all medium or higher today).
  await expect(sb.getByTestId('inspector-summary')).toHaveText(/^(No findings\.|\d+ findings?, 0 of medium severity or higher\.)$/);
  await expect(sb.getByTestId('inspector-routes').locator('li')).toHaveCount(5);
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).toHaveText('Solved');
  await expect(quests.getByRole('heading', { name: 'Quests (2 of 2 done)' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a syntax error gives the parser message and position, and findings for what it could read', async ({ page, errors }) => {
  const sb = sandbox(page);
  const source = await openSandbox(page);
  await source.fill('import yaml\ndata = yaml.load(text)\ndef broken(:\n    pass\n');
  await expect(sb.getByTestId('inspector-syntax')).toContainText('Line 3, column');
  await expect(sb.getByTestId('inspector-findings')).toContainText('B506');
  // Learner text is text, never markup.
  await source.fill('x = "<img src=x onerror=alert(1)>"\nprint(x\n');
  await expect(sb.getByTestId('inspector-syntax')).toBeVisible();
  await expect(sb.locator('.inspector-sandbox img')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('10,000 nested parentheses and a 1 MB paste answer with a message, and the page keeps working', async ({ page, errors }) => {
  test.setTimeout(180_000);
  const sb = sandbox(page);
  const source = await openSandbox(page);
  await paste(source, 'x = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + '\n');
  // CPython's own limit (200 open brackets), reported where CPython reports it, without a restart.
  await expect(sb.getByTestId('inspector-syntax')).toContainText('too many nested parentheses');
  await expect(sb.getByTestId('inspector-syntax')).toContainText('Line 1, column');
  expect(errors).toEqual([]);
  // Deep code that is not brackets (CPython refuses it too: "too complex") can still overflow
  // the parser's stack and trap the worker's wasm. The page hears the crash at once (the worker
  // is its own, not gloo-worker's), starts a fresh one for the same code, and when that one
  // crashes too, says so instead of retrying. The trap is the only error the page may see.
  const crashed = Date.now();
  await paste(source, 'x = ' + '-'.repeat(20_000) + '1\n');
  await expect(sb.getByText(/crashed on this code, even after a restart/)).toBeVisible({ timeout: 20_000 });
  expect(Date.now() - crashed, 'a crash is heard, not waited out').toBeLessThan(15_000);
  const overflow = /Maximum call stack size exceeded|RuntimeError: unreachable/;
  await paste(source, 'import pickle\n' + 'x = pickle.loads(data)\n'.repeat(48_000));
  await expect(sb.getByTestId('inspector-note')).toContainText('were inspected', { timeout: 30_000 });
  // The page still answers a keystroke.
  // (Bandit's B201 needs Flask imported: `app.run(debug=True)` alone is not reported.)
  await source.fill('from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n');
  await expect(sb.getByTestId('inspector-findings')).toContainText('B201');
  expect(errors.filter((e) => !overflow.test(e))).toEqual([]);
});

test('at phone width nothing widens the page; the sandbox alone passes axe', async ({ browser }) => {
  const phone = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await openSandbox(phone);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const frameWidth = await phone.locator('iframe.sandbox-frame').evaluate((frame: HTMLIFrameElement) => frame.clientWidth);
  expect(await sandbox(phone).locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(frameWidth);
  await phone.screenshot({ path: '/tmp/inspector-375.png', fullPage: true });
  await phone.close();
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('./sandbox.html?sandbox=inspector');
    await expect(page.getByTestId('inspector-findings')).toContainText('B201');
    if (colorScheme === 'light') await page.screenshot({ path: '/tmp/inspector-1280.png', fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    await context.close();
  }
});
