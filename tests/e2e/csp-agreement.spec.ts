import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';

// Agreement with Chromium: every case (a policy list + a page) is run for real in the app's
// sandboxed preview (static/preview.html in <iframe sandbox="allow-scripts">, the policies
// written first as <meta http-equiv="Content-Security-Policy">), and what the browser blocked
// (its securitypolicyviolation events) and what ran (alert markers) must equal what the Rust
// engine predicted. The cases and predictions come from the engine at test time:
// crates/engines/examples/csp_agreement.rs (its header lists the conventions shared with this
// file). Cases are grouped by the directive they are about, one test per group, so a gap in the
// page model shows up as a failing group. A disagreement is a bug in the engine, or a browser
// quirk documented in ARCHITECTURE.md and modelled.

type Violation = { directive: string; blocked: string };
type Case = { group: string; name: string; policies: string[]; page: string; document: string; violations: Violation[]; ran: string[]; settle_ms: number };

const port = Number(process.env.DRAGONPROOF_E2E_PORT ?? 4173);
const origin = `http://127.0.0.1:${port}`;
const cases: Case[] = JSON.parse(execFileSync('cargo',
  ['run', '--quiet', '--locked', '-p', 'dragonproof-engines', '--example', 'csp_agreement', '--', origin],
  { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }));
const groups = [...new Set(cases.map((c) => c.group))];

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

/** The harness page: every other host is answered here; a script says it ran, a stylesheet
 * and a frame get a small body, anything else is a 404 (media and fonts then try their next
 * source, as they do after a block). */
async function openHarness(page: Page) {
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
}

test('the agreement cases cover every directive with at least 150 cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(150);
  expect(cases.every((c) => c.group !== '')).toBe(true);
  const counts = Object.fromEntries(groups.map((g) => [g, cases.filter((c) => c.group === g).length]));
  console.log(`CSP agreement: ${cases.length} cases\n` + Object.entries(counts).map(([g, n]) => `  ${g}: ${n}`).join('\n'));
  for (const directive of ['script-src-elem', 'script-src-attr', 'script-src', 'style-src-elem', 'style-src-attr', 'img-src', 'font-src',
    'media-src', 'frame-src', 'object-src', 'connect-src', 'worker-src', 'manifest-src', 'default-src', 'base-uri']) {
    expect(groups, `a group for ${directive}`).toContain(directive);
  }
});

for (const group of groups) {
  test(`${group}: the CSP engine predicts exactly what Chromium blocks and runs`, async ({ page }) => {
    const mine = cases.filter((c) => c.group === group);
    test.setTimeout(60_000 + mine.length * 5_000);
    await openHarness(page);
    const verdict = (c: Case, seen: { ran: string[]; violations: Violation[] }) => {
      const blockedOk = JSON.stringify(keys(seen.violations)) === JSON.stringify(keys(c.violations));
      const ranOk = JSON.stringify(sorted(seen.ran)) === JSON.stringify(sorted(c.ran));
      return blockedOk && ranOk ? null : `${c.name}\n  policies: ${c.policies.join(' | ')}\n  page: ${c.page}\n` +
        `  predicted blocked ${JSON.stringify(keys(c.violations))}, ran ${JSON.stringify(sorted(c.ran))}\n` +
        `  Chromium  blocked ${JSON.stringify(keys(seen.violations))}, ran ${JSON.stringify(sorted(seen.ran))}`;
    };
    // A few frames at a time: each case has its own frame, so they cannot disturb each other's
    // verdicts, only their timing. On a loaded machine a frame can miss the settle time (a
    // parser-blocking script still loading), so a case that disagrees is run again alone, with
    // twice the time: a gap in the model disagrees every time, and only that is reported.
    const batch = 6;
    const again: Case[] = [];
    for (let start = 0; start < mine.length; start += batch) {
      const some = mine.slice(start, start + batch);
      const outcomes = await Promise.all(some.map((c) => page.evaluate(runInPreview, { document: c.document, settleMs: c.settle_ms })));
      some.forEach((c, index) => { if (verdict(c, outcomes[index])) again.push(c); });
    }
    const disagreements: string[] = [];
    for (const c of again) {
      const problem = verdict(c, await page.evaluate(runInPreview, { document: c.document, settleMs: c.settle_ms * 2 }));
      if (problem) disagreements.push(problem);
    }
    if (again.length) console.log(`${group}: ${again.length} case(s) run again alone: ${again.map((c) => c.name).join('; ')}`);
    console.log(`${group}: ${mine.length - disagreements.length}/${mine.length} agree`);
    expect(disagreements, disagreements.join('\n\n')).toEqual([]);
  });
}
