import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// Agreement with Chromium on framing: every case (the framed castle page's response headers and
// <meta> policies, and the chain of pages around it) is served for real and loaded in Chromium,
// and whether the castle page appeared must equal the engine's prediction. The cases and
// predictions come from the engine at test time: crates/engines/examples/framing_agreement.rs.
//
// The pages are served by page.route: https and any host name (castle.example, evil.example,
// maps.castle.example…) with the case's headers, and Chromium applies X-Frame-Options and
// frame-ancestors to a routed navigation response as to any other. (A node:http server, as
// sandbox-pages.spec.ts uses, could only serve plain http on loopback names, and one case is
// about an http ancestor against an https source.) The outermost page of the chain is the
// top-level page; each page frames the next one inward, the innermost frames the castle. The
// castle's own script (a file of its origin, so a CSP without frame-ancestors still lets it
// run) tells the top page it loaded; the page around the castle tells the top page when its
// frame fired `load`, which a refused frame does too (its error page).

type Case = { name: string; headers: [string, string][]; meta: string[]; page: string; ancestors: string[]; shown: boolean; because: string };

const cases: Case[] = JSON.parse(execFileSync('cargo',
  ['run', '--quiet', '--locked', '-p', 'dragonproof-engines', '--example', 'framing_agreement'],
  { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }));

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A case as pages: each ancestor URL (outermost first) and the castle's, tagged with the case. */
type Served = { headers: [string, string][]; meta: string[]; chain: string[]; page: string };

/** Serves every page of `served` (outermost ancestor first, then inward, then the castle). */
async function serve(page: Page, served: Served) {
  const tagged = (url: string, depth: number) => {
    const u = new URL(url);
    u.searchParams.set('depth', String(depth));
    return u.toString();
  };
  // Outermost first: the chain is nearest first.
  const outward = [...served.chain].reverse();
  const urls = [...outward.map(tagged), tagged(served.page, outward.length)];
  await page.unroute('**/*');
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/castle.js') {
      return route.fulfill({ status: 200, contentType: 'text/javascript',
        body: "top.postMessage('castle-loaded', '*');" });
    }
    const depth = Number(url.searchParams.get('depth'));
    const next = urls[depth + 1];
    if (depth === outward.length && route.request().url() === urls[depth]) {
      // The framed castle page, with the case's headers and <meta> policies.
      // The case's headers, a repeated field folded into one line, its values joined by ", " in
      // order. route.fulfill cannot send a field twice: Playwright (1.65, Route._innerFulfill)
      // copies the headers object into a new one under lower-cased names, so a repeat spelled in
      // another letter case replaced the first and only the last value reached Chromium
      // (response.headersArray() shows one line). The fold is what the readers do anyway:
      // RFC 9110 §5.3 lets a recipient combine field lines into one comma-separated list; the
      // HTML standard's "check a navigation response's adherence to X-Frame-Options" gets,
      // decodes and splits the field's combined value, and CSP3 parses each comma-separated
      // policy of the combined Content-Security-Policy. The test "two field lines on the wire"
      // below serves real repeated lines from a node:http server and shows Chromium deciding
      // them as it decides the folded line.
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      for (const [name, value] of served.headers) {
        const key = name.toLowerCase();
        headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
      }
      const metas = served.meta.map((m) => `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(m)}">`).join('');
      return route.fulfill({ status: 200, headers,
        body: `<!doctype html><html><head><meta charset="utf-8">${metas}<title>castle</title></head><body><p>castle</p><script src="/castle.js"></script></body></html>` });
    }
    if (next === undefined || route.request().url() !== urls[depth]) return route.fulfill({ status: 404, body: 'not in this case' });
    // An ancestor: frames the next page inward; the page around the castle reports its frame's load.
    const aroundCastle = depth === outward.length - 1;
    const script = aroundCastle
      ? `document.querySelector('iframe').addEventListener('load', () => top.postMessage('frame-load', '*'));`
      : '';
    return route.fulfill({ status: 200, contentType: 'text/html',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>ancestor ${depth}</title></head><body>
        <iframe src="${escapeAttribute(next)}" width="300" height="150"></iframe><script>${script}</script></body></html>` });
  });
  return urls[0];
}

const listening = new WeakSet<Page>();

/** Loads the chain in Chromium: whether the castle page appeared. */
async function castleLoaded(page: Page, served: Served): Promise<boolean> {
  const top = await serve(page, served);
  if (!listening.has(page)) {
    listening.add(page);
    // Listen before the top page's frames can post: the listener is added to every new document.
    await page.addInitScript(() => {
      const seen = ((window as any).seen = [] as string[]);
      window.addEventListener('message', (event) => { if (typeof event.data === 'string') seen.push(event.data); });
    });
  }
  await page.goto(top);
  await page.waitForFunction(() => (window as any).seen?.includes('frame-load'), undefined, { timeout: 10_000 });
  // The castle's own message is posted while it parses, before its frame's load event; a short
  // settle covers the two messages arriving from different windows.
  await page.waitForTimeout(150);
  return page.evaluate(() => (window as any).seen.includes('castle-loaded'));
}

test.describe.configure({ mode: 'serial' });

test(`the engine's framing verdicts agree with Chromium in every case (${cases.length} cases)`, async ({ page }) => {
  test.setTimeout(180_000);
  expect(cases.length).toBeGreaterThanOrEqual(30);
  const disagreements: string[] = [];
  for (const c of cases) {
    const loaded = await castleLoaded(page, { headers: c.headers, meta: c.meta, chain: c.ancestors, page: c.page });
    if (loaded !== c.shown) {
      disagreements.push(`${c.name}: the engine says ${c.shown ? 'shown' : 'refused'} (${c.because}), Chromium ${loaded ? 'showed' : 'refused'} it`);
    }
  }
  expect(disagreements).toEqual([]);
  // Both verdicts occur, so agreement is not one answer repeated.
  expect(cases.some((c) => c.shown) && cases.some((c) => !c.shown)).toBe(true);
});

