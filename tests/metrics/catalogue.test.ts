import { expect, test } from 'vitest';
import { METRICS, METRIC_BY_KEY, convertEnergyPerToken, deriveMetrics } from '@/lib/metrics/catalogue';
import { METRIC_KEYS } from '@/lib/metrics/keys';

test('catalogue covers every metric key once, with unit, direction and definition', () => {
  expect(new Set(METRICS.map((m) => m.key)).size).toBe(METRIC_KEYS.length);
  for (const m of METRICS) {
    expect(m.unit, m.key).toBeTruthy();
    expect(['lower', 'higher']).toContain(m.direction);
    expect(m.definition.length, m.key).toBeGreaterThan(20);
  }
  expect(METRIC_BY_KEY.get('output_throughput_tps')?.direction).toBe('higher');
  expect(METRIC_BY_KEY.get('energy_per_output_token_j')?.definition).toMatch(/OUTPUT/);
});

test('derives per-token, per-request and power from energy and token totals', () => {
  const { metrics, derived } = deriveMetrics({
    metrics: { energy_j: 9000, duration_s: 30, completed: 90 },
    workload: { input_tokens_total: 72_000, output_tokens_total: 9000 },
  });
  expect(metrics.energy_per_output_token_j).toBeCloseTo(1);
  expect(metrics.energy_per_token_j).toBeCloseTo(9000 / 81_000);
  // ~9x apart on an 8k-in/1k-out shaped workload: the labels must not be confused.
  expect(metrics.energy_per_output_token_j! / metrics.energy_per_token_j!).toBeCloseTo(9);
  expect(metrics.energy_per_request_j).toBeCloseTo(100);
  expect(metrics.avg_power_w).toBeCloseTo(300);
  expect(metrics.output_throughput_tps).toBeCloseTo(300);
  expect(metrics.kwh_per_1m_output_tokens).toBeCloseTo(1e6 / 3.6e6);
  expect(derived).toContain('energy_per_output_token_j');
  expect(derived).not.toContain('energy_j');
});

test('missing stays missing: no energy means no energy metrics, never 0', () => {
  const { metrics, derived } = deriveMetrics({
    metrics: { duration_s: 10, completed: 5, ttft_ms_p99: 50 },
    workload: { output_tokens_total: 1000 },
  });
  expect(metrics.energy_per_output_token_j).toBeUndefined();
  expect(metrics.energy_j).toBeUndefined();
  expect(metrics.avg_power_w).toBeUndefined();
  expect(metrics.output_throughput_tps).toBeCloseTo(100);
  expect(derived).not.toContain('energy_per_token_j');
});

test('given values are never overwritten by derivations', () => {
  const { metrics, derived } = deriveMetrics({
    metrics: { energy_j: 100, duration_s: 10, avg_power_w: 7 },
    workload: {},
  });
  expect(metrics.avg_power_w).toBe(7);
  expect(derived).not.toContain('avg_power_w');
});

test('power and throughput give energy per token without an energy total', () => {
  const { metrics } = deriveMetrics({
    metrics: { avg_power_w: 300, output_throughput_tps: 1500, request_throughput_rps: 2 },
  });
  expect(metrics.energy_per_output_token_j).toBeCloseTo(0.2);
  expect(metrics.energy_per_request_j).toBeCloseTo(150);
});

test('energy unit conversions', () => {
  const o = { gridGco2PerKwh: 400, pricePerKwh: 0.1 };
  expect(convertEnergyPerToken(0.36, 'j', o)).toBe(0.36);
  expect(convertEnergyPerToken(0.36, 'kwh_1m', o)).toBeCloseTo(0.1);
  expect(convertEnergyPerToken(0.36, 'gco2_1m', o)).toBeCloseTo(40);
  expect(convertEnergyPerToken(0.36, 'cost_1m', o)).toBeCloseTo(0.01);
});

test('docs/metrics.md is generated from the catalogue and up to date', async () => {
  const fs = await import('node:fs');
  const { metricsDoc } = await import('@/scripts/gen-metrics-doc');
  expect(fs.readFileSync('docs/metrics.md', 'utf8')).toBe(metricsDoc());
});

test('energy per request and mean output length give energy per output token (ML.ENERGY v1/v2)', () => {
  const { metrics, derived } = deriveMetrics({
    metrics: { energy_per_request_j: 420 },
    workload: { mean_output_len: 280 },
  });
  expect(metrics.energy_per_output_token_j).toBeCloseTo(1.5, 12);
  expect(metrics.kwh_per_1m_output_tokens).toBeCloseTo((1.5 * 1e6) / 3.6e6, 12);
  expect(derived).toEqual(expect.arrayContaining(['energy_per_output_token_j', 'kwh_per_1m_output_tokens']));
  // a given value is never replaced
  expect(
    deriveMetrics({
      metrics: { energy_per_request_j: 420, energy_per_output_token_j: 2 },
      workload: { mean_output_len: 280 },
    }).metrics.energy_per_output_token_j,
  ).toBe(2);
});
