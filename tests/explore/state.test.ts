import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, parseViewState, viewStateToParams, ViewStateError, type ViewState } from '@/lib/explore/state';

describe('view state <-> URL', () => {
  it('round-trips a rich state', () => {
    const st: ViewState = {
      ...structuredClone(DEFAULT_VIEW),
      x: 'tpot_ms_p99',
      y: 'energy_per_token_j',
      study: 3,
      model: ['a/b', 'c d'],
      gpu: ['H100'],
      sim: 'real',
      knobs: { max_num_seqs: { min: 64 }, sm_clock_mhz: { min: 1000, max: 1600 } },
      slo: { ttft_ms_p99: 2000, tpot_ms_p99: 100, output_throughput_tps: 500 },
      color: 'max_num_seqs',
      size: 'avg_power_w',
      logX: false,
      unit: 'cost_1m',
      price: 0.2,
      baseline: 'run:17',
      priceMetric: 'ttft_ms_p99',
      sens: { metric: 'avg_power_w', knob: 'sm_clock_mhz', series: 'max_num_seqs', facet: 'model' },
      sel: [4, 5, 9],
      frontierOnly: true,
      agg: 'configs',
      pred: true,
      shape: 'gpu',
    };
    const again = parseViewState(new URLSearchParams(viewStateToParams(st).toString()), { strict: true }).state;
    expect(again).toEqual(st);
  });

  it('the default state serialises to an empty query', () => {
    expect(viewStateToParams(DEFAULT_VIEW).toString()).toBe('');
  });

  it('strict mode names the bad parameter', () => {
    expect(() => parseViewState(new URLSearchParams('x=bogus'), { strict: true })).toThrow(
      /unknown metric "bogus" for x/,
    );
    expect(() => parseViewState(new URLSearchParams('slo.itl_ms_p99=abc'), { strict: true })).toThrow(ViewStateError);
    expect(() => parseViewState(new URLSearchParams('knob.foo.min=1'), { strict: true })).toThrow(/unknown knob "foo"/);
  });

  it('lenient mode keeps defaults and reports issues', () => {
    const { state, issues } = parseViewState({ x: 'nope', y: 'itl_ms_p50', minThroughput: '100' });
    expect(state.x).toBe(DEFAULT_VIEW.x);
    expect(state.y).toBe('itl_ms_p50');
    expect(state.slo.output_throughput_tps).toBe(100);
    expect(issues).toHaveLength(1);
  });

  it('agg, pred and shape: defaults left out of the URL, bad values named', () => {
    expect(viewStateToParams({ ...structuredClone(DEFAULT_VIEW) }).toString()).toBe('');
    const st = parseViewState(new URLSearchParams('agg=configs&pred=1&shape=model'), { strict: true }).state;
    expect([st.agg, st.pred, st.shape]).toEqual(['configs', true, 'model']);
    expect(viewStateToParams(st).toString()).toBe('agg=configs&pred=1&shape=model');
    expect(() => parseViewState(new URLSearchParams('agg=means&pred=yes&shape=clock'), { strict: true })).toThrow(
      'agg=means: must be "runs" or "configs"; pred=yes: must be 0 or 1; shape=clock: must be one of model, gpu, engine, study, simulated or none',
    );
  });
});
