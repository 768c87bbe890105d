// Screenshots and an axe run of every lesson's diagrams, without building the app:
//   cargo run -p dragonproof-lessons --example diagram_preview -- target/diagram-preview
//   node scripts/diagram-shots.mjs target/diagram-preview
// Writes <dir>/shots/<n>-<size>-<scheme>.png (one per diagram) and prints axe's violations
// (WCAG 2.1 A/AA and best practices) at 1440×900 and 390×844, light and dark; exits 1 on any.
import { pathToFileURL } from 'node:url';
import { mkdirSync } from 'node:fs';

const { chromium } = await import('@playwright/test').catch(() => import('playwright-core'));
const { default: AxeBuilder } = await import('@axe-core/playwright');

const dir = process.argv[2] ?? 'target/diagram-preview';
const url = pathToFileURL(`${dir}/diagrams.html`).href;
mkdirSync(`${dir}/shots`, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
let failed = false;
for (const scheme of ['light', 'dark']) {
  for (const [size, width, height] of [['wide', 1440, 900], ['phone', 390, 844]]) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(url);
    const figures = page.locator('figure.dg');
    const count = await figures.count();
    for (let i = 0; i < count; i++) {
      await figures.nth(i).screenshot({ path: `${dir}/shots/${String(i + 1).padStart(2, '0')}-${size}-${scheme}.png` });
    }
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    console.log(`${size} ${scheme}: ${count} diagrams, ${results.violations.length} axe violations`);
    for (const v of results.violations) {
      failed = true;
      console.log(`  ${v.id} (${v.impact}): ${v.help}`);
      for (const node of v.nodes.slice(0, 5)) console.log(`    ${node.target.join(' ')}: ${node.failureSummary.split('\n').join(' ')}`);
    }
    await context.close();
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
