// Benchmarks of what a learner waits for, in headless Chromium against the release dist/:
// the first-load download, the cold load to the first lesson, and the sanitize worker's first
// use and keystroke round trip, and the same for the SQL worker (SQLite). Prints Markdown for
// BENCHMARKS.md. Run with `./x bench` (DRAGONPROOF_BENCH_PORT picks another port).
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const PORT = Number(process.env.DRAGONPROOF_BENCH_PORT ?? 4174);
const base = `http://127.0.0.1:${PORT}/`;
const server = spawn(process.execPath, ['scripts/serve-dist.mjs', String(PORT)], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
const ms = (x) => `${x.toFixed(1)} ms`;

/** The lesson's sandbox page: its own document in a frame (src/sandboxes/mod.rs). Keystrokes
 *  are timed inside it, where the learner types. */
async function sandboxFrame(page) {
  const frame = page.locator('iframe.sandbox-frame');
  await frame.waitFor();
  return (await frame.elementHandle()).contentFrame();
}

try {
  // 1. What the first page load ships.
  const page = await browser.newPage();
  const files = [];
  page.on('response', async (response) => {
    const body = await response.body().catch(() => null);
    if (body) files.push({ path: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  });
  await page.goto(base);
  await page.getByRole('link', { name: 'Dragonproof' }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.close();
  const shipped = files.filter((f) => /\.(wasm|js|css|html)$|\/$/.test(f.path));
  console.log('| first load file | raw | gzip -9 |\n|---|---|---|');
  for (const f of shipped) console.log(`| \`${f.path}\` | ${(f.raw / 1024).toFixed(1)} KB | ${(f.gzip / 1024).toFixed(1)} KB |`);
  const total = shipped.reduce((s, f) => s + f.gzip, 0);
  console.log(`| **total** | ${(shipped.reduce((s, f) => s + f.raw, 0) / 1024).toFixed(1)} KB | **${(total / 1024).toFixed(1)} KB** |\n`);

  // 2. Cold load to a readable first lesson: a fresh context each time (no cache).
  const cold = [];
  for (let i = 0; i < 7; i++) {
    const context = await browser.newContext();
    const lesson = await context.newPage();
    const start = Date.now();
    await lesson.goto(`${base}#/lesson/input-sanitization`);
    await lesson.getByRole('heading', { level: 2, name: 'The castle story' }).waitFor();
    cold.push(Date.now() - start);
    await context.close();
  }
  console.log(`Cold load to the first lesson's text (loopback, fresh cache, 7 runs): median ${ms(median(cold))}, p90 ${ms(p90(cold))}.\n`);

  // 2b. The escape sandbox (lesson 1): keystroke → greeting, contexts and gallery in the DOM.
  let escape = await browser.newPage();
  await escape.goto(`${base}#/lesson/input-sanitization`);
  escape = await sandboxFrame(escape);
  await escape.getByTestId('escape-output').waitFor();
  console.log('| keystroke → escape sandbox output in the DOM | median | p90 |\n|---|---|---|');
  for (const size of [16, 1024, 10 * 1024]) {
    const times = await escape.evaluate(async (size) => {
      const input = document.querySelector('#escape-name');
      const output = () => document.querySelector('[data-testid=escape-output]').textContent;
      const text = '<b>dragon</b> & "knight" '.repeat(Math.ceil(size / 24)).slice(0, size);
      const result = [];
      for (let i = 0; i < 30; i++) {
        const before = output();
        const changed = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (output() !== before) { observer.disconnect(); resolve(performance.now()); }
          });
          observer.observe(input.closest('.escape-sandbox'), { subtree: true, childList: true, characterData: true });
        });
        const start = performance.now();
        input.value = `${i}` + text;
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        result.push((await changed) - start);
      }
      return result;
    }, size);
    console.log(`| ${size < 1024 ? `${size} characters` : `${size / 1024} KB`} | ${ms(median(times))} | ${ms(p90(times))} |`);
  }
  console.log('');

  // 3. The sanitize worker: first use (download + start + first answer), then keystrokes.
  let xss = await browser.newPage();
  await xss.goto(`${base}#/lesson/cross-site-scripting`);
  xss = await sandboxFrame(xss);
  await xss.getByLabel('What the visitor typed').waitFor();
  const first = await xss.evaluate(async () => {
    const area = document.querySelector('#sanitize-input');
    area.value = '<img src=x onerror=alert(1)>';
    area.dispatchEvent(new InputEvent('input', { bubbles: true }));
    const sanitized = [...document.querySelectorAll('.xss-sandbox label.choice')]
      .find((label) => label.textContent.startsWith('Sanitized')).querySelector('input');
    const start = performance.now();
    sanitized.click();
    const done = () => document.querySelector('[data-testid=sanitized-output]')?.textContent === '<p class="comment"><img src="x"></p>';
    while (!done()) await new Promise((r) => setTimeout(r, 1));
    return performance.now() - start;
  });
  console.log(`Sanitize worker, first use (fetch ~324 KB gzip, compile, warm, answer): ${ms(first)}.\n`);
  console.log('| keystroke → sanitized output in the DOM | median | p90 |\n|---|---|---|');
  for (const size of [1024, 10 * 1024]) {
    const times = await xss.evaluate(async (size) => {
      const unit = '<p>Hello <b>knight</b> <img src=x onerror=alert(1)> <a href="javascript:x()">link</a></p>\n';
      const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      const area = document.querySelector('#sanitize-input');
      const output = () => document.querySelector('[data-testid=sanitized-output]').textContent;
      const result = [];
      for (let i = 0; i < 30; i++) {
        // The counter goes first: at the end it could fall inside a cut-off tag and change nothing.
        const value = `<p>${i}</p>` + text;
        const before = output();
        // A MutationObserver sees the DOM change as soon as Yew applies it (polling with
        // timers would add the browser's 4 ms clamp to every figure).
        const changed = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (output() !== before) { observer.disconnect(); resolve(performance.now()); }
          });
          observer.observe(area.closest('.xss-sandbox'), { subtree: true, childList: true, characterData: true });
        });
        const start = performance.now();
        area.value = value;
        area.dispatchEvent(new InputEvent('input', { bubbles: true }));
        result.push((await changed) - start);
      }
      return result;
    }, size);
    console.log(`| ${size / 1024} KB of HTML | ${ms(median(times))} | ${ms(p90(times))} |`);
  }

  // 4. A 1 MB paste into the XSS sandbox: the page must answer, not freeze.
  console.log('\n| paste into the XSS sandbox | until the output is shown |\n|---|---|');
  for (const [label, mode, size] of [['1 MB, as written', 'As written', 1024 * 1024], ['900 KB, sanitized (the engine takes up to 1 MB)', 'Sanitized', 900 * 1024]]) {
    const took = await xss.evaluate(async ([mode, size]) => {
      const radio = [...document.querySelectorAll('.xss-sandbox label.choice')]
        .find((label) => label.textContent.startsWith(mode)).querySelector('input');
      radio.click();
      await new Promise((r) => setTimeout(r, 300));
      const unit = '<p>Hello <b>knight</b> <img src=x onerror=alert(1)></p>\n';
      const value = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      const area = document.querySelector('#sanitize-input');
      const sandbox = area.closest('.xss-sandbox');
      const shown = () => sandbox.textContent.includes('All of it was checked')
        && (mode !== 'Sanitized' || document.querySelector('[data-testid=sanitized-output]')?.textContent.startsWith('<p class="comment"><p>Hello'));
      const start = performance.now();
      area.value = value;
      area.dispatchEvent(new InputEvent('input', { bubbles: true }));
      while (!shown()) await new Promise((r) => setTimeout(r, 5));
      return performance.now() - start;
    }, [mode, size]);
    console.log(`| ${label} | ${ms(took)} |`);
  }

  // 5. ammonia (our wasm, as the worker builds it) against DOMPurify, same inputs, same run
  // (`./x bench` builds dist/bench; run alone, the script skips this part).
  const race = await browser.newPage();
  if (existsSync('dist/bench/sanitize_bench.js')) {
  await race.goto(base);
  const rows = await race.evaluate(async () => {
    const { default: init, sanitize } = await import('./bench/sanitize_bench.js');
    await init();
    await new Promise((resolve) => {
      const script = document.createElement('script');
      script.src = 'bench/purify.min.js';
      script.onload = resolve;
      document.head.append(script);
    });
    const unit = '<p>Hello <b>knight</b> <img src=x onerror=alert(1)> <a href="javascript:x()">link</a> <i>ok</i></p>\n';
    // The page's clock ticks in 0.1 ms steps, so small inputs are timed in batches.
    const time = (fn, input, runs) => {
      const batch = Math.max(1, Math.floor(50_000 / input.length));
      const times = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        for (let j = 0; j < batch; j++) fn(input);
        times.push((performance.now() - t) / batch);
      }
      return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
    };
    const result = [];
    for (const size of [1024, 10 * 1024, 100 * 1024]) {
      const input = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      for (let i = 0; i < 5; i++) { sanitize(input); window.DOMPurify.sanitize(input); }
      const runs = 30;
      result.push([size, time(sanitize, input, runs), time((x) => window.DOMPurify.sanitize(x), input, runs)]);
    }
    return result;
  });
  console.log('\n| sanitizing (median, warm) | ammonia in our wasm | DOMPurify 3.4 in the page | DOMPurify ÷ ammonia |\n|---|---|---|---|');
  for (const [size, ammonia, purify] of rows) {
    console.log(`| ${size / 1024} KB of HTML | ${ammonia.toFixed(3)} ms | ${purify.toFixed(3)} ms | ${(purify / ammonia).toFixed(1)}× |`);
  }
  }

  // 6. The SQL worker (real SQLite): its download, first use, and keystroke → statement, run,
  // effects and rows in the DOM.
  const sqlFiles = [];
  let sql = await browser.newPage();
  sql.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    if (!/sql_worker|sandboxes\/sql/.test(path)) return;
    const body = await response.body().catch(() => null);
    if (body) sqlFiles.push({ path, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  });
  const opened = Date.now();
  await sql.goto(`${base}#/lesson/sql-injection`);
  sql = await sandboxFrame(sql);
  await sql.getByTestId('sql-login-result').waitFor();
  console.log(`\nSQL sandbox, lesson open to the first answer (bundle + worker fetch, SQLite start, seed, query): ${Date.now() - opened} ms.\n`);
  console.log('| SQL file | raw | gzip -9 |\n|---|---|---|');
  for (const f of sqlFiles) console.log(`| \`${f.path}\` | ${(f.raw / 1024).toFixed(1)} KB | ${(f.gzip / 1024).toFixed(1)} KB |`);
  console.log('\n| keystroke → SQL answer in the DOM | median | p90 |\n|---|---|---|');
  for (const [name, attack] of [['honest name', 'sir_gawain'], ['UNION attack', "' UNION SELECT id, item, secret FROM treasury --"]]) {
    const times = await sql.evaluate(async (attack) => {
      const input = document.querySelector('#sql-username');
      const statement = () => document.querySelector('[data-testid=sql-statement]').textContent;
      const result = [];
      for (let i = 0; i < 30; i++) {
        const before = statement();
        const changed = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (statement() !== before) { observer.disconnect(); resolve(performance.now()); }
          });
          observer.observe(input.closest('.sql-sandbox'), { subtree: true, childList: true, characterData: true });
        });
        const start = performance.now();
        input.value = attack + ' '.repeat(i % 2) + String(i);
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        result.push((await changed) - start);
      }
      return result;
    }, attack);
    console.log(`| ${name} | ${ms(median(times))} | ${ms(p90(times))} |`);
  }

  // 7. The CSP sandbox: keystroke in the page editor → the resource table re-rendered.
  let csp = await browser.newPage();
  await csp.goto(`${base}#/lesson/content-security-policy`);
  csp = await sandboxFrame(csp);
  await csp.getByLabel('The page (HTML as the server sends it)').waitFor();
  console.log('\n| keystroke → CSP resource table in the DOM | median | p90 |\n|---|---|---|');
  for (const size of [1024, 10 * 1024]) {
    const times = await csp.evaluate(async (size) => {
      const unit = '<p style="color:red">Guest <b onclick="vote(1)">x</b></p><script nonce="n1">fetch("/api"); eval("1")</script><img src="https://img.example/a.png">\n';
      const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      const area = document.querySelector('#csp-page');
      const table = document.querySelector('.csp-table');
      const result = [];
      for (let i = 0; i < 30; i++) {
        const changed = new Promise((resolve) => {
          const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()); });
          observer.observe(table, { subtree: true, childList: true, characterData: true });
        });
        const start = performance.now();
        area.value = `<script>step(${i})</script>` + text;
        area.dispatchEvent(new InputEvent('input', { bubbles: true }));
        result.push((await changed) - start);
      }
      return result;
    }, size);
    console.log(`| ${size / 1024} KB page, policy ${"script-src 'self'"} | ${ms(median(times))} | ${ms(p90(times))} |`);
  }

  // 8. The second wave's sandboxes: keystroke → answer in the DOM. The value carries a counter
  // where the answer shows it, so every keystroke changes what is shown; the answer counts once
  // the sandbox's text has changed and nothing in it is marked stale (a worker's reply pending).
  console.log('\n| keystroke → answer in the DOM (30 runs) | median | p95 |\n|---|---|---|');
  const typing = [
    ['cookies', 'session-cookies', '#cookies-lines', '.cookies-sandbox', [
      ['three Set-Cookie lines', (i) => `session${i}=abc; HttpOnly; Path=/\ntheme=dark; Max-Age=3600\n__Host-id=1; Secure; Path=/`]]],
    ['secrets', 'secret-keys', '#secrets-key', '.secrets-sandbox', [
      // The view does not echo the key, and every 64-hex key gets the same words: every other
      // key is one character longer, which the verdict's character count shows.
      ['a 64- or 65-character key', (i) => `${i}`.padEnd(64 + (i % 2), 'f0e1d2c3')]]],
    ['headers', 'secure-headers', '#headers-block', '.headers-sandbox', [
      // The grade does not echo a header's value, so every other keystroke adds nosniff.
      ['the prefilled block', (i) => `HTTP/1.1 200 OK\nX-Frame-Options: SAMEORIGIN\n${i % 2 ? 'X-Content-Type-Options: nosniff\n' : ''}Set-Cookie: session=abc; HttpOnly\nContent-Security-Policy: default-src 'self'`],
      ['10 KB of headers', (i) => `HTTP/1.1 200 OK\n${i % 2 ? 'X-Content-Type-Options: nosniff\n' : ''}Set-Cookie: session=abc\n` + 'X-Filler: '.padEnd(100, 'x').concat('\n').repeat(100)]]],
    ['hsts', 'https-hsts', '#hsts-header', '.hsts-sandbox', [
      ['one header', (i) => `max-age=${31536000 + i}; includeSubDomains; preload`]]],
    ['framing', 'clickjacking', '#framing-headers', '.framing-sandbox', [
      // DENY and SAMEORIGIN both refuse evil.example (no frame in the decoy stage either way) and
      // differ on the castle's own dashboard.
      ['the framed page\'s headers', (i) => `HTTP/1.1 200 OK\nContent-Type: text/html\nX-Frame-Options: ${i % 2 ? 'DENY' : 'SAMEORIGIN'}`],
      // Refused, then allowed: the decoy stage removes or creates the castle's frame.
      ['headers that let the frame in and out', (i) => `HTTP/1.1 200 OK\nContent-Type: text/html\n${i % 2 ? 'X-Frame-Options: DENY' : "Content-Security-Policy: frame-ancestors 'self' https://evil.example"}`]]],
    ['deps (worker)', 'dependencies', '#deps-requirements', '.deps-sandbox', [
      ['the seed requirements', (i) => `flask==2.2.${i % 5}\njinja2==3.1.2\nwerkzeug==2.2.2\nrequests==2.28.1\npillow==9.0.0\npyyaml==5.3`],
      ['200 pinned lines', (i) => Array.from({ length: 200 }, (_, n) => `package-${n}==1.${n}.${i}`).join('\n')]]],
    ['inspector (worker)', 'audits', '#inspector-source', '.inspector-sandbox', [
      // The finding quotes its line, so the counter goes on the flagged line.
      ['a 20-line Flask app', (i) => `from flask import Flask, request\nimport subprocess\napp = Flask(__name__)\n\n@app.route("/run")\ndef run():\n    cmd = request.args["cmd"]\n    return subprocess.check_output(cmd + " ${i}", shell=True)\n` + '\n'.repeat(12)],
      ['1,000 lines', (i) => `import subprocess\nsubprocess.call("ls${i}", shell=True)\n` + Array.from({ length: 1000 }, (_, n) => `value_${n} = compute(${n}) + ${i}`).join('\n')]]],
  ];
  for (const [name, lesson, input, root, inputs] of typing) {
    let frame = await browser.newPage();
    await frame.goto(`${base}#/lesson/${lesson}`);
    frame = await sandboxFrame(frame);
    await frame.locator(input).waitFor();
    await frame.waitForTimeout(500);
    for (const [label, source] of inputs) {
      const values = Array.from({ length: 31 }, (_, i) => source(i));
      const times = await frame.evaluate(async ([input, root, values]) => {
        const result = [];
        for (const [i, value] of values.entries()) {
          // Found again each time: the sandbox page mounts afresh once the app's config arrives.
          const field = document.querySelector(input);
          const box = document.querySelector(root);
          const settled = (before) => box.textContent !== before && !box.querySelector('.is-stale');
          const before = box.textContent;
          const changed = new Promise((resolve) => {
            const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
            const observer = new MutationObserver(() => {
              if (settled(before)) { clearTimeout(timer); observer.disconnect(); resolve(performance.now()); }
            });
            observer.observe(box, { subtree: true, childList: true, characterData: true, attributes: true });
          });
          const start = performance.now();
          field.value = value;
          field.dispatchEvent(new InputEvent('input', { bubbles: true }));
          const at = await changed;
          // The first value only wakes the sandbox (a worker may still be starting).
          if (i > 0) result.push(at === null ? null : at - start);
        }
        return result;
      }, [input, root, values]);
      const answered = times.filter((t) => t !== null);
      const missing = times.length - answered.length;
      console.log(`| ${name}, ${label} | ${answered.length ? ms(median(answered)) : '—'} | ${answered.length ? ms(p95(answered)) : '—'}${missing ? ` (${missing} unanswered in 5 s)` : ''} |`);
    }
  }

  // 9. The hash lab: one hash per scheme in the passwords worker, as the lab reports it (the
  // native side: `cargo run --release -p dragonproof-engines --example password_bench`).
  let lab = await browser.newPage();
  await lab.goto(`${base}#/lesson/authentication`);
  lab = await sandboxFrame(lab);
  await lab.locator('#pw-lab-scheme').waitFor();
  const schemes = await lab.evaluate(() => [...document.querySelectorAll('#pw-lab-scheme option')].map((o) => [o.value, o.textContent]));
  console.log('\n| one hash in the passwords worker ("correct horse battery staple") | wasm |\n|---|---|');
  for (const [value, label] of schemes) {
    await lab.locator('#pw-lab-scheme').selectOption(value);
    const before = await lab.locator('[data-testid=pw-lab-result]').textContent().catch(() => null);
    await lab.getByRole('button', { name: 'Hash', exact: true }).click();
    await lab.waitForFunction((before) => {
      const text = document.querySelector('[data-testid=pw-lab-result]')?.textContent;
      return text && text !== before && !document.querySelector('[data-testid=pw-pending]');
    }, before, { timeout: 120_000 });
    const text = await lab.locator('[data-testid=pw-lab-result]').textContent();
    console.log(`| ${label} | ${(text.match(/\(([^)]*) in this browser's worker\)/) ?? [, text])[1]} |`);
  }
  const rates = await lab.getByTestId('pw-costs').innerText();
  console.log(`\nThe lab's cost table as measured in this run:\n\n${rates.split('\n').map((l) => `    ${l}`).join('\n')}`);

  // 10. The CSRF sandbox: a switch changed → Arthur's login and the seven forged and honest
  // requests re-run and in the DOM (the switch toggles CSRF protection, which changes verdicts).
  let csrf = await browser.newPage();
  await csrf.goto(`${base}#/lesson/csrf`);
  csrf = await sandboxFrame(csrf);
  await csrf.getByRole('table', { name: 'Forged requests' }).waitFor();
  await csrf.waitForTimeout(500);
  const switches = await csrf.evaluate(async () => {
    const box = document.querySelector('.csrf-sandbox') ?? document.body;
    const toggle = [...document.querySelectorAll('input[type=checkbox]')].find((input) => /CSRF protection/.test(input.labels?.[0]?.textContent ?? ''));
    const result = [];
    for (let i = 0; i < 31; i++) {
      const before = box.textContent;
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (box.textContent !== before) { observer.disconnect(); resolve(performance.now()); }
        });
        observer.observe(box, { subtree: true, childList: true, characterData: true });
      });
      const start = performance.now();
      toggle.click();
      const at = await changed;
      if (i > 0) result.push(at - start);
    }
    return result;
  });
  console.log(`\n| csrf: a switch → every request re-run, in the DOM (30 runs) | median | p95 |\n|---|---|---|\n| the CSRF protection switch | ${ms(median(switches))} | ${ms(p95(switches))} |`);

  // 11. The secrets sandbox's word-list worker: the attack on a cookie signed with a listed
  // word, as fast as the worker reports it (guesses per second, on this machine).
  let words = await browser.newPage();
  await words.goto(`${base}#/lesson/secret-keys`);
  words = await sandboxFrame(words);
  await words.locator('#secrets-key').waitFor();
  await words.locator('#secrets-key').fill('zygote');
  await words.getByRole('button', { name: 'Run the word-list attack on this cookie' }).click();
  await words.getByTestId('secrets-attack').filter({ hasText: 'Found the key after' }).waitFor({ timeout: 120_000 });
  console.log(`\nThe word-list attack on a cookie signed with "zygote" (near the end of the list): ${await words.getByTestId('secrets-attack').innerText()}`);
} finally {
  await browser.close();
  server.kill();
}
