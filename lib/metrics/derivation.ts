/**
 * Which of a metric's catalogue derivations can have produced a run's value. The catalogue lists
 * the alternatives ("a / b, or c / d"); deriveMetrics uses whichever has its inputs. A run page
 * that printed the whole list next to "not available: b, d" contradicted itself, so it shows only
 * the alternatives whose metric inputs the run has. Client-safe: no node imports.
 */
import type { MetricDef } from './catalogue';
import { isMetricKey, type MetricKey } from './keys';

/** The metric keys a formula names ("energy_j / duration_s" -> energy_j, duration_s). */
function metricInputs(formula: string): MetricKey[] {
  return [...formula.matchAll(/[a-z][a-z0-9_]*/g)].map((m) => m[0]).filter(isMetricKey);
}

/**
 * The derivation text to show for `def` on a run that has the metrics `has` says it has: the
 * alternatives whose metric inputs are all present, joined by ", or "; null when none is (the
 * inputs came from the source's workload totals or were not stored).
 */
export function derivationFor(def: MetricDef, has: (k: MetricKey) => boolean): string | null {
  if (!def.derivation) return null;
  const usable = def.derivation
    .split(/,\s*or\s+/)
    .filter((alt) => metricInputs(alt).every((k) => k !== def.key && has(k)));
  return usable.length ? usable.join(', or ') : null;
}
