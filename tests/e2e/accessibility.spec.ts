import AxeBuilder from '@axe-core/playwright';
import { test, expect, appReady, registry, lessonIds } from './fixtures';

// Every page of the app (each lesson, the checklist, progress, not found) and every sandbox's own
// page (from the registry the build wrote), which the lesson pages also frame; at a desktop and a
// phone width, in light and dark. A phone is where code blocks scroll sideways, and a scrolling
// region must be reachable by keyboard.
const pages = [
  ['home', './'],
  ...lessonIds.map((id) => [`the ${id} lesson`, `./#/lesson/${id}`]),
  ['the checklist', './#/lesson/checklist'],
  ['progress', './#/progress'],
  ['not found', './#/nowhere'],
  ...registry.filter((entry) => entry.has_view).map((entry) => [`the ${entry.id} sandbox alone`, `./sandbox.html?sandbox=${entry.id}`]),
];
const viewports = [{ width: 1440, height: 900 }, { width: 390, height: 844 }];

for (const viewport of viewports) for (const scheme of ['light', 'dark'] as const) {
  for (const [name, url] of pages) {
    test(`axe finds no WCAG A/AA or best-practice violation on ${name} (${viewport.width} px, ${scheme})`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme: scheme, viewport });
      const page = await context.newPage();
      await page.goto(url);
      if (url.includes('sandbox.html')) await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      else await appReady(page);
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        // The preview frame shows the learner's (attacker's) HTML, such as <img src=x onerror=…>:
        // its content is the exercise, not the app. A frame path is a flat array (outer frame,
        // then the element inside it); an array nested inside it would be a shadow-DOM path.
        .exclude('iframe.preview-frame')
        .exclude(['iframe.sandbox-frame', 'iframe.preview-frame'])
        // The framing lesson's castle page is a whole document with its own <h1>; axe reads the
        // headings of every frame as one outline, so inside a lesson that <h1> would put the quest
        // panel's <h3> out of order. The castle page is checked on the framing sandbox's own page.
        .exclude(['iframe.sandbox-frame', 'iframe.framing-castle'])
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
