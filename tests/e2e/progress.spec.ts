import { readFile } from 'node:fs/promises';
import { test, expect, appReady } from './fixtures';

test('marking a lesson read survives a reload and shows on the map', async ({ page }) => {
  await page.goto('./#/lesson/csrf');
  await appReady(page);
  const done = page.getByRole('button', { name: 'I have read this lesson' });
  await expect(done).toHaveAttribute('aria-pressed', 'false');
  await done.click();
  await expect(done).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByRole('button', { name: 'I have read this lesson' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('link', { name: 'Castle map' }).click();
  await expect(page.getByText('1 of 13 lessons read')).toBeVisible();
});

test('corrupted storage is reset with a notice, kept aside, and the app works', async ({ page, errors }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('dragonproof.progress', '{"format":"dragonproof-progress","version":1,"lessons":{"csrf":{"read":tru');
      sessionStorage.setItem('seeded', '1');
    }
  });
  await page.goto('./');
  await appReady(page);
  await expect(page.getByRole('status')).toContainText('damaged');
  await expect(page.locator('.castle-map > li')).toHaveCount(13);
  const kept = await page.evaluate(() => localStorage.getItem('dragonproof.progress.damaged'));
  expect(kept).toContain('"csrf"');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('status')).toBeEmpty();
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('status')).toBeEmpty();
  expect(errors).toEqual([]);
});

test('foreign data in one lesson resets only that lesson', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('dragonproof.progress', JSON.stringify({
      format: 'dragonproof-progress', version: 1,
      lessons: { csrf: { read: true }, 'sql-injection': { read: 'yes please' } },
    }));
  });
  await page.goto('./');
  await appReady(page);
  await expect(page.getByRole('status')).toContainText('sql-injection');
  await expect(page.getByText('1 of 13 lessons read')).toBeVisible();
});

test('export, reset with confirmation, and import round-trip progress', async ({ page }, info) => {
  await page.goto('./#/lesson/secret-keys');
  await appReady(page);
  await page.getByRole('button', { name: 'I have read this lesson' }).click();
  await page.getByRole('link', { name: 'Progress', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your progress' })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('dragonproof-progress.json');
  const file = info.outputPath('progress.json');
  await download.saveAs(file);
  const exported = JSON.parse(await readFile(file, 'utf8'));
  expect(exported.lessons['secret-keys'].read).toBe(true);

  await page.getByRole('button', { name: 'Reset all progress…' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('1 of 13 lessons read')).toBeVisible();
  await page.getByRole('button', { name: 'Reset all progress…' }).click();
  await page.getByRole('button', { name: 'Yes, reset everything' }).click();
  await expect(page.getByText('0 of 13 lessons read')).toBeVisible();

  await page.getByLabel('Import progress…').setInputFiles(file);
  await expect(page.getByRole('status')).toContainText('Progress imported');
  await expect(page.getByText('1 of 13 lessons read')).toBeVisible();
  await page.reload();
  await expect(page.getByText('1 of 13 lessons read')).toBeVisible();
});

test('importing a file that is not progress changes nothing', async ({ page }, info) => {
  await page.goto('./#/lesson/csrf');
  await appReady(page);
  await page.getByRole('button', { name: 'I have read this lesson' }).click();
  await page.goto('./#/progress');
  await page.getByLabel('Import progress…').setInputFiles({
    name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('{"camera":"x"}'),
  });
  await expect(page.getByRole('status')).toContainText('was not imported');
  await expect(page.getByText('1 of 13 lessons read')).toBeVisible();
});
