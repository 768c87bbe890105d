import { test, expect, appReady, registry, lessonIds } from './fixtures';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

// The lesson layout (issue 21): on a wide screen a live sandbox is docked beside the text, in
// view from the first screen and while the text scrolls; on a phone it follows the castle story,
// and a jump button in reach takes the learner there and back. Lessons whose sandbox has no view
// yet keep one column.

/** Each lesson's sandbox id, read from its front matter. */
const sandboxOf = Object.fromEntries(lessonIds.map((id) => {
  const match = readFileSync(`lessons/${id}.md`, 'utf8').match(/^sandbox\s*=\s*"([a-z]+)"/m);
  return [id, match ? match[1] : 'none'];
}));
const live = new Set(registry.filter((entry) => entry.has_view).map((entry) => entry.id));
const docked = lessonIds.filter((id) => live.has(sandboxOf[id]));
const textOnly = lessonIds.filter((id) => !live.has(sandboxOf[id]));

async function openLesson(page: Page, id: string) {
  await page.goto(`./#/lesson/${id}`);
  await appReady(page);
  await expect(page.locator('.lesson-story')).toBeVisible();
}

/** Whether the box is on screen: some of it inside the viewport, at least 200 px high there. */
function onScreen(box: { x: number; y: number; width: number; height: number } | null, viewport: { width: number; height: number }) {
  if (!box) return false;
  const top = Math.max(box.y, 0);
  const bottom = Math.min(box.y + box.height, viewport.height);
  return bottom - top >= 200 && box.x >= 0 && box.x + box.width <= viewport.width + 1;
}

for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('some lesson has a live sandbox to dock', () => {
      expect(docked.length).toBeGreaterThan(0);
    });

    // One test per lesson: each has its own time budget, and a failure names the lesson.
    for (const id of docked) {
      test(`${id}: the sandbox is docked beside the text, in the first screen and while the text scrolls`, async ({ page, errors }) => {
        await openLesson(page, id);
        const slot = page.locator('section.sandbox');
        const text = page.locator('.lesson-story');
        expect(onScreen(await slot.boundingBox(), viewport), 'the sandbox in the first screen').toBe(true);
        const [slotBox, textBox] = [await slot.boundingBox(), await text.boundingBox()];
        expect(slotBox!.x, 'the sandbox beside the text').toBeGreaterThan(textBox!.x + textBox!.width - 1);
        // Deep in the text (the fix, the key rules), the sandbox is still there.
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight * 0.6));
        await expect.poll(async () => onScreen(await slot.boundingBox(), viewport), { message: 'after scrolling' }).toBe(true);
        await expect(page.getByRole('button', { name: 'Jump to the sandbox' })).toBeHidden();
        expect(errors).toEqual([]);
      });
    }

    test('a lesson whose sandbox is still being built keeps one column', async ({ page }) => {
      test.skip(textOnly.length === 0, 'every sandbox has its view');
      await openLesson(page, textOnly[0]);
      await expect(page.locator('.lesson')).not.toHaveClass(/has-dock/);
      await expect(page.getByRole('button', { name: 'Jump to the sandbox' })).toHaveCount(0);
    });

    test('the dock can be widened and folded, and the choice is kept', async ({ page, errors }) => {
      await openLesson(page, docked[0]);
      const slot = page.locator('section.sandbox');
      const frame = page.locator('iframe.sandbox-frame');
      const beside = (await slot.boundingBox())!.width;
      const wide = page.getByRole('button', { name: 'Wide sandbox' });
      await expect(wide).toHaveAttribute('aria-pressed', 'false');
      await wide.click();
      await expect(wide).toHaveAttribute('aria-pressed', 'true');
      await expect.poll(async () => (await slot.boundingBox())!.width).toBeGreaterThan(beside + 100);

      // Folding hides the frame but keeps the sandbox page (and what was typed in it) loaded.
      const storyWidth = (await page.locator('.lesson-story').boundingBox())!.width;
      await page.getByRole('button', { name: 'Fold away' }).click();
      await expect(frame).toBeHidden();
      await expect.poll(async () => (await page.locator('.lesson-story').boundingBox())!.width).toBeGreaterThan(storyWidth + 100);
      await page.reload();
      await appReady(page);
      const show = page.getByRole('button', { name: 'Show the sandbox' });
      await expect(show).toHaveAttribute('aria-expanded', 'false');
      await expect(frame).toBeHidden();
      await show.click();
      await expect(frame).toBeVisible();
      await expect(page.getByRole('button', { name: 'Fold away' })).toHaveAttribute('aria-expanded', 'true');
      expect(errors).toEqual([]);
    });
  });
}

test.describe('on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('every live sandbox starts within two screens, after the castle story', async ({ page }) => {
    for (const id of docked) {
      await openLesson(page, id);
      const top = await page.locator('section.sandbox').evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
      const story = await page.locator('.lesson-story').evaluate((element) => element.getBoundingClientRect().bottom + window.scrollY);
      expect(top, `${id}: the sandbox starts at ${top} px`).toBeLessThan(2 * 844);
      expect(top, `${id}: after the story`).toBeGreaterThanOrEqual(story - 1);
      await expect(page.getByRole('button', { name: 'Wide sandbox' })).toBeHidden();
    }
  });

  test('the jump button takes the keyboard to the sandbox and back to the text', async ({ page, errors }) => {
    await openLesson(page, docked[0]);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight * 0.7));
    const readingAt = await page.evaluate(() => window.scrollY);
    const jump = page.getByRole('button', { name: 'Jump to the sandbox' });
    await expect(jump).toBeInViewport();
    await jump.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#sandbox-title')).toBeFocused();
    await expect(page.locator('#sandbox-title')).toBeInViewport();
    const back = page.getByRole('button', { name: 'Back to where you were reading' });
    await expect(back).toBeInViewport();
    await back.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(readingAt);
    await expect(jump).toBeVisible();
    expect(errors).toEqual([]);
  });
});
