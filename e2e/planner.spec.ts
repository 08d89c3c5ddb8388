/**
 * The workload planner as a user meets it: choose the built-in Azure conversation trace and an
 * SLO on /plans/new, see the schedule, the timeline and the savings sentence, validate the plan
 * by replay on the simulated device, and pin it into a new report (the manager view). axe finds no
 * serious or critical WCAG 2.1 AA violation on the form or the plan page, light or dark.
 * With PLANNER_SHOTS=1, screenshots of the pages at 1440 and 390 px, light and dark, go to the
 * test's output folder (left out by default: twelve full-page shots are slow on a busy CI host).
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Serious or critical WCAG 2.1 AA violations on the current page, light and dark. */
async function axe(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of r.violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(
          `${page.url()} (${scheme}): ${v.id}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
        );
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

async function shoot(page: Page, name: string) {
  if (!process.env.PLANNER_SHOTS) return;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: test.info().outputPath(`${name}-${w}-${scheme}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('plan the conversation trace under an SLO, validate by replay, pin into a report', async ({ page }) => {
  test.setTimeout(process.env.PLANNER_SHOTS ? 480_000 : 240_000);
  await page.goto('/plans/new');
  await expect(page.getByRole('heading', { name: 'New plan' })).toBeVisible();
  // The simulated clock-sweep demo study is preselected; pick the 8B model and the conversation trace.
  await expect(page.getByLabel('Study')).toContainText('clock sweep');
  const model = page.getByLabel('Model');
  const llama8 = await model.locator('option', { hasText: 'Llama-3.1-8B' }).getAttribute('value');
  await model.selectOption(llama8!);
  await page.getByLabel('Workload').selectOption('builtin:azure-conv-2023');
  await page.getByLabel('Interval (s)').fill('300');
  await page.getByLabel('p99 TTFT (ms)').fill('2000');
  await page.getByLabel('p99 TPOT (ms)').fill('100');
  await expect(page.getByLabel(/Also plan at SM clocks predicted/)).toBeChecked();
  expect(await axe(page)).toEqual([]);
  await shoot(page, 'plan-new');
  await page.getByRole('button', { name: 'Make plan' }).click();
  await page.waitForURL(/\/plans\/\d+$/, { timeout: 60_000 });

  // Schedule, timeline, savings.
  await expect(page.getByTestId('plan-sentence')).toContainText(
    /This schedule saves .* kWh and \$.* per month against running at max clock all day/,
  );
  const rows = page.getByTestId('plan-schedule').locator('tbody tr');
  await expect(rows).toHaveCount(12);
  await expect(page.getByTestId('plan-timeline').locator('svg')).toHaveCount(4);
  await expect(page.getByTestId('plan-reasons')).toContainText('SM clock set per interval');
  await expect(page.getByText('SIMULATED study').first()).toBeVisible();
  await expect(page.getByTestId('plan-predictions')).toContainText(/predicted points from \d+ clock families/);

  // Validation by replay on the simulated device.
  await page.getByRole('button', { name: 'Validate by replay' }).click();
  await expect(page.getByTestId('plan-validation')).toContainText(/within 10%/, { timeout: 60_000 });
  expect(await axe(page)).toEqual([]);
  await shoot(page, 'plan');

  // Pin into a new report: the manager sees the sentence there.
  await page.getByLabel('Report to pin the plan into').selectOption('new');
  await page.getByRole('button', { name: 'Pin into report' }).click();
  await page.waitForURL(/\/reports\/\d+$/);
  await expect(page.getByTestId('report-plan-sentence')).toContainText(
    /This schedule saves .* per month against running at max clock/,
  );
  await expect(page.getByTestId('report-plan')).toContainText('Validated by replay on the simulated device');
  await shoot(page, 'report-with-plan');
});

test('predicted clocks: marked in the timeline and the schedule, checked by replay', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  // A 70B plan on the demo study that runs unmeasured clocks in a few intervals (docs/planner.md).
  const { studies } = (await (await page.request.get('/api/studies')).json()) as {
    studies: { id: number; name: string }[];
  };
  const study = studies.find((x) => /clock sweep/.test(x.name))!.id;
  const res = await page.request.post('/api/plans', {
    headers: { origin: baseURL! },
    data: {
      study,
      model: 'meta-llama/Llama-3.1-70B-Instruct',
      workload: 'builtin:azure-conv-2023',
      slo: { tpot_ms_p99: 250 },
      intervalS: 60,
      maxInstances: 4,
      switchCost: { timeS: 60, energyJ: 20000 },
    },
  });
  expect(res.status()).toBe(201);
  await page.goto(((await res.json()) as { url: string }).url);
  await expect(page.getByTestId('plan-predictions')).toContainText(/chosen in \d+ intervals?/);
  await expect(page.getByTestId('plan-timeline-legend')).toContainText('run a predicted SM clock');
  await expect(page.getByTestId('plan-timeline').locator('[data-band]').first()).toBeAttached();
  await expect(page.getByTestId('plan-schedule').getByText('predicted', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Validate by replay' }).click();
  await expect(page.getByTestId('plan-validation-predicted')).toContainText(
    /At predicted clocks .* the check of the clock fits/,
    {
      timeout: 60_000,
    },
  );
  expect(await axe(page)).toEqual([]);
  await shoot(page, 'plan-predicted');
});
