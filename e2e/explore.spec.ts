/**
 * The explorer on the seeded demo study (ML.ENERGY v3, 328 runs): the frontier drawn in the
 * browser is the one the API computes, and the API's is the brute-force Pareto set of the stored
 * runs; SLOs move the recommendation; the URL carries the whole view; hover, click and compare.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

type Frontier = { frontier: number[]; feasibleCount: number; total: number; recommended: number | null };
type Run = { id: number; metrics: Record<string, number | undefined> };

const X = 'itl_ms_p99';
const Y = 'energy_per_output_token_j';

async function frontierApi(request: APIRequestContext, query: string): Promise<Frontier> {
  const res = await request.get(`/api/frontier?${query}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Frontier;
}

async function demoRuns(request: APIRequestContext): Promise<Run[]> {
  const studies = (await (await request.get('/api/studies')).json()).studies as {
    id: number;
    isDemo?: boolean;
    is_demo?: boolean;
    name: string;
  }[];
  const demo = studies.find((s) => s.isDemo ?? s.is_demo ?? /^Demo/.test(s.name))!;
  const out: Run[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = (await (await request.get(`/api/runs?study=${demo.id}&limit=1000&offset=${offset}`)).json()) as {
      total: number;
      runs: Run[];
    };
    out.push(...page.runs);
    if (out.length >= page.total || !page.runs.length) break;
  }
  return out;
}

/** O(n^2) reference: runs with both metrics that no other run beats (both lower is better here). */
function bruteForceFrontier(runs: Run[], x: string, y: string): number[] {
  const pts = runs
    .filter((r) => r.metrics[x] !== undefined && r.metrics[y] !== undefined)
    .map((r) => ({ id: r.id, x: r.metrics[x]!, y: r.metrics[y]! }));
  const dominated = (a: (typeof pts)[number]) => pts.some((b) => b.x <= a.x && b.y <= a.y && (b.x < a.x || b.y < a.y));
  // Among exact duplicates keep one (the lowest id), as the frontier does.
  const keep = pts.filter((a) => !dominated(a) && !pts.some((b) => b.x === a.x && b.y === a.y && b.id < a.id));
  return keep.sort((a, b) => a.x - b.x || a.y - b.y).map((p) => p.id);
}

async function drawnFrontier(page: Page): Promise<number[]> {
  return page.getByTestId('frontier-point').evaluateAll((els) =>
    els
      .map((e) => [Number(e.getAttribute('data-order')), Number(e.getAttribute('data-run-id'))] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, id]) => id),
  );
}

/** Opens the explorer and waits for hydration: the marks are server-rendered before their handlers. */
async function openExplorer(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('explorer')).toHaveAttribute('data-hydrated', '1');
}

async function setSlo(page: Page, metric: string, value: string) {
  const input = page.getByTestId(`slo-${metric}`);
  await input.fill(value);
  await input.press('Enter');
}

test('the drawn frontier matches the API, and the API matches a brute-force Pareto set', async ({ page, request }) => {
  const api = await frontierApi(request, `x=${X}&y=${Y}`);
  expect(api.frontier.length).toBeGreaterThan(3);
  expect(api.frontier).toEqual(bruteForceFrontier(await demoRuns(request), X, Y));

  await openExplorer(page, `/explore?x=${X}&y=${Y}`);
  await expect(page.getByTestId('frontier-point')).toHaveCount(api.frontier.length);
  expect(await drawnFrontier(page)).toEqual(api.frontier);
  await expect(page.getByTestId('frontier-line')).toBeVisible();
  await expect(page.getByTestId('count-frontier')).toHaveText(String(api.frontier.length));
  await expect(page.getByTestId('count-total')).toHaveText(api.total.toLocaleString('en-US'));
  // Dominated runs are drawn too, fainter than the frontier (the opacity is the layer's, inherited).
  const faded = await page
    .locator('[data-layer="dominated"] [data-run-id]')
    .first()
    .evaluate((e) => Number(getComputedStyle(e).fillOpacity));
  expect(faded).toBeLessThan(1);
  await expect(page.getByTestId('recommendation')).toHaveAttribute('data-run-id', String(api.recommended));
  // The axis labels carry their glossary definitions.
  await expect(page.getByTestId('x-select').locator('xpath=ancestor::label[1]')).toHaveAttribute('title', /.+/);
});

