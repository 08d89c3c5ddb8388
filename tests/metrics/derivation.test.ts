/** The run page's "how" column names only derivations whose inputs the run has. */
import { expect, test } from 'vitest';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { derivationFor } from '@/lib/metrics/derivation';
import type { MetricKey } from '@/lib/metrics/keys';

const def = (k: MetricKey) => METRIC_BY_KEY.get(k)!;
const having =
  (...keys: MetricKey[]) =>
  (k: MetricKey) =>
    keys.includes(k);

test('ML.ENERGY-style run: request throughput from power and energy per request, not completed / duration', () => {
  const text = derivationFor(def('request_throughput_rps'), having('avg_power_w', 'energy_per_request_j'));
  expect(text).toBe('avg_power_w / energy_per_request_j');
});

test('a run with completed and duration gets that formula', () => {
  expect(derivationFor(def('request_throughput_rps'), having('completed', 'duration_s'))).toBe(
    'completed / duration_s',
  );
});

test('no alternative with its inputs present: null (the page says "from the source\'s totals")', () => {
  expect(derivationFor(def('request_throughput_rps'), having())).toBeNull();
});

test('formulas without metric inputs (workload totals) stay listed', () => {
  expect(derivationFor(def('output_throughput_tps'), having('duration_s'))).toBe('output tokens / duration_s');
});

test('every alternative deriveMetrics uses is in the catalogue text', () => {
  // Keeps the catalogue honest: the derivations the code can take are the ones the page can name.
  expect(def('avg_power_w').derivation).toContain('energy_per_output_token_j * output_throughput_tps');
  expect(def('request_throughput_rps').derivation).toContain('avg_power_w / energy_per_request_j');
});
