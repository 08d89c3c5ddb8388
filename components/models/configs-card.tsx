/**
 * Configurations of the chosen model on the chosen GPU (repeats grouped): n, mean and 95% interval
 * of energy per output token and p99 TPOT, and the recommendation's confidence sentence
 * (lib/configs via lib/services/configs.ts, the same as GET /api/configs). Server component.
 */
import type { RunForConfig } from '@/lib/configs/types';
import type { MetricSummary } from '@/lib/configs';
import { varyingKnobs, configLabel } from '@/lib/configs';
import { fmtNum } from '@/lib/explore/format';
import { configsViewOf } from '@/lib/services/configs';

const MAX_ROWS = 30;

function Cell({ s }: { s: MetricSummary | undefined }) {
  if (!s) return <td className="num">—</td>;
  return (
    <td className="num">
      {fmtNum(s.mean)}
      <span className="muted"> {s.ci95 ? `[${fmtNum(s.ci95[0])}, ${fmtNum(s.ci95[1])}]` : '(single run)'}</span>
    </td>
  );
}

export function ConfigsCard({ runs }: { runs: readonly RunForConfig[] }) {
  const v = configsViewOf(runs, { x: 'tpot_ms_p99', y: 'energy_per_output_token_j', slo: {} });
  if (!v.configs.length) return null;
  const knobs = varyingKnobs(v.configs);
  const order = v.configs
    .map((c, i) => i)
    .sort(
      (a, b) =>
        (v.configs[a].metrics.energy_per_output_token_j?.mean ?? Infinity) -
        (v.configs[b].metrics.energy_per_output_token_j?.mean ?? Infinity),
    );
  const rec = v.recommendation;
  return (
    <section className="card" data-testid="configs-card">
      <h2 style={{ marginTop: 0 }}>Configurations ({v.configs.length})</h2>
      {rec && (
        <p data-testid="recommendation-confidence" style={{ maxWidth: 900 }}>
          <b>Lowest energy per output token:</b> {rec.sentence}
        </p>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Configurations, lowest energy first">
        <table className="table">
          <thead>
            <tr>
              <th>configuration</th>
              <th className="num">n</th>
              <th className="num">J/out tok, mean [95% CI]</th>
              <th className="num">p99 TPOT ms, mean [95% CI]</th>
            </tr>
          </thead>
          <tbody>
            {order.slice(0, MAX_ROWS).map((i) => {
              const c = v.configs[i];
              return (
                <tr
                  key={i}
                  aria-current={rec?.config === i ? 'true' : undefined}
                  style={{ fontWeight: rec?.config === i ? 600 : undefined }}
                >
                  <td>{configLabel(c, knobs)}</td>
                  <td className="num">{c.n}</td>
                  <Cell s={c.metrics.energy_per_output_token_j} />
                  <Cell s={c.metrics.tpot_ms_p99} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted" style={{ fontSize: 12 }}>
        Runs with the same model, GPU, engine, knobs and workload are one configuration. Interval: Student t (bootstrap
        for energy ratios from 8 runs); a single run has none.
        {v.configs.length > MAX_ROWS ? ` The ${MAX_ROWS} lowest-energy configurations are shown.` : ''}
      </p>
    </section>
  );
}