test('SLOs shade the infeasible region, move the recommendation and state the savings', async ({ page, request }) => {
  const free = await frontierApi(request, `x=${X}&y=${Y}`);
  const tight = await frontierApi(request, `x=${X}&y=${Y}&slo.${X}=20`);
  expect(tight.recommended).not.toBeNull();
  expect(tight.recommended).not.toBe(free.recommended);
  expect(tight.feasibleCount).toBeLessThan(free.feasibleCount);

  await openExplorer(page, `/explore?x=${X}&y=${Y}`);
  const rec = page.getByTestId('recommendation');
  await expect(rec).toHaveAttribute('data-run-id', String(free.recommended));
  await expect(page.getByTestId('infeasible-region')).toHaveCount(0);

  await setSlo(page, X, '20');
  await expect(page).toHaveURL(new RegExp(`slo\\.${X}=20`));
  await expect(rec).toHaveAttribute('data-run-id', String(tight.recommended));
  await expect(page.getByTestId('infeasible-region')).toHaveCount(1);
  await expect(page.getByTestId('count-feasible')).toHaveText(String(tight.feasibleCount));
  await expect(rec).toContainText('meeting the SLOs');
  await expect(page.getByTestId('savings')).toContainText(/(saves|costs) [\d.]+%/);
  await expect(page.getByTestId('price-of-slo')).toBeVisible();

  // An SLO no run meets: no recommendation, said plainly (the cross-model card, opened on request).
  await setSlo(page, X, '1');
  await page.getByTestId('cross-model').locator('summary').click();
  await expect(page.getByTestId('no-recommendation')).toBeVisible();
  await expect(page.getByTestId('no-recommendation')).toContainText(/0 of \d+ runs with p99 ITL meet its bound/);
});

test('the URL holds the view: reload, back/forward and a pasted link restore it', async ({ page, context }) => {
  await openExplorer(page, '/explore');
  await page.getByTestId('y-select').selectOption('avg_power_w');
  await expect(page).toHaveURL(/y=avg_power_w/);
  await page.getByTestId('more-options').locator('summary').click();
  await page.getByTestId('logx').uncheck();
  await setSlo(page, X, '30');
  await expect(page).toHaveURL(new RegExp(`slo\\.${X}=30`));
  await expect(page.getByTestId('chart-card')).toHaveAttribute('data-loading', '0');
  const recId = await page.getByTestId('recommendation').getAttribute('data-run-id');
  const frontier = await drawnFrontier(page);
  const url = page.url();

  // A pasted link, in a new tab.
  const other = await context.newPage();
  await openExplorer(other, url);
  await expect(other.getByTestId('y-select')).toHaveValue('avg_power_w');
  await expect(other.getByTestId('logx')).not.toBeChecked();
  await expect(other.getByTestId(`slo-${X}`)).toHaveValue('30');
  await expect(other.getByTestId('recommendation')).toHaveAttribute('data-run-id', recId!);
  expect(await drawnFrontier(other)).toEqual(frontier);
  await other.close();

  // Reload keeps it; back undoes the last change, forward redoes it.
  await page.reload();
  await expect(page.getByTestId(`slo-${X}`)).toHaveValue('30');
  await page.goBack();
  await expect(page).not.toHaveURL(/slo\./);
  await expect(page.getByTestId(`slo-${X}`)).toHaveValue('');
  await expect(page.getByTestId('logx')).not.toBeChecked();
  await page.goForward();
  await expect(page.getByTestId(`slo-${X}`)).toHaveValue('30');
  await expect(page.getByTestId('recommendation')).toHaveAttribute('data-run-id', recId!);
});

