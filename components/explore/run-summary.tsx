/** Compact knobs + key metrics of a run (tooltip, recommendation card). Props-only. */
import type { RunSummary } from '@/db/queries/explore';
import { fmtNum } from '@/lib/explore/format';
import { KNOB_LABELS, type ExploreKnob } from '@/lib/explore/knobs';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';

export const KEY_METRICS: MetricKey[] = [
  'energy_per_output_token_j',
  'energy_per_token_j',
  'energy_per_request_j',
  'avg_power_w',
  'output_throughput_tps',
  'request_throughput_rps',
  'ttft_ms_p99',
  'tpot_ms_p99',
  'itl_ms_p99',
  'e2e_ms_p99',
];

export function KnobList({ knobs }: { knobs: RunSummary['knobs'] }) {
  const ks = Object.entries(knobs) as [ExploreKnob, number][];
  if (!ks.length) return <span className="muted">no typed knobs</span>;
  return (
    <span>
      {ks.map(([k, v], i) => (
        <span key={k} title={KNOB_LABELS[k].definition}>
          {i > 0 && ', '}
          {k}={fmtNum(v)}
        </span>
      ))}
    </span>
  );
}

export function RunSummaryView({ run, extra = [] }: { run: RunSummary; extra?: MetricKey[] }) {
  const keys = [...new Set([...extra, ...KEY_METRICS])].filter((k) => run.metrics[k] !== undefined);
  return (
    <div className="stack" style={{ gap: 4 }}>
      <div>
        <strong>{run.label}</strong> {run.simulated && <span className="badge badge-sim">SIMULATED</span>}
      </div>
      <div className="muted">
        {run.model} · {run.gpuCount}× {run.gpu} · {run.engine} · run #{run.id}
      </div>
      <div>
        <KnobList knobs={run.knobs} />
      </div>
      <dl className="kv" style={{ fontSize: 12 }}>
        {keys.map((k) => {
          const d = METRIC_BY_KEY.get(k)!;
          return [
            <dt key={`t${k}`} title={d.definition} className="has-def">
              {d.short}
            </dt>,
            <dd key={`d${k}`}>
              {fmtNum(run.metrics[k])} {d.unit}
            </dd>,
          ];
        })}
      </dl>
    </div>
  );
}
