// Screenshots of the built dist/ for a human look: node scripts/screenshots.mjs [out dir]
// Needs the dist server running (node scripts/serve-dist.mjs 4173).
import { chromium } from '@playwright/test';

const out = process.argv[2] ?? 'test-results/screenshots';
const pages = [['home', './'], ['lesson', './#/lesson/sql-injection'], ['xss', './#/lesson/cross-site-scripting'],
  ['checklist', './#/lesson/checklist'], ['progress', './#/progress']];
const sizes = [['wide', 1440, 900], ['phone', 390, 844]];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const scheme of ['light', 'dark']) {
  for (const [size, width, height] of sizes) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
    for (const [name, url] of pages) {
      await page.goto(new URL(url, 'http://127.0.0.1:4173/').href);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(200);
      await page.screenshot({ path: `${out}/${name}-${size}-${scheme}.png`, fullPage: false });
    }
    await page.close();
  }
}
await browser.close();
