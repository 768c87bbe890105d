import { test, expect, appReady, sandbox } from './fixtures';

test('escaping holds in text and quoted attributes but not in an href or unquoted attribute', async ({ page, errors }) => {
  const sb = sandbox(page);
  await page.goto('./#/lesson/input-sanitization');
  await appReady(page);
  await sb.getByLabel('Template', { exact: true }).selectOption({ label: 'Jinja2, autoescape on' });
  const row = (where: string) => sb.locator('.contexts-table tr', { has: sb.getByRole('rowheader', { name: where, exact: true }) });

  await sb.getByLabel('Name (what a visitor types)').fill('javascript:alert(1)');
  await expect(row('Element text')).toContainText('Stays data');
  await expect(row('Link href')).toContainText('Breaks out');
  await expect(row('Link href')).toContainText('<a href="javascript:alert(1)">profile</a>');

  await sb.getByLabel('Name (what a visitor types)').fill('x onmouseover=alert(1)');
  await expect(row('Unquoted attribute')).toContainText('Breaks out');
  await expect(row('Quoted attribute')).toContainText('Stays data');

  await sb.getByLabel('Name (what a visitor types)').fill('" onmouseover="alert(1)');
  await expect(row('Quoted attribute')).toContainText('Stays data');
  await expect(row('Quoted attribute')).toContainText('title="&#34; onmouseover=&#34;alert(1)"');
  await expect(row('String in an inline script')).toContainText('Garbled');
  expect(errors).toEqual([]);
});

test('the input pipeline: .get(), strip, a length limit, and the code that matches', async ({ page, errors }) => {
  const sb = sandbox(page);
  await page.goto('./#/lesson/input-sanitization');
  await appReady(page);
  const pipeline = sb.locator('.pipeline');
  await sb.getByLabel('Name (what a visitor types)').fill('   Ada   ');
  await expect(pipeline.locator('.pipeline-steps li').last()).toContainText('"Ada"');
  await expect(pipeline).toContainText('Accepted.');

  await sb.getByLabel('Length limit (characters, empty for none)').fill('2');
  await expect(pipeline).toContainText('Rejected with 400 Bad Request: too long: 3 characters (the limit is 2).');
  await expect(pipeline.locator('.fw-flask')).toContainText('if len(name) > 2:');

  await sb.getByLabel('The form has no name field').check();
  await sb.getByLabel('Read it with .get("name", "")').uncheck();
  await expect(pipeline).toContainText('400 Bad Request: Flask aborts on a missing form key.');
  await expect(pipeline).toContainText('MultiValueDictKeyError');
  await expect(pipeline.locator('.fw-django')).toContainText('request.POST["name"]');
  expect(errors).toEqual([]);
});

test('a 1 MB paste keeps the page responsive, with a message', async ({ page }) => {
  const sb = sandbox(page);
  await page.goto('./#/lesson/input-sanitization');
  await appReady(page);
  const huge = '<b>dragon</b>'.repeat(80_000); // about 1 MB
  const name = sb.getByLabel('Name (what a visitor types)');
  await name.fill(huge);
  await expect(sb.getByText(/This name is 1040 KB; the sandbox shows what happens to its first 10 KB\./)).toBeVisible();
  // Still interactive: a new value is processed straight away.
  await name.fill('Ada');
  await expect(sb.getByTestId('escape-output')).toHaveText('<p>Hello, Ada!</p>');
});
