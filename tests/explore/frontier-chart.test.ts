/** components/charts/frontier-chart.tsx rendered on the server: where the "recommended" label goes. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FrontierChart, type FrontierChartData } from '@/components/charts/frontier-chart';
import type { AxisInfo, DetailPoint } from '@/lib/explore/types';

const axis = (key: string): AxisInfo =>
  ({
    key,
    label: key,
    short: key,
    unit: '',
    definition: '',
    direction: 'lower',
    group: 'energy',
    log: false,
    factor: 1,
  }) as unknown as AxisInfo;

function point(id: number, x: number, y: number): DetailPoint {
  return {
    id,
    label: `run ${id}`,
    studyId: 1,
    model: 'm',
    gpu: 'H100',
    gpuCount: 1,
    engine: 'vllm',
    simulated: false,
    knobs: {},
    metrics: {},
    x,
    y,
    c: null,
    feasible: true,
  } as DetailPoint;
}

function chartWithRecommended(rec: DetailPoint): string {
  const frontier = [point(1, 0, 10), point(2, 50, 5), point(3, 100, 1)];
  const data = {
    axes: { x: axis('itl_ms_p99'), y: axis('energy_per_output_token_j') },
    color: { key: 'none', label: '', kind: 'none', categories: [], domain: null, definition: '' },
    points: [],
    frontierPoints: frontier,
    frontierAll: null,
    recommendedRun: rec,
    baseline: { run: null },
    slo: [],
  } as unknown as FrontierChartData;
  return renderToStaticMarkup(createElement(FrontierChart, { data, width: 860, height: 500 }));
}

const label = (html: string) => /<text[^>]*class="jb-rec-text"[^>]*>/.exec(html)?.[0] ?? '';

describe('FrontierChart: the "recommended" label', () => {
  it('sits right of a mark in the middle of the chart', () => {
    const tag = label(chartWithRecommended(point(2, 50, 5)));
    expect(tag).not.toContain('text-anchor');
  });

  it('sits left of a mark at the right edge, so that it is not cut off by the chart', () => {
    const tag = label(chartWithRecommended(point(3, 100, 1)));
    expect(tag).toContain('text-anchor="end"');
    const x = Number(/ x="([\d.]+)"/.exec(tag)![1]);
    expect(x).toBeLessThan(860 - 18);
  });
});
