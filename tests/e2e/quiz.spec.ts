import { readdirSync, readFileSync } from 'node:fs';
import { test, expect, appReady } from './fixtures';

/** The quiz of a lesson as the app fetches it, read from the built dist/. */
function quizOf(id: string): { multiple: boolean; answers: { correct: boolean }[] }[] {
  const file = readdirSync('dist/book').find((name) => name.startsWith(`${id}-`) && name.endsWith('.json'))!;
  return JSON.parse(readFileSync(`dist/book/${file}`, 'utf8')).quiz;
}

test('take a quiz: explanations, score, saved best, retake', async ({ page, errors }) => {
  const quiz = quizOf('csrf');
  await page.goto('./#/lesson/csrf');
  await appReady(page);
  const section = page.getByRole('region', { name: 'Quiz' });
  const check = section.getByRole('button', { name: 'Check my answers' });
  await expect(check).toBeDisabled();

  // Answer all correctly except the first question, where one wrong answer is chosen.
  for (const [q, question] of quiz.entries()) {
    const choices = q === 0
      ? [question.answers.findIndex((a) => !a.correct)]
      : question.answers.flatMap((a, i) => (a.correct ? [i] : []));
    for (const a of choices) await page.locator(`#q${q}-a${a}`).check();
  }
  await check.click();
  await expect(section.getByText(`You got ${quiz.length - 1} of ${quiz.length}.`)).toBeVisible();
  await expect(section.locator('.why').first()).toBeVisible();
  await expect(section.locator('fieldset.is-wrong')).toHaveCount(1);

  await page.reload();
  await expect(page.getByText(`Best so far: ${quiz.length - 1} of ${quiz.length} (1 attempt)`)).toBeVisible();
  await page.getByRole('link', { name: 'Castle map' }).click();
  await expect(page.getByText(`Quiz ${quiz.length - 1}/${quiz.length}`)).toBeVisible();

  await page.goBack();
  for (const [q, question] of quiz.entries()) {
    for (const [a, answer] of question.answers.entries()) if (answer.correct) await page.locator(`#q${q}-a${a}`).check();
  }
  await page.getByRole('button', { name: 'Check my answers' }).click();
  await expect(page.getByText(`You got ${quiz.length} of ${quiz.length}.`)).toBeVisible();
  await page.getByRole('button', { name: 'Take it again' }).click();
  await expect(page.getByRole('button', { name: 'Check my answers' })).toBeDisabled();
  await expect(page.getByText(`Best so far: ${quiz.length} of ${quiz.length} (2 attempts)`)).toBeVisible();
  expect(errors).toEqual([]);
});