test('the harness can fail: it sees a refused frame and a shown one, whatever the prediction', async ({ page }) => {
  const stranger = ['https://evil.example/prize'];
  const castle = 'https://castle.example/gold';
  expect(await castleLoaded(page, { headers: [], meta: [], chain: stranger, page: castle })).toBe(true);
  expect(await castleLoaded(page, { headers: [['X-Frame-Options', 'DENY']], meta: [], chain: stranger, page: castle })).toBe(false);
  expect(await castleLoaded(page, { headers: [['Content-Security-Policy', "frame-ancestors 'none'"]], meta: [], chain: stranger, page: castle })).toBe(false);
  // A wrong prediction would be caught: flipping every case's verdict disagrees with Chromium somewhere.
  const flipped = cases.slice(0, 4).map((c) => ({ ...c, shown: !c.shown }));
  let caught = 0;
  for (const c of flipped) {
    if ((await castleLoaded(page, { headers: c.headers, meta: c.meta, chain: c.ancestors, page: c.page })) !== c.shown) caught += 1;
  }
  expect(caught).toBe(flipped.length);
});

test('two field lines on the wire: Chromium decides them as the folded line, so the harness may fold', async ({ page }) => {
  // page.route cannot send a field twice (see serve), so this case is served by a real server:
  // node:http on loopback, writing each X-Frame-Options value as a field line of its own. Plain
  // http on one origin is enough here: the castle's own page frames it.
  const castle = `<!doctype html><html><head><meta charset="utf-8"><title>castle</title></head><body><p>castle</p><script src="/castle.js"></script></body></html>`;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://loopback');
    if (url.pathname === '/castle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      return response.end("top.postMessage('castle-loaded', '*');");
    }
    if (url.pathname === '/castle') {
      // A raw array: each name and value pair is written as a line of its own, repeats kept.
      const lines = url.searchParams.getAll('xfo').flatMap((value) => ['X-Frame-Options', value]);
      response.writeHead(200, ['Content-Type', 'text/html; charset=utf-8', ...lines]);
      return response.end(castle);
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><head><meta charset="utf-8"><title>own page</title></head><body>
      <script>window.seen = []; addEventListener('message', (event) => seen.push(event.data));</script>
      <iframe src="/castle${escapeAttribute(url.search)}"></iframe>
      <script>document.querySelector('iframe').addEventListener('load', () => seen.push('frame-load'));</script></body></html>`);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Whether the castle appeared, and the X-Frame-Options lines Chromium received. */
  const load = async (values: string[]) => {
    const query = new URLSearchParams(values.map((value) => ['xfo', value])).toString();
    const castleResponse = page.waitForResponse((response) => new URL(response.url()).pathname === '/castle');
    await page.goto(`${origin}/own?${query}`);
    const received = (await (await castleResponse).headersArray())
      .filter((header) => header.name.toLowerCase() === 'x-frame-options').map((header) => header.value);
    await page.waitForFunction(() => (window as any).seen.includes('frame-load'), undefined, { timeout: 10_000 });
    await page.waitForTimeout(150);
    return { shown: await page.evaluate(() => (window as any).seen.includes('castle-loaded')), received };
  };
  try {
    // The harness can fail here too: a single SAMEORIGIN is shown to the castle's own page.
    expect(await load(['SAMEORIGIN'])).toEqual({ shown: true, received: ['SAMEORIGIN'] });
    // Two lines arrive as two lines, and are decided as the one folded line is.
    for (const values of [['DENY', 'SAMEORIGIN'], ['SAMEORIGIN', 'sameorigin'], ['SAMEORIGIN', 'nonsense']]) {
      const lines = await load(values);
      expect(lines.received).toEqual(values);
      const folded = await load([values.join(', ')]);
      expect(folded.received).toEqual([values.join(', ')]);
      expect(lines.shown, `${values.join(' and ')} as two lines, as one`).toBe(folded.shown);
    }
    // The case the first run disagreed on: HTML's check refuses differing values, as the engine does.
    expect((await load(['DENY', 'SAMEORIGIN'])).shown).toBe(false);
  } finally {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }
});
