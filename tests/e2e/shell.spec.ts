import { test, expect, lessonIds, appReady, sandbox } from './fixtures';

test('the home page maps all 13 lessons and the checklist', async ({ page, errors }) => {
  expect(lessonIds).toHaveLength(13);
  await page.goto('./');
  await appReady(page);
  const cards = page.locator('.castle-map > li');
  await expect(cards).toHaveCount(13);
  for (const id of lessonIds) {
    await expect(page.locator(`.castle-map a[href$="#/lesson/${id}"]`)).toHaveCount(1);
  }
  await expect(page.getByRole('link', { name: /launch checklist/i })).toBeVisible();
  expect(errors).toEqual([]);
});

for (const id of [...lessonIds, 'checklist']) {
  test(`lesson ${id} renders with no console error`, async ({ page, errors }) => {
    await page.goto(`./#/lesson/${id}`);
    await appReady(page);
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toBeVisible();
    await expect(heading).not.toBeEmpty();
    if (id !== 'checklist') {
      for (const section of ['The castle story', 'The danger', 'The fix', 'Key rules', 'Myth busters']) {
        await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
      }
      await expect(page.getByRole('heading', { level: 2, name: 'Sandbox' })).toBeVisible();
    } else {
      await expect(page.locator('.checklist-items li').first()).toBeVisible();
    }
    expect(errors).toEqual([]);
  });
}

test('a reload on a deep link shows the same lesson', async ({ page }) => {
  await page.goto('./#/lesson/csrf');
  await appReady(page);
  const title = await page.getByRole('heading', { level: 1 }).textContent();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title!);
});

test('unknown routes and lessons get the friendly 404', async ({ page }) => {
  await page.goto('./#/no/such/page');
  await expect(page.getByRole('heading', { name: 'This corridor leads nowhere' })).toBeVisible();
  await page.goto('./#/lesson/dragons-welcome');
  await expect(page.getByRole('heading', { name: 'This corridor leads nowhere' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the castle map' }).click();
  await expect(page.locator('.castle-map > li')).toHaveCount(13);
});

test('keyboard only: skip link, open a lesson, move on', async ({ page }) => {
  await page.goto('./');
  await appReady(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // The first Tab inside main reaches the first lesson card.
  await page.keyboard.press('Tab');
  const first = page.locator('.castle-map a').first();
  await expect(first).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/lesson\/input-sanitization$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  // Tab onward until the "Next" lesson link is focused, then follow it.
  const next = page.getByRole('link', { name: /^Next/ });
  for (let i = 0; i < 200 && !(await next.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/lesson\/sql-injection$/);
});

test('dark mode renders dark', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('./#/lesson/sql-injection');
  await appReady(page);
  const [background, text] = await page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return [style.backgroundColor, style.color];
  });
  expect(luminance(background)).toBeLessThan(0.05);
  expect(luminance(text)).toBeGreaterThan(0.6);
  await context.close();
});

function luminance(css: string): number {
  const [r, g, b] = css.match(/\d+/g)!.slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test('the Flask/Django switch orders code and is remembered', async ({ page }) => {
  await page.goto('./#/lesson/sql-injection');
  await appReady(page);
  const firstCaption = page
    .locator('.fw-pair', { has: page.locator('.fw-flask') })
    .filter({ has: page.locator('.fw-django') })
    .first()
    .locator('figcaption');
  const visualFirst = async () =>
    firstCaption.evaluateAll((captions) => {
      const sorted = captions
        .map((c) => ({ text: c.textContent, top: c.getBoundingClientRect().top }))
        .sort((a, b) => a.top - b.top);
      // Nothing yet while the lesson renders (after the reload): poll again.
      return sorted.length ? sorted[0].text : null;
    });
  await expect.poll(visualFirst).toBe('Flask');
  // The header's switch (the lesson's sandbox has Flask and Django choices of its own).
  const codeFirst = page.getByRole('group', { name: 'Code first' });
  await codeFirst.getByRole('radio', { name: 'Django' }).check();
  await expect.poll(visualFirst).toBe('Django');
  await page.reload();
  await expect(codeFirst.getByRole('radio', { name: 'Django' })).toBeChecked();
  await expect.poll(visualFirst).toBe('Django');
});

test('the same dist works under a sub-path, deep links and worker included', async ({ page, errors }) => {
  await page.goto('/sub/dragonproof/#/lesson/cross-site-scripting');
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await sandbox(page).locator('.xss-sandbox').getByRole('radio', { name: /^Sanitized/ }).check();
  await sandbox(page).getByLabel('What the visitor typed').fill('<b>ok</b><script>alert(1)</script>');
  await expect(sandbox(page).getByTestId('sanitized-output')).toHaveText('<p class="comment"><b>ok</b></p>');
  expect(errors).toEqual([]);
});
