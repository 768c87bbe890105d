import { test, expect, appReady, sandbox } from './fixtures';

test('lesson 3 quests by typing: wake the dragon, escape it, a javascript: link survives escaping, the scheme check stops it', async ({ page, errors }) => {
  const sb = sandbox(page);
  await page.goto('./#/lesson/cross-site-scripting');
  await appReady(page);
  const quests = page.getByRole('region', { name: /^Quests/ });
  const status = (n: number) => quests.locator('.quest').nth(n).locator('.quest-status');
  const view = sb.locator('.xss-sandbox');
  const value = sb.getByLabel('What the visitor typed');
  await expect(quests.getByRole('heading', { name: 'Quests (0 of 4 done)' })).toBeVisible();

  // A friendly comment on a trusting board: nothing runs yet.
  await expect(view.getByText('Nothing in this HTML can run script.')).toBeVisible();

  await value.fill('');
  await value.pressSequentially("<img src=x onerror=alert('dragon')>");
  await expect(view.getByText('the onerror handler on <img> runs when its error event fires')).toBeVisible();
  await expect(sb.locator('.dragon-alarm')).toBeVisible();
  await expect(status(0)).toHaveText('Solved');

  await view.getByRole('radio', { name: /^Escaped/ }).check();
  await expect(sb.getByTestId('sanitized-output')).toHaveText(
    '<p class="comment">&lt;img src=x onerror=alert(&#39;dragon&#39;)&gt;</p>');
  await expect(view.getByText(/Written as it is, it would: the onerror handler/)).toBeVisible();
  await expect(status(1)).toHaveText('Solved');

  await view.getByRole('radio', { name: /^A website link/ }).check();
  await value.fill('');
  await value.pressSequentially("javascript:alert('dragon')");
  await expect(sb.getByTestId('sanitized-output')).toHaveText(
    '<a href="javascript:alert(&#39;dragon&#39;)">Visit my castle</a>');
  await expect(status(2)).toHaveText('Solved');
  // The browser agrees: a click in the preview runs it.
  const link = sb.frameLocator('iframe.preview-frame').locator('a');
  await expect(link).toHaveAttribute('href', "javascript:alert('dragon')");
  // The preview renders a fresh frame once typing pauses; a click that lands on the frame being
  // replaced is lost, so the learner's click is repeated until the frame in place answers it.
  await expect(async () => {
    await link.click();
    await expect(sb.locator('.dragon-alarm')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 15_000 });

  await view.getByRole('radio', { name: /^URL checked/ }).check();
  await expect(sb.getByTestId('sanitized-output')).toHaveText('<a href="#">Visit my castle</a>');
  await expect(status(3)).toHaveText('Solved');
  await expect(quests.getByRole('heading', { name: 'Quests (4 of 4 done)' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('sanitized: the policy editor changes ammonia for real, and every removal is explained', async ({ page, errors }) => {
  const sb = sandbox(page);
  await page.goto('./#/lesson/cross-site-scripting');
  await appReady(page);
  const view = sb.locator('.xss-sandbox');
  await sb.getByLabel('What the visitor typed').fill(
    '<b>bold</b> <img src=x onerror=alert(1)> <a href="javascript:x()">prize</a> <a href="https://castle.example/">home</a><!-- note -->');
  await view.getByRole('radio', { name: /^Sanitized/ }).check();
  await expect(sb.getByTestId('sanitized-output')).toHaveText(
    '<p class="comment"><b>bold</b> <img src="x"> <a rel="noopener noreferrer">prize</a> '
    + '<a href="https://castle.example/" rel="noopener noreferrer">home</a></p>');
  const removed = sb.getByRole('list', { name: 'What ammonia removed, and why' });
  await expect(removed.getByRole('listitem')).toHaveText([
    /onerror="alert\(1\)" on <img>: onerror is an event handler/,
    /href="javascript:x\(\)" on <a>: the URL scheme javascript: is not an allowed scheme/,
    /added rel="noopener noreferrer" to a link/,
    /added rel="noopener noreferrer" to a link/,
    /the comment <!-- note -->/,
  ]);

  // Edit the policy: no images, no rel, keep comments.
  await view.getByText('Edit the ammonia policy').click();
  const tags = sb.getByLabel('Allowed tags');
  await expect(tags).toHaveValue(/\bimg\b/);
  await tags.fill('a b');
  await sb.getByLabel('rel added to every link (empty: leave links alone)').fill('');
  await sb.getByLabel('Remove HTML comments').uncheck();
  await expect(sb.getByTestId('sanitized-output')).toHaveText(
    '<p class="comment"><b>bold</b>  <a>prize</a> <a href="https://castle.example/">home</a><!-- note --></p>');
  await expect(removed.getByRole('listitem').first()).toHaveText(/the <img> tag: img is not an allowed tag/);
  await expect(view.getByRole('figure', { name: /same policy in Python/ })).toContainText('tags={"a", "b"}');
  await expect(view.getByRole('figure', { name: /same policy in Python/ })).toContainText('link_rel=None');

  // A line that makes no sense is skipped with a message, not an error.
  await sb.getByLabel(/^Attributes per tag/).fill('a: href\nthis is not a rule');
  await expect(view.getByText(/line 2: “this is not a rule” is not “tag: attribute attribute”/)).toBeVisible();

  await view.getByRole('button', { name: 'Back to ammonia’s defaults' }).click();
  await expect(sb.getByTestId('sanitized-output')).toContainText('<img src="x">');
  expect(errors).toEqual([]);
});
