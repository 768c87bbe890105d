import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';

// Agreement with Chromium: every case (a policy list + a page) is run for real in the app's
// sandboxed preview (static/preview.html in <iframe sandbox="allow-scripts">, the policies
// written first as <meta http-equiv="Content-Security-Policy">), and what the browser blocked
// (its securitypolicyviolation events) and what ran (alert markers) must equal what the Rust
// engine predicted. The cases and predictions come from the engine at test time:
// crates/engines/examples/csp_agreement.rs (its header lists the conventions shared with this
// file). A disagreement is a bug in the engine, or a browser quirk documented in ARCHITECTURE.md.

type Violation = { directive: string; blocked: string };
type Case = { name: string; policies: string[]; page: string; document: string; violations: Violation[]; ran: string[] };

const port = Number(process.env.DRAGONPROOF_E2E_PORT ?? 4173);
const origin = `http://127.0.0.1:${port}`;
const cases: Case[] = JSON.parse(execFileSync('cargo',
  ['run', '--quiet', '--locked', '-p', 'dragonproof-engines', '--example', 'csp_agreement', '--', origin],
  { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }));

const harness = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP agreement</title></head><body></body></html>`;

/** Runs one document in a fresh sandboxed preview frame; resolves with what happened. */
function runInPreview({ document, settleMs }: { document: string; settleMs: number }): Promise<{ ran: string[]; violations: Violation[] }> {
  return new Promise((resolve) => {
    const frame = window.document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.src = '/static/preview.html';
    const ran: string[] = [];
    const violations: { directive: string; blocked: string }[] = [];
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || !event.data) return;
      const data = event.data;
      if (data.type === 'dragonproof-preview-ready') {
        frame.contentWindow!.postMessage({ type: 'dragonproof-render', html: document }, '*');
      } else if (data.type === 'dragonproof-ran' && data.via === 'alert') {
        ran.push(data.detail);
      } else if (data.type === 'dragonproof-csp') {
        violations.push({ directive: data.directive, blocked: data.blocked });
      } else if (data.type === 'dragonproof-rendered') {
        setTimeout(() => {
          window.removeEventListener('message', onMessage);
          frame.remove();
          resolve({ ran, violations });
        }, settleMs);
      }
    };
    window.addEventListener('message', onMessage);
    window.document.body.append(frame);
    // A frame that never renders is a failure to see, not a hang.
    setTimeout(() => resolve({ ran: [...ran, 'did not render in 10 s'], violations }), 10_000);
  });
}

const sorted = (items: string[]) => [...items].sort();
const keys = (violations: Violation[]) => sorted(violations.map((v) => `${v.directive} ${v.blocked}`));

test('the CSP engine predicts exactly what Chromium blocks and runs', async ({ page }) => {
  test.setTimeout(180_000);
  expect(cases.length).toBeGreaterThanOrEqual(40);
  // Every other host is answered here: a script says it ran, anything else is a small body.
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === `${origin}/agreement/harness.html`) return route.fulfill({ contentType: 'text/html', body: harness });
    if (url.startsWith(`${origin}/static/preview.html`)) return route.continue();
    if (/\.js($|\?)/.test(url)) return route.fulfill({ contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body: `alert(${JSON.stringify('ext:' + url)})` });
    if (/\.css($|\?)/.test(url)) return route.fulfill({ contentType: 'text/css', body: 'p { color: green }' });
    if (/\.html($|\?)/.test(url)) return route.fulfill({ contentType: 'text/html', body: '<p>frame</p>' });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${origin}/agreement/harness.html`);

  const disagreements: string[] = [];
  // A few frames at a time: each case has its own frame, so they cannot disturb each other.
  const batch = 6;
  for (let start = 0; start < cases.length; start += batch) {
    const group = cases.slice(start, start + batch);
    const outcomes = await Promise.all(group.map((c) => page.evaluate(runInPreview, { document: c.document, settleMs: 700 })));
    group.forEach((c, index) => {
      const seen = outcomes[index];
      const blockedOk = JSON.stringify(keys(seen.violations)) === JSON.stringify(keys(c.violations));
      const ranOk = JSON.stringify(sorted(seen.ran)) === JSON.stringify(sorted(c.ran));
      if (!blockedOk || !ranOk) {
        disagreements.push(`${c.name}\n  policies: ${c.policies.join(' | ')}\n  page: ${c.page}\n` +
          `  predicted blocked ${JSON.stringify(keys(c.violations))}, ran ${JSON.stringify(sorted(c.ran))}\n` +
          `  Chromium  blocked ${JSON.stringify(keys(seen.violations))}, ran ${JSON.stringify(sorted(seen.ran))}`);
      }
    });
  }
  expect(disagreements, disagreements.join('\n\n')).toEqual([]);
});
