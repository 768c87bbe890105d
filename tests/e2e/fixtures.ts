import { test as base, expect, Locator, Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';

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
      // The CSP lesson's castle page loads its own `/js/castle.js` inside the preview once a
      // policy lets it (the sandbox shows that it would run; this server has no such file).
      if (/\/js\/castle\.js$/.test(url)) return;
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

/** A registry entry (crates/engines/src/registry.rs), as the build writes it into dist/. */
export type SandboxEntry = { sandbox: string; id: string; title: string; has_view: boolean; worker: { name: string; features: string[]; wasm_opt: string } | null };

/** Every sandbox the build made, from the registry the build wrote (dist/sandboxes/registry.json). */
export const registry: SandboxEntry[] = JSON.parse(readFileSync('dist/sandboxes/registry.json', 'utf8'));

/** The lesson's sandbox: a document of its own in a frame (src/sandboxes/mod.rs). */
export function sandbox(page: Page) {
  return page.frameLocator('iframe.sandbox-frame');
}

/**
 * Sets a field's whole text at once and fires one `input` event, as a paste does. Playwright's
 * `fill` types a many-line text into a textarea slowly (about 19 s for 250 KB even into a bare
 * page's textarea, measured), which would time Playwright rather than the sandbox.
 */
export async function paste(field: Locator, text: string) {
  await field.evaluate((element: HTMLTextAreaElement | HTMLInputElement, value: string) => {
    element.value = value;
    element.dispatchEvent(new InputEvent('input', { bubbles: true }));
  }, text);
}
