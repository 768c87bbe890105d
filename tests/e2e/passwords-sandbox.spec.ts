import { readFileSync } from 'node:fs';
import { test, expect, appReady, sandbox } from './fixtures';
import type { FrameLocator, Page } from '@playwright/test';

// The passwords sandbox hashes in its lazy worker (src/workers/passwords.rs): these tests type as
// a learner would, and read what the engine answered.

async function openSandbox(page: Page) {
  const sb = sandbox(page);
  await page.goto('./#/lesson/authentication');
  await appReady(page);
  await expect(sb.getByTestId('pw-table')).toBeVisible();
  return sb;
}

/** Decodes a QR code drawn as SVG: rendered on a white canvas in a blank page (8 px a module)
 *  and read by jsQR (npm, a decoder independent of our encoder). */
async function decodeQr(page: Page, svg: string): Promise<string | null> {
  const blank = await page.context().newPage();
  await blank.addScriptTag({ path: 'node_modules/jsqr/dist/jsQR.js' });
  const text = await blank.evaluate(async (svg) => {
    // An inline <svg> in an HTML page has no xmlns attribute; as a file it needs one.
    if (!svg.includes('xmlns=')) svg = svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await image.decode();
    const box = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement.getAttribute('viewBox')!.split(/\s+/).map(Number);
    const [width, height] = [box[2] * 8, box[3] * 8];
    const canvas = document.createElement('canvas');
    Object.assign(canvas, { width, height });
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.imageSmoothingEnabled = false;
    context.drawImage(image, 0, 0, width, height);
    const pixels = context.getImageData(0, 0, width, height);
    return (window as any).jsQR(pixels.data, width, height)?.data ?? null;
  }, svg);
  await blank.close();
  return text;
}

const quest = (page: Page, index: number) =>
  page.getByRole('region', { name: /^Quests/ }).locator('.quest').nth(index).locator('.quest-status');

