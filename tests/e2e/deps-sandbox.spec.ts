import AxeBuilder from '@axe-core/playwright';
import { test, expect, appReady, sandbox, paste } from './fixtures';

// The dependencies sandbox reads requirements with pip's and packaging's rules and audits the
// pins against the curated advisories, in its worker (deps_worker). These tests type as a
// learner would.

async function openSandbox(page: import('@playwright/test').Page) {
  await page.goto('./#/lesson/dependencies');
  await appReady(page);
  const requirements = sandbox(page).getByLabel('requirements.txt (or pip freeze output)');
  await expect(requirements).toBeVisible();
  return requirements;
}

test('the quests, by typing: a vulnerable pin, then every line pinned, patched and installable', async ({ page, errors }) => {
  const sb = sandbox(page);
  const requirements = await openSandbox(page);
  const quests = page.getByRole('region', { name: /^Quests/ });
  await expect(quests.getByRole('heading', { name: 'Quests (0 of 2 done)' })).toBeVisible();
  // The start: three unpinned lines, nothing an audit can check.
  await expect(sb.getByTestId('deps-summary')).toHaveText('No known vulnerability in the pinned releases, 3 lines not pinned exactly.');

  // Attack: pin Django to a release with high-severity SQL injections.
  await requirements.fill('');
  await requirements.pressSequentially('flask\ndjango==5.2.10\nrequests\n');
  const findings = sb.getByTestId('deps-findings');
  await expect(findings).toContainText('django 5.2.10');
  await expect(findings).toContainText('CVE-2026-1287');
  await expect(sb.getByTestId('deps-upgrades')).toContainText('pip install "django==');
  await expect(quests.locator('.quest').nth(0).locator('.quest-status')).toHaveText('Solved');

  // Flask 3.1 beside Werkzeug 2 is no fix: it would not install.
  await requirements.fill('');
  await requirements.pressSequentially('flask==3.1.3\nwerkzeug==2.3.8\ndjango==6.1.3\nrequests==2.34.2\n');
  await expect(sb.getByTestId('deps-conflicts')).toContainText('werkzeug==2.3.8');
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).not.toHaveText('Solved');

  // A range is no fix either.
  await requirements.fill('');
  await requirements.pressSequentially('flask>=3.1.3\nwerkzeug==3.1.9\ndjango==6.1.3\nrequests==2.34.2\nurllib3==2.8.0\n');
  await expect(sb.getByTestId('deps-warnings')).toContainText('is a range');
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).not.toHaveText('Solved');

  // The fix: exact pins outside every advisory, each package's own requirements met.
  await requirements.fill('');
  await requirements.pressSequentially('flask==3.1.3\nwerkzeug==3.1.9\ndjango==6.1.3\nrequests==2.34.2\nurllib3==2.8.0\n');
  await expect(sb.getByTestId('deps-summary')).toHaveText('No known vulnerability in the pinned releases.');
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).toHaveText('Solved');
  await expect(quests.getByRole('heading', { name: 'Quests (2 of 2 done)' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the pip-audit tab prints its table and its -f json shape', async ({ page, errors }) => {
  const sb = sandbox(page);
  const requirements = await openSandbox(page);
  await requirements.fill('django==5.2.10\nrequests==2.34.2\n');
  await sb.getByRole('tab', { name: 'As pip-audit prints it' }).click();
  const table = sb.getByTestId('deps-pip-audit-table');
  await expect(table).toContainText('Name   Version ID');
  await expect(table).toContainText(/django 5\.2\.10 +CVE-2026-1287/);
  const json = JSON.parse((await sb.getByTestId('deps-pip-audit-json').textContent()) ?? '{}');
  expect(json.dependencies.map((d: { name: string }) => d.name)).toEqual(['django', 'requests']);
  expect(json.dependencies[0].vulns[0]).toEqual(expect.objectContaining({ id: expect.any(String), fix_versions: expect.any(Array), aliases: expect.any(Array), description: expect.any(String) }));
  expect(json.dependencies[1].vulns).toEqual([]);
  // Keyboard: the arrow key goes back to the other tab.
  await sb.getByRole('tab', { name: 'As pip-audit prints it' }).press('ArrowLeft');
  await expect(sb.getByRole('tab', { name: 'Line by line' })).toBeFocused();
  await expect(sb.getByRole('tab', { name: 'Line by line' })).toHaveAttribute('aria-selected', 'true');
  expect(errors).toEqual([]);
});

test('malformed lines get a plain message with the column; markers follow the chosen Python', async ({ page, errors }) => {
  const sb = sandbox(page);
  const requirements = await openSandbox(page);
  await requirements.fill('flask==\n-r base.txt\ngit+https://example.com/castle.git\npywin32==306 ; sys_platform == "win32"\n<b>bold</b>\n');
  const lines = sb.getByRole('table', { name: 'Each line, as pip reads it' });
  await expect(lines.getByRole('row').nth(1)).toContainText('pip refuses this line (column');
  await expect(lines.getByRole('row').nth(2)).toContainText('paste that file here');
  await expect(lines.getByRole('row').nth(3)).toContainText('pip-audit cannot audit it');
  await expect(lines.getByRole('row').nth(4)).toContainText('does not apply here');
  await sb.getByLabel('Python and platform (for markers and Requires-Python)').selectOption('windows-cpython-3.9');
  await expect(lines.getByRole('row').nth(4)).toContainText('applies here');
  // Learner text is text.
  await expect(lines.getByRole('row').nth(5)).toContainText('<b>bold</b>');
  await expect(sb.locator('.deps-sandbox b')).toHaveCount(0);
  // Each release's Requires-Python is checked against that Python: Django 6.1 needs 3.12.
  await requirements.fill('django==6.1.3\ndjango==4.2.30\n');
  await expect(sb.getByTestId('deps-conflicts')).toContainText('django 6.1.3 needs Python >=3.12 (its metadata, release 6.1.3), but the chosen environment runs Python 3.9.13.');
  await expect(sb.getByTestId('deps-conflicts')).not.toContainText('django 4.2.30');
  expect(errors).toEqual([]);
});

test('a one-megabyte paste answers with a message and the next keystroke is still quick', async ({ page, errors }) => {
  const sb = sandbox(page);
  const requirements = await openSandbox(page);
  const huge = 'flask==3.1.3\n'.repeat(80_000);
  const started = Date.now();
  await paste(requirements, huge);
  await expect(sb.getByTestId('deps-truncated')).toContainText('Only the first 64 KB are read');
  await requirements.fill('django==5.2.10\n');
  await expect(sb.getByTestId('deps-findings')).toContainText('django 5.2.10');
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(errors).toEqual([]);
});

test('at phone width nothing widens the page, and axe finds no violation', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  const sb = sandbox(page);
  const requirements = await openSandbox(page);
  await requirements.fill('flask\ndjango==5.2.10\nrequests>=2\n');
  await expect(sb.getByTestId('deps-findings')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  const frameWidth = await page.locator('iframe.sandbox-frame').evaluate((frame: HTMLIFrameElement) => frame.clientWidth);
  expect(await sb.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(frameWidth);
  await page.screenshot({ path: '/tmp/deps-375.png', fullPage: true });
  await page.close();
});

test('the sandbox alone passes axe (WCAG A/AA), light and dark', async ({ browser }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('./sandbox.html?sandbox=deps');
    await page.getByLabel('requirements.txt (or pip freeze output)').fill('flask==\ndjango==5.2.10\nrequests>=2\n');
    await expect(page.getByTestId('deps-findings')).toBeVisible();
    if (colorScheme === 'light') await page.screenshot({ path: '/tmp/deps-1280.png', fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    await context.close();
  }
});
