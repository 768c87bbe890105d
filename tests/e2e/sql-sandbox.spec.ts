import { test, expect, appReady, sandbox } from './fixtures';

// The SQL sandbox runs a real SQLite in its worker: these tests type as a learner would and
// read what the engine answered.

test('the quests, by typing: the king without his password, the treasury, then the fix', async ({ page, errors }) => {
  const sb = sandbox(page);
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.goto('./#/lesson/sql-injection');
  await appReady(page);
  const quests = page.getByRole('region', { name: /^Quests/ });
  await expect(quests.getByRole('heading', { name: 'Quests (0 of 3 done)' })).toBeVisible();
  const result = sb.getByTestId('sql-login-result');
  const statement = sb.getByTestId('sql-statement');
  const username = sb.getByLabel('Username', { exact: true });
  const password = sb.getByLabel('Password', { exact: true });

  // The honest case first: the peasant's own account, every character of it data.
  await expect(result).toHaveText('Welcome, peasant (peasant)!');
  expect(fetched.some((url) => url.endsWith('sql_worker_bg.wasm'))).toBe(true);
  await expect(statement.locator('.is-data')).toHaveText('peasant');
  await expect(statement.locator('.is-code')).toHaveCount(0);

  // Attack 1: a quote ends the literal, -- comments out the password check.
  await password.fill('I forgot');
  await username.fill('');
  await username.pressSequentially("king'--");
  await expect(result).toHaveText('Welcome, king (king)!');
  // The closing quote and the dashes are two tokens (the end of a string, a comment).
  await expect(statement.locator('.is-code')).toHaveText(["'", '--']);
  await expect(sb.getByTestId('sql-effects')).toContainText("the password check AND password_hash = '…' is gone");
  await expect(quests.locator('.quest').nth(0).locator('.quest-status')).toHaveText('Solved');

  // Attack 2: UNION SELECT reads the treasury through the login form.
  await username.fill('');
  await username.pressSequentially("' UNION SELECT id, item, secret FROM treasury --");
  await expect(sb.getByTestId('sql-rows')).toContainText('vault code 7-3-1-9, behind the throne');
  await expect(quests.locator('.quest').nth(1).locator('.quest-status')).toHaveText('Solved');

  // Stacked queries: execute() refuses them with Python's message, executescript() runs them.
  await username.fill('');
  await username.pressSequentially("'; DROP TABLE users;--");
  await expect(result).toContainText('sqlite3.ProgrammingError: You can only execute one statement at a time.');
  await sb.getByLabel(/Run the f-string with executescript/).check();
  await expect(sb.getByTestId('sql-tables')).toHaveText('Castle tables: treasury (3 rows)');
  await expect(sb.getByTestId('sql-effects')).toContainText('The table users is gone.');
  await sb.getByLabel(/Run the f-string with executescript/).uncheck();
  await username.fill('peasant');
  await expect(result).toContainText('no such table: users');
  await sb.getByRole('button', { name: 'Reset castle' }).click();
  await expect(sb.getByTestId('sql-tables')).toHaveText('Castle tables: treasury (3 rows), users (4 rows)');

  // The fix: bound parameters. The same attack is now only a strange username.
  await username.fill("king'--");
  await expect(result).toHaveText('Welcome, king (king)!');
  await sb.getByRole('radio', { name: 'Bound parameters' }).check();
  await expect(result).toHaveText('Wrong username or password.');
  await expect(sb.getByTestId('sql-params')).toContainText(`"king'--"`);
  await expect(statement).toHaveText('SELECT id, username, role FROM users WHERE username = ? AND password_hash = ?');
  await expect(quests.locator('.quest').nth(2).locator('.quest-status')).toHaveText('Solved');
  await expect(quests.getByRole('heading', { name: 'Quests (3 of 3 done)' })).toBeVisible();

  // The honest login still works with the fix.
  await username.fill('peasant');
  await password.fill('turnip');
  await expect(result).toHaveText('Welcome, peasant (peasant)!');
  expect(errors).toEqual([]);
});