test('six quests by typing: the table, the login form and the second factor', async ({ page, errors }) => {
  const sb = await openSandbox(page);
  const quests = page.getByRole('region', { name: /^Quests/ });
  await expect(quests.getByRole('heading', { name: 'Quests (0 of 6 done)' })).toBeVisible();
  const table = sb.getByTestId('pw-table');

  // Unsalted SHA-256: the miller and the baker share a row, and the lookup table cracks both.
  await expect(sb.getByText('Identical rows: miller and baker.', { exact: false })).toBeVisible();
  await sb.getByLabel('Run the lookup table on the stolen copy').check();
  await expect(table.getByRole('row', { name: /miller/ })).toContainText('cracked: sunshine');
  await expect(table.getByRole('row', { name: /baker/ })).toContainText('cracked: sunshine');
  await expect(quest(page, 0)).toHaveText('Solved');

  // Werkzeug's own default is salted but under today's advice: not the fix.
  const scheme = sb.getByLabel('How the castle stores passwords');
  await scheme.selectOption({ label: 'Werkzeug scrypt:32768:8:1' });
  await expect(table.getByRole('row', { name: /king/ })).toContainText('scrypt:32768:8:1$');
  await expect(sb.getByTestId('pw-judgement').first()).toContainText('Below today');
  await expect(quest(page, 1)).not.toHaveText('Solved');
  await scheme.selectOption({ label: 'argon2-cffi argon2id m=19456 KiB, t=2, p=1' });
  await expect(table.getByRole('row', { name: /king/ })).toContainText('$argon2id$v=19$m=19456,t=2,p=1$');
  await expect(table.getByRole('row', { name: /baker/ })).toContainText('not found');
  await expect(quest(page, 1)).toHaveText('Solved');

  // The login form: the word list gets in without limits, and not with 5 a minute.
  await sb.getByLabel('Run the word list against the login form (ten guesses a second)').check();
  const login = sb.getByTestId('pw-login');
  await expect(login).toContainText('The word list gets in after');
  await expect(quest(page, 2)).toHaveText('Solved');
  const perAddress = sb.getByLabel('Limit per address (requests/seconds, or none)');
  await perAddress.fill('');
  await perAddress.pressSequentially('5/60');
  await expect(login).toContainText('does not get in within the hour');
  await expect(login).toContainText('The king, one typo then his password: wrong password, then logged in.');
  await expect(quest(page, 3)).toHaveText('Solved');

  // The second factor: a relayed code logs in twice until the verifier remembers the step.
  await sb.getByLabel("The attacker replays the king's code (a phishing relay)").check();
  const attempts = sb.getByTestId('pw-attempts');
  await expect(attempts.locator('li').nth(1)).toContainText('The attacker sends');
  await expect(attempts.locator('li').nth(1)).toContainText('accepted');
  await expect(quest(page, 4)).toHaveText('Solved');
  await sb.getByLabel('How the server checks a code').selectOption('django_otp');
  const window = sb.getByLabel(/^Window n/);
  await window.fill('1');
  await expect(attempts.locator('li').nth(1)).toContainText('refused');
  await expect(attempts.locator('li').nth(2)).toContainText('accepted');
  await expect(quest(page, 5)).toHaveText('Solved');
  await expect(quests.getByRole('heading', { name: 'Quests (6 of 6 done)' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the hash worker is not in the first load, and only this sandbox fetches it', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.goto('./');
  await appReady(page);
  // Another lesson (its sandbox, if built, has no hash worker) fetches nothing of it either.
  await page.goto('./#/lesson/secure-headers');
  await page.waitForLoadState('networkidle');
  expect(fetched.filter((url) => url.includes('passwords_worker'))).toEqual([]);
  await openSandbox(page);
  expect(fetched.some((url) => url.endsWith('passwords_worker_bg.wasm'))).toBe(true);
});

/** The longest gap between animation frames in the sandbox's page over `ms`, while `during` runs. */
async function longestFrameGap(sb: FrameLocator, ms: number, during: () => Promise<void>) {
  const frame = sb.locator('body');
  const measuring = frame.evaluate(
    (_, ms) =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        let longest = 0;
        const end = last + ms;
        const step = (now: number) => {
          longest = Math.max(longest, now - last);
          last = now;
          if (now < end) requestAnimationFrame(step);
          else resolve(longest);
        };
        requestAnimationFrame(step);
      }),
    ms,
  );
  await during();
  return measuring;
}

test('typing stays responsive while a slow hash runs; a newer hash supersedes it; Cancel stops it', async ({ page, errors }) => {
  const sb = await openSandbox(page);
  const password = sb.getByLabel('Password', { exact: true });
  const scheme = sb.getByLabel('Scheme', { exact: true });
  const result = sb.getByTestId('pw-lab-result');

  // Django 6.1's default: 1,500,000 PBKDF2-SHA256 rounds, seconds in a browser.
  await scheme.selectOption({ label: 'Django pbkdf2_sha256 (1,500,000 iterations)' });
  await sb.getByRole('button', { name: 'Hash', exact: true }).click();
  await expect(sb.getByTestId('pw-pending')).toContainText('Hashing in the worker');
  const gap = await longestFrameGap(sb, 1000, async () => {
    await password.fill('');
    await password.pressSequentially('tr0ub4dor&3', { delay: 20 });
  });
  await expect(password).toHaveValue('tr0ub4dor&3');
  console.log(`longest frame gap while hashing: ${gap.toFixed(0)} ms`);
  expect(gap).toBeLessThan(250);
  await expect(result).toContainText(/^Stored string \(.+ in this browser's worker\):pbkdf2_sha256\$1500000\$[A-Za-z0-9]{22}\$/, { timeout: 60_000 });

  // A slow argon2 hash, superseded by a fast one: the fast answer comes, the slow one never.
  await scheme.selectOption({ label: 'Django argon2 (argon2id m=102400 KiB, t=2, p=8)' });
  await sb.getByRole('button', { name: 'Hash', exact: true }).click();
  await expect(sb.getByTestId('pw-pending')).toBeVisible();
  await page.waitForTimeout(300);
  await scheme.selectOption({ label: 'Django md5 (salted, one MD5)' });
  await sb.getByRole('button', { name: 'Hash', exact: true }).click();
  await expect(result).toContainText(/md5\$[A-Za-z0-9]{22}\$[0-9a-f]{32}/);
  await expect(sb.getByTestId('pw-pending')).toHaveCount(0);

  // Cancel stops a slow hash and says so; the next hash starts a fresh worker.
  await scheme.selectOption({ label: 'Django pbkdf2_sha256 (1,500,000 iterations)' });
  await sb.getByRole('button', { name: 'Hash', exact: true }).click();
  await sb.getByTestId('pw-pending').getByRole('button', { name: 'Cancel' }).click();
  await expect(sb.getByText(/^Cancelled\./)).toBeVisible();
  await scheme.selectOption({ label: 'Unsalted MD5 (hashlib.md5)' });
  await sb.getByRole('button', { name: 'Hash', exact: true }).click();
  await expect(result).toContainText(/[0-9a-f]{32}$/);
  expect(errors).toEqual([]);
});

test('a pasted Django hash is recognised and checked; bad hashes get a plain message', async ({ page, errors }) => {
  const sb = await openSandbox(page);
  const paste = sb.getByLabel('Paste a stored hash (Werkzeug, Django, argon2-cffi or bcrypt)');
  const parsed = sb.getByTestId('pw-parsed');
  const check = sb.getByRole('button', { name: 'Check' });

  for (const [bad, says] of [
    ['pbkdf2_sha256$abc', 'A Django pbkdf2 hash has 4 fields (algorithm$iterations$salt$hash); this one has 2.'],
    ['sha1$abc$def', 'No scheme this sandbox knows starts with'],
    ['pbkdf2_sha256$1000000000000$aB3dE6gH9jK2mN5pQ8sT1v$nc7jfchNbN9PA6tGATCB/LJV9CtU2j4duaZw3alKVXM=', 'iterations'],
  ]) {
    await paste.fill(bad);
    await expect(parsed).toContainText(says);
    await expect(check).toBeDisabled();
  }

  // A hash made by the real Django (the engine's committed fixtures), checked both ways.
  const fixtures = JSON.parse(readFileSync('crates/engines/fixtures/passwords.json', 'utf8'));
  const django = fixtures.django.find((f: { algorithm: string; password: string }) => f.algorithm === 'pbkdf2_sha256' && f.password === 'turnip');
  await paste.fill(django.hash);
  await expect(parsed).toHaveText('Recognised: Django pbkdf2_sha256 (1,000 iterations) (Django), salt of 22 bytes.');
  const password = sb.getByLabel('Password to check against it');
  await password.fill('turnip');
  await check.click();
  const verdict = sb.getByTestId('pw-check-result');
  await expect(verdict).toContainText('Right password: it matches.');
  await expect(verdict).toContainText('Below today');
  await password.fill('turnips');
  await check.click();
  await expect(verdict).toContainText('Wrong password: it does not match.');
  expect(errors).toEqual([]);
});

test('the second factor: pyotp\'s URI, its QR code as SVG, the code now', async ({ page }) => {
  const sb = await openSandbox(page);
  await expect(sb.getByTestId('pw-uri')).toHaveText(
    'otpauth://totp/Castle:king%40castle.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Castle',
  );
  await expect(sb.getByTestId('pw-code')).toContainText(/Code now: \d{6} \(changes in \d+ s\)/);
  const qr = sb.getByRole('img', { name: 'QR code of the otpauth URI' });
  await expect(qr).toBeVisible();
  expect(await qr.locator('path').getAttribute('d')).toMatch(/^(M\d+,\d+h1v1h-1z)+$/);
  // A phone's camera would read it: the SVG drawn on a canvas and decoded by jsQR gives the URI.
  // The colours come from the page's stylesheet, so the copy carries each shape's computed fill.
  const drawn = await qr.evaluate((svg) => {
    const copy = svg.cloneNode(true) as Element;
    const shapes = svg.querySelectorAll('*');
    copy.querySelectorAll('*').forEach((shape, i) => shape.setAttribute('fill', getComputedStyle(shapes[i]).fill));
    return copy.outerHTML;
  });
  expect(await decodeQr(page, drawn)).toBe(
    'otpauth://totp/Castle:king%40castle.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Castle',
  );
  // A new secret from the browser's random bytes: 32 base32 characters, and a new URI.
  await sb.getByRole('button', { name: 'New secret' }).click();
  await expect(sb.getByLabel('Secret (base32, as pyotp.random_base32() makes it)')).toHaveValue(/^[A-Z2-7]{32}$/);
  await sb.getByLabel('Secret (base32, as pyotp.random_base32() makes it)').fill('not base32!');
  await expect(sb.getByRole('status').filter({ hasText: 'base32' }).first()).toBeVisible();
  await expect(qr).toHaveCount(0);
});

test('what a stolen hash costs: MD5 and SHA-256 measured live, beside the lab\'s slow hash', async ({ page, errors }) => {
  const sb = await openSandbox(page);
  const costs = sb.getByTestId('pw-costs');
  const row = (name: RegExp) => costs.getByRole('row', { name });
  // Each fast digest: a measured rate, and the whole word list in well under a second.
  for (const name of [/^Unsalted MD5/, /^Unsalted SHA-256/]) {
    await expect(row(name)).not.toContainText('Measuring', { timeout: 15_000 });
    await expect(row(name).getByRole('cell').nth(0)).toHaveText(/^[\d,.]+( million)?$/);
    await expect(row(name).getByRole('cell').nth(1)).toHaveText(/^\d+ (µs|ms)$/);
  }
  // The lab's hash under Werkzeug's default scrypt: one guess per hash, so the word list takes minutes or more.
  await sb.getByLabel('Scheme', { exact: true }).selectOption({ label: 'Werkzeug scrypt:32768:8:1' });
  await sb.getByRole('button', { name: 'Hash', exact: true }).click();
  const lab = row(/Werkzeug scrypt:32768:8:1 \(the lab's last hash\)/);
  await expect(lab).toBeVisible({ timeout: 20_000 });
  await expect(lab.getByRole('cell').nth(1)).toHaveText(/^\d+ (minutes|hours|days)$/);
  await expect(lab.getByRole('cell').nth(2)).toHaveText(/years$/);
  expect(errors).toEqual([]);
});

test('readable at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const sb = await openSandbox(page);
  const overflow = await sb.locator('body').evaluate((body) => body.scrollWidth - body.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
