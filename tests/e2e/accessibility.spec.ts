import AxeBuilder from '@axe-core/playwright';
import { test, expect, appReady, registry } from './fixtures';

// The app's pages, and every sandbox's own page (from the registry the build wrote), which the
// lesson pages also frame.
const pages = [
  ['home', './'],
  ['a lesson with its sandbox', './#/lesson/sql-injection'],
  ['a lesson with quests', './#/lesson/input-sanitization'],
  ['the checklist', './#/lesson/checklist'],
  ['progress', './#/progress'],
  ['not found', './#/nowhere'],
  ...registry.filter((entry) => entry.has_view).map((entry) => [`the ${entry.id} sandbox alone`, `./sandbox.html?sandbox=${entry.id}`]),
];

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, url] of pages) {
    test(`axe finds no WCAG A/AA violation on ${name} (${scheme})`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(url);
      if (url.includes('sandbox.html')) await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      else await appReady(page);
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        // The preview frame shows the learner's (attacker's) HTML, such as <img src=x onerror=…>:
        // its content is the exercise, not the app.
        .exclude('iframe.preview-frame')
        .exclude([['iframe.sandbox-frame', 'iframe.preview-frame']])
        .analyze();
      const summary = results.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`,
      );
      expect(summary).toEqual([]);
      await context.close();
    });
  }
}

// Proves the check above can fail: a planted image without alt text must be caught.
test('axe catches a planted violation', async ({ page }) => {
  await page.goto('./');
  await appReady(page);
  await page.evaluate(() => {
    const image = document.createElement('img');
    image.src = 'static/icon.svg';
    document.querySelector('main')!.append(image);
  });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a']).analyze();
  expect(results.violations.map((v) => v.id)).toContain('image-alt');
});
