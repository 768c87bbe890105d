import { test, expect, appReady } from './fixtures';

// The site practises what it teaches: a strict policy of its own, enforced by Chromium, with every
// lesson and sandbox working under it (the other specs fail on any console error, which a
// violation is).
test('the app runs under its own strict CSP, which blocks an inline script', async ({ page, errors }) => {
  await page.goto('./#/lesson/content-security-policy');
  await appReady(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'sha256-");
  expect(policy).not.toContain("'unsafe-inline'");
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");

  const blocked = await page.evaluate(() => new Promise<string>((resolve) => {
    document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.dragon = true';
    document.body.append(script);
    setTimeout(() => resolve('not blocked'), 2000);
  }));
  expect(blocked).toBe('script-src-elem');
  expect(await page.evaluate(() => (window as unknown as { dragon?: boolean }).dragon)).toBeUndefined();
  // The violation is logged as an error; everything else must be clean.
  expect(errors.filter((error) => !error.includes('Content Security Policy'))).toEqual([]);
});

test('each sandbox page runs under the same strict policy, with no inline script at all', async ({ page, errors }) => {
  await page.goto('./sandbox.html?sandbox=csp');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).not.toContain("'unsafe-inline'");
  expect(policy).not.toContain('sha256-');
  const blocked = await page.evaluate(() => new Promise<string>((resolve) => {
    document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true });
    const script = document.createElement('script');
    script.textContent = 'window.dragon = true';
    document.body.append(script);
    setTimeout(() => resolve('not blocked'), 2000);
  }));
  expect(blocked).toBe('script-src-elem');
  expect(errors.filter((error) => !error.includes('Content Security Policy'))).toEqual([]);
});