test('the ORMs show the SQL and parameters they emit, in Django flavour too', async ({ page, errors }) => {
  const sb = sandbox(page);
  await page.goto('./');
  await appReady(page);
  // The learner's framework choice reaches the sandbox through its mount config.
  await page.getByRole('group', { name: 'Code first' }).getByLabel('Django').check();
  await page.goto('./#/lesson/sql-injection');
  const flavour = sb.getByRole('group', { name: 'Framework', exact: true });
  await expect(flavour.getByRole('radio', { name: 'Django' })).toBeChecked();
  await expect(sb.locator('.sql-sandbox pre.code').first()).toContainText('with connection.cursor() as cursor:');
  await flavour.getByRole('radio', { name: 'Flask' }).check();
  await sb.getByLabel('Username', { exact: true }).fill("king'--");
  await sb.getByRole('radio', { name: 'Django ORM filter' }).check();
  await expect(sb.getByTestId('sql-statement')).toContainText('WHERE ("users"."password_hash" = ? AND "users"."username" = ?) ORDER BY "users"."id" ASC LIMIT 1');
  await sb.getByRole('radio', { name: 'SQLAlchemy filter_by' }).check();
  await expect(sb.getByTestId('sql-statement')).toContainText('LIMIT ? OFFSET ?');
  await expect(sb.getByTestId('sql-params').locator('li')).toHaveCount(4);
  await sb.getByRole('radio', { name: 'f-string in execute()' }).check();
  await flavour.getByRole('radio', { name: 'Django' }).check();
  await sb.getByLabel('Username', { exact: true }).fill("'");
  await expect(sb.getByTestId('sql-login-result')).toContainText('django.db.utils.OperationalError');
  await expect(sb.locator('.sql-sandbox pre.code').first()).toContainText('with connection.cursor() as cursor:');
  expect(errors).toEqual([]);
});

test('a runaway query is stopped with a message and the next keystroke still answers', async ({ page, errors }) => {
  const sb = sandbox(page);
  await page.goto('./#/lesson/sql-injection');
  await appReady(page);
  const gallery = sb.getByLabel(/Pick an attack from the gallery/);
  const runaway = await gallery.locator('option', { hasText: 'Runaway query' }).getAttribute('value');
  await gallery.selectOption(runaway ?? '');
  await expect(sb.getByTestId('sql-login-result')).toContainText('sqlite3.OperationalError: interrupted');
  await expect(sb.getByTestId('sql-login-result')).toContainText('stopped it');
  await sb.getByLabel('Username', { exact: true }).fill('peasant');
  await expect(sb.getByTestId('sql-login-result')).toHaveText('Welcome, peasant (peasant)!');
  expect(errors).toEqual([]);
});

test('whatever the learner types is shown as text, never as HTML', async ({ page, errors }) => {
  const sb = sandbox(page);
  await page.goto('./#/lesson/sql-injection');
  await appReady(page);
  const markup = "<img src=x onerror=alert(1)>' UNION SELECT 1, '<b>bold</b>', 3 --";
  await sb.getByLabel('Username', { exact: true }).fill(markup);
  await expect(sb.getByTestId('sql-statement')).toContainText(markup);
  await expect(sb.getByTestId('sql-login-result')).toHaveText('Welcome, <b>bold</b> (3)!');
  await expect(sb.locator('.sql-sandbox img, .sql-sandbox b')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the settings check flags credentials written into a pasted snippet', async ({ page, errors }) => {
  const sb = sandbox(page);
  await page.goto('./#/lesson/sql-injection');
  await appReady(page);
  const settings = sb.getByLabel('Paste a Flask config or Django DATABASES snippet');
  const result = sb.getByTestId('sql-settings-result');
  await expect(result).toContainText('Line 6: Password written in the code');
  await settings.fill('');
  await settings.pressSequentially(`app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://app:hunter2@db/castle?sslmode=require"`);
  await expect(result).toContainText('Line 1: Password inside a connection URL');
  await expect(result).toContainText('Line 1: TLS without checking the server');
  await settings.fill('app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]');
  await expect(result).toHaveText('No written-in credentials, secret defaults or weak sslmode found in this snippet.');
  expect(errors).toEqual([]);
});