test('hover shows knobs, click opens the run, shift-click selects runs to compare', async ({ page, request }) => {
  const api = await frontierApi(request, `x=${X}&y=${Y}`);
  await openExplorer(page, `/explore?x=${X}&y=${Y}`);
  const first = page.locator(`[data-testid="frontier-point"][data-run-id="${api.frontier[0]}"]`);
  await first.hover();
  const tip = page.getByTestId('chart-tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('max_num_seqs');
  await expect(tip).toContainText('on the Pareto frontier');

  // Select two frontier runs and compare them.
  await first.click({ modifiers: ['Shift'] });
  await page
    .locator(`[data-testid="frontier-point"][data-run-id="${api.frontier[1]}"]`)
    .click({ modifiers: ['Shift'] });
  await expect(page).toHaveURL(/sel=/);
  await expect(page.getByTestId('selection')).toContainText(`#${api.frontier[0]}`);
  await page.getByTestId('compare-link').click();
  await page.waitForURL(/\/compare\?ids=/);
  const table = page.getByTestId('compare-table');
  await expect(table).toContainText('max_num_seqs');
  await expect(table).toContainText('J/token');
  await expect(page.getByTestId('delta').first()).toBeVisible();

  // A plain click opens the run's detail page.
  await openExplorer(page, `/explore?x=${X}&y=${Y}`);
  await page.locator(`[data-testid="frontier-point"][data-run-id="${api.frontier[0]}"]`).click();
  await page.waitForURL(new RegExp(`/runs/${api.frontier[0]}$`));
  await expect(page.getByTestId('run-provenance')).toBeVisible();
});

test('size by a metric: marker areas follow it, stated in the legend', async ({ page }) => {
  await openExplorer(page, `/explore?x=${X}&y=${Y}`);
  await page.getByTestId('more-options').locator('summary').click();
  await page.getByTestId('size-select').selectOption('avg_power_w');
  await expect(page).toHaveURL(/size=avg_power_w/);
  await expect(page.getByTestId('size-legend')).toContainText('Average power');
  const radii = await page
    .locator('[data-layer="dominated"] circle[data-run-id]')
    .evaluateAll((els) => new Set(els.map((e) => e.getAttribute('r'))).size);
  expect(radii).toBeGreaterThan(5);
});

test('knob sensitivity: one panel per GPU, one line per value of a second knob', async ({ page }) => {
  await openExplorer(page, '/explore');
  const panels = page.getByTestId('sensitivity-panel');
  await expect(panels).toHaveCount(2); // H100 and B200
  await page.getByTestId('sens-knob').selectOption('max_num_seqs');
  await page.getByTestId('sens-series').selectOption('tp');
  await expect(page).toHaveURL(/ss=tp/);
  await expect(page.getByTestId('sensitivity')).toContainText('tp=');
});

test("answers per model: each row is that model+GPU's own optimum and baseline; the chart scopes to it on request", async ({
  page,
  request,
}) => {
  await openExplorer(page, `/explore?x=${X}&y=${Y}&slo.${X}=40`);
  const rows = page.getByTestId('per-model-row');
  expect(await rows.count()).toBeGreaterThan(10); // 18 models on 2 GPUs in the demo
  // The single cross-model recommendation is not the headline: it sits in a closed "compare across models".
  await expect(page.getByTestId('cross-model')).not.toHaveAttribute('open', '');
  await expect(page.getByTestId('model-frontier-line').first()).toBeVisible();
  const withRec = rows.filter({ has: page.locator('a[href^="/runs/"]') });
  for (const i of [0, 1, 2]) {
    const row = withRec.nth(i);
    const model = (await row.getAttribute('data-model'))!;
    const runId = await row.getAttribute('data-run-id');
    const gpu = (await row.locator('td').nth(1).getAttribute('title'))!;
    const api = await frontierApi(
      request,
      `x=${X}&y=${Y}&slo.${X}=40&model=${encodeURIComponent(model)}&gpu=${encodeURIComponent(gpu)}`,
    );
    expect(runId).toBe(String(api.recommended));
  }
  // "show" scopes the explorer to that model and GPU: one model, its recommendation on the chart.
  const first = withRec.first();
  const runId = await first.getAttribute('data-run-id');
  await first.getByTestId('show-model').click();
  await expect(page).toHaveURL(/model=/);
  await expect(page.getByTestId('explorer')).toHaveAttribute('data-hydrated', '1');
  await expect(page.getByTestId('recommendation')).toBeVisible();
  await expect(page.getByTestId('recommendation')).toHaveAttribute('data-run-id', runId!);
  await expect(page.getByTestId('recommended-point')).toBeVisible();
  await expect(page.getByTestId('recommendation')).toContainText(
    /(saves|costs) [\d.]+%|the baseline is the recommended configuration/,
  );
});

test('pickers offer only what the study has; an SLO on a missing metric says so', async ({ page }) => {
  await openExplorer(page, '/explore');
  // The demo study records no TTFT or TPOT: greyed out in the axis picker, and in "+ SLO" with "no data".
  await expect(page.getByTestId('x-select').locator('option[value="ttft_ms_p99"]')).toBeDisabled();
  await expect(page.getByTestId('x-select').locator('option[value="itl_ms_p90"]')).toBeEnabled();
  await page.getByTestId('slo-add').click();
  await expect(page.getByTestId('slo-picker')).toBeVisible();
  await expect(page.getByTestId('slo-add-ttft_ms_p99')).toBeDisabled();
  await expect(page.getByTestId('slo-add-itl_ms_p90')).toContainText(/\d+ of \d+ runs/);
  await page.getByTestId('slo-add-itl_ms_p90').click();
  await setSlo(page, 'itl_ms_p90', '1000');
  await expect(page).toHaveURL(/slo\.itl_ms_p90=1000/);
  await expect(page.getByTestId('count-feasible')).not.toHaveText('0');
  // A link with an SLO on a metric no run has: the reason is the missing metric, not the bound.
  await openExplorer(page, `/explore?model=${encodeURIComponent('Qwen/Qwen3-8B')}&slo.ttft_ms_p99=10000`);
  await expect(page.getByTestId('no-recommendation')).toContainText('No run in this selection records');
  // No made-up axes: the server-rendered view has no marks and says which metric is missing.
  await openExplorer(page, '/explore?x=ttft_ms_p99');
  await expect(page.getByTestId('chart-card')).toContainText(/none of the \d+ runs has both/);
});

test('the whole chart is visible without scrolling at 1440x900, settings beside it; legend toggles series', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openExplorer(page, `/explore?x=${X}&y=${Y}&color=model`);
  const box = (await page.getByTestId('frontier-chart').boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(900);
  expect(box.width).toBeGreaterThan(1000);
  // The view settings: a column to the chart's right, on the first screen, and after the chart
  // in the page (so keyboard order matches what is seen); the jump link is for narrow screens.
  const settings = (await page.getByTestId('view-settings').boundingBox())!;
  expect(settings.x).toBeGreaterThan(box.x + box.width);
  expect(settings.y).toBeLessThan(box.y);
  await expect(page.getByTestId('view-settings').getByTestId('study-select')).toBeInViewport();
  await expect(page.getByRole('link', { name: 'View settings' })).toBeHidden();
  const order = await page.evaluate(() => {
    const chart = document.querySelector('[data-testid="frontier-chart"]')!;
    const picker = document.querySelector('[data-testid="study-select"]')!;
    return chart.compareDocumentPosition(picker) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  const legend = page.getByTestId('chart-legend');
  await legend.getByTestId('legend-search').fill('Qwen3-8B');
  const chip = legend.locator('button[data-legend-code]');
  await expect(chip).toHaveCount(1);
  const before = await page.locator('[data-layer="dominated"] [data-run-id]').count();
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => page.locator('[data-layer="dominated"] [data-run-id]').count()).toBeLessThan(before);
});

test('drag to zoom, reset to the full view', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openExplorer(page, `/explore?x=${X}&y=${Y}`);
  const chart = page.getByTestId('frontier-chart');
  const before = await chart.getAttribute('data-domain');
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('zoom-reset')).toBeVisible();
  const zoomed = (await chart.getAttribute('data-domain'))!.split(' ').map(Number);
  const full = before!.split(' ').map(Number);
  expect(zoomed[1] - zoomed[0]).toBeLessThan(full[1] - full[0]);
  expect(page.url()).not.toMatch(/\/runs\//); // a drag is not a click on a point
  await page.getByTestId('zoom-reset').click();
  await expect(page.getByTestId('zoom-reset')).toHaveCount(0);
  const reset = (await chart.getAttribute('data-domain'))!.split(' ').map(Number);
  reset.forEach((v, i) => expect(v).toBeCloseTo(full[i], 6));
});

test('the server sends the first screen with its marks in place; the panels below arrive after hydration', async ({
  page,
  request,
}) => {
  const res = await request.get('/explore');
  expect(res.status()).toBe(200);
  const html = await res.text();
  const firstMark = html.indexOf('data-key="p0"');
  expect(firstMark).toBeGreaterThan(0);
  // Marks in document order, not inside a streamed Suspense boundary (a hidden <div id="S:0">
  // that a script at the end of the body moves into place once everything has been parsed).
  expect(/<div hidden[^>]* id="S:\d+"/.test(html), 'explorer streamed as a hidden Suspense segment').toBe(false);
  expect(firstMark).toBeLessThan(html.indexOf('self.__next_f'));
  // Only the first screen is rendered on the server.
  expect(html.includes('data-testid="details-pending"'), 'placeholder for the panels below').toBe(true);
  expect(html.includes('data-testid="frontier-table"'), 'frontier table rendered on the server').toBe(false);
  await openExplorer(page, '/explore');
  await expect(page.getByTestId('frontier-table')).toBeVisible();
  await expect(page.getByTestId('details-pending')).toHaveCount(0);
});

test("the marks are parsed before the stylesheet arrives; the first frame already has the visitor's theme", async ({
  page,
}) => {
  // A classic inline script after the stylesheet <link> (the theme script once was one) stops the
  // parser, and every mark after it, until the CSS has loaded. Hold the CSS back to make that visible.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.addInitScript(() => {
    const w = window as unknown as { __marks?: number; __frameClass?: string };
    new MutationObserver((_, obs) => {
      if (document.querySelector('svg [data-run-id]')) {
        w.__marks = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
    // The first frame is drawn once nothing blocks rendering: the theme must be on <html> by then.
    requestAnimationFrame(() => (w.__frameClass = document.documentElement.className));
  });
  let cssReleased = Infinity;
  await page.route(/\.css(\?|$)/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    cssReleased = Date.now();
    await route.continue();
  });
  await page.goto('/explore', { waitUntil: 'load' });
  const t = await page.evaluate(() => {
    const w = window as unknown as { __marks?: number; __frameClass?: string };
    // performance.now() counts from the page's time origin; the epoch time compares with Node's clock.
    return { marks: w.__marks === undefined ? null : performance.timeOrigin + w.__marks, frameClass: w.__frameClass };
  });
  expect(t.marks, 'marks parsed').not.toBeNull();
  expect(t.marks!, 'marks parsed before the stylesheet was released').toBeLessThan(cssReleased);
  expect(t.frameClass).toMatch(/\bdark\b/);
});
