import { test as base, expect, Page } from '@playwright/test';
import { readdirSync } from 'node:fs';

/** Lesson ids, from the lesson files themselves (the checklist is listed separately). */
export const lessonIds = readdirSync('lessons')
  .filter((name) => name.endsWith('.md') && name !== 'README.md' && name !== 'checklist.md')
  .map((name) => name.replace(/\.md$/, ''));

/** Every page gets a list of console errors and uncaught exceptions; a test may assert it is empty. */
export const test = base.extend<{ errors: string[] }>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      // What a payload does inside the sandboxed preview (a broken <img src=x>, a blocked access
      // to the app) is the lesson, not an app error.
      const url = message.location().url;
      if (url.includes('preview.html')) return;
      // A payload's relative <img src=x> resolves beside preview.html, under static/.
      if (/\/static\//.test(url) && !/\/static\/(icon\.svg|castle\.svg|manifest\.webmanifest)$/.test(url)) return;
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await use(errors);
  },
});

export { expect };

/** Waits until the Yew app has mounted (its header is rendered by wasm, not by index.html). */
export async function appReady(page: Page) {
  await expect(page.getByRole('link', { name: 'Dragonproof' })).toBeVisible();
}
