import { test, expect, appReady, lessonIds, sandbox } from './fixtures';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

// The text drives the sandbox (issue 21): a lesson's "Try it" step (`[Try it: …](try:<quest>)`)
// fills the sandbox with that quest's declared solution, the one the native quest test proves
// solves it, and the learner watches the answer. What the learner had typed comes back with an
// undo.

const source = (id: string) => readFileSync(`lessons/${id}.md`, 'utf8');
/** The lesson's quest ids, in the order its quest panel lists them. */
const questIds = (id: string) => [...source(id).matchAll(/^\[\[quests\]\]\s*\nid\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);
const withQuests = lessonIds.filter((id) => questIds(id).length > 0);

async function openLesson(page: Page, id: string) {
  await page.goto(`./#/lesson/${id}`);
  await appReady(page);
  await expect(page.locator('.lesson-story')).toBeVisible();
}

test('every lesson with quests has "Try it" steps', () => {
  expect(withQuests.length).toBeGreaterThanOrEqual(13);
  for (const id of withQuests) expect(source(id), id).toMatch(/\]\(try:[a-z0-9-]+\)/);
});

// One test per lesson: each has its own time budget, and a failure names the lesson.
for (const id of withQuests) {
  test(`${id}: every "Try it" step fills the sandbox and solves its quest`, async ({ page, errors }) => {
    test.setTimeout(120_000);
    await openLesson(page, id);
    const ids = questIds(id);
    const steps = page.locator('button.try-it');
    const count = await steps.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const step = steps.nth(i);
      const quest = (await step.getAttribute('data-try'))!;
      expect(ids, `step ${i + 1} names a quest of the lesson`).toContain(quest);
      await step.click();
      await expect(sandbox(page).getByTestId('step-notice')).toContainText('Filled in from the lesson');
      const panel = page.locator('.quests .quest').nth(ids.indexOf(quest));
      // Slow engines (Argon2 at OWASP's parameters, a word list) answer within seconds.
      await expect(panel.locator('.quest-status'), `${quest} after its step`).toHaveText(/^Solved/, { timeout: 60_000 });
    }
    expect(errors).toEqual([]);
  });
}

test('a step keeps what the learner typed for an undo, and the keyboard reaches it', async ({ page, errors }) => {
  await openLesson(page, 'cross-site-scripting');
  const sb = sandbox(page);
  const comment = sb.getByLabel('What the visitor typed');
  await comment.fill('My own words');
  const step = page.locator('button.try-it').first();
  await step.focus();
  await page.keyboard.press('Enter');
  const notice = sb.getByTestId('step-notice');
  await expect(notice).toBeFocused();
  await expect(comment).toHaveValue("<img src=x onerror=alert('dragon')>");
  await page.keyboard.press('Tab');
  const undo = sb.getByRole('button', { name: 'Undo: put back what you had' });
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(comment).toHaveValue('My own words');
  await expect(notice).toHaveText('Your own inputs are back.');
  expect(errors).toEqual([]);
});

test('a step unfolds a folded dock', async ({ page, errors }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLesson(page, 'sql-injection');
  await page.getByRole('button', { name: 'Fold away' }).click();
  await expect(page.locator('iframe.sandbox-frame')).toBeHidden();
  await page.locator('button.try-it').first().click();
  await expect(page.locator('iframe.sandbox-frame')).toBeVisible();
  await expect(sandbox(page).getByTestId('step-notice')).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe('on a phone (390×844)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a step far down the text scrolls to the sandbox and offers the way back', async ({ page, errors }) => {
    await openLesson(page, 'sql-injection');
    const step = page.locator('button.try-it').last();
    await step.scrollIntoViewIfNeeded();
    const readingAt = await page.evaluate(() => window.scrollY);
    await step.click();
    await expect(page.locator('iframe.sandbox-frame')).toBeInViewport();
    await expect(sandbox(page).getByTestId('step-notice')).toBeVisible();
    const back = page.getByRole('button', { name: 'Back to where you were reading' });
    await expect(back).toBeInViewport();
    await back.click();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(readingAt);
    expect(errors).toEqual([]);
  });
});

test('the sandbox can take the whole screen, for a projector, and give it back', async ({ page, errors }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLesson(page, 'content-security-policy');
  await page.getByRole('button', { name: 'Full screen' }).click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.className ?? '')).toContain('sandbox');
  await expect(sandbox(page).getByRole('heading').first()).toBeVisible();
  await page.getByRole('button', { name: 'Leave full screen' }).click();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
  await expect(page.getByRole('button', { name: 'Full screen' })).toBeVisible();
  expect(errors).toEqual([]);
});
