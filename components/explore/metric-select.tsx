'use client';
/**
 * Metric picker grouped by catalogue group. The field carries the chosen metric's definition;
 * options carry only their label, as one text node: the explorer's first screen has four of these
 * pickers (~200 options) ahead of the chart, and a definition per option plus React's text
 * separators were ~20 KB of HTML before the first mark. The glossary has every definition.
 * With `available` (runs per metric in the selection), metrics the study does not have are
 * greyed out and say so.
 */
import { METRICS, METRIC_BY_KEY, type MetricGroup } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';

const GROUPS: MetricGroup[] = ['energy', 'latency', 'throughput', 'run'];

export function MetricSelect(props: {
  label: string;
  value: MetricKey | null;
  onChange: (k: MetricKey | null) => void;
  allowNone?: string;
  testid?: string;
  filter?: (k: MetricKey) => boolean;
  available?: Record<string, number>;
  /** Unit shown in option labels for this key (the energy unit switch). */
  unitOf?: (k: MetricKey) => string;
}) {
  const def = props.value ? METRIC_BY_KEY.get(props.value) : undefined;
  const av = props.available;
  return (
    <label className="field" title={def?.definition}>
      <span className="has-def">{props.label}</span>
      <select
        data-testid={props.testid}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value ? (e.target.value as MetricKey) : null)}
      >
        {props.allowNone !== undefined && <option value="">{props.allowNone}</option>}
        {GROUPS.map((g) => (
          <optgroup key={g} label={g}>
            {METRICS.filter((m) => m.group === g && (!props.filter || props.filter(m.key))).map((m) => {
              const n = av ? (av[m.key] ?? 0) : null;
              const none = n === 0 && m.key !== props.value;
              return (
                <option key={m.key} value={m.key} disabled={none}>
                  {`${m.label} (${props.unitOf?.(m.key) ?? m.unit})${n === 0 ? ' — no data' : ''}`}
                </option>
              );
            })}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
