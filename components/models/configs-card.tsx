/**
 * Configurations of the chosen model on the chosen GPU (repeats grouped): n, mean and 95% interval
 * of energy per output token and p99 TPOT, and the recommendation's confidence sentence (the
 * lib/configs functions GET /api/configs uses). Server component. Only the rows shown are
 * summarised: with thousands of configurations, summarising every metric of each took ~170 ms.
 */
import type { RunForConfig } from '@/lib/configs/types';
import type { MetricSummary } from '@/lib/configs';
import {
  configLabel,
  groupConfigs,
  metricValues,
  pickConfiguration,
  summarizeConfig,
  varyingKnobs,
} from '@/lib/configs';
import { fmtNum } from '@/lib/explore/format';

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

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : Infinity);

export function ConfigsCard({ runs }: { runs: readonly RunForConfig[] }) {
  const configs = groupConfigs(runs);
  if (!configs.length) return null;
  const rec = pickConfiguration(configs, { x: 'tpot_ms_p99', y: 'energy_per_output_token_j', slo: {} }).recommendation;
  const knobs = varyingKnobs(configs);
  const energy = configs.map((c) => mean(metricValues(c, 'energy_per_output_token_j')));
  const order = configs.map((_, i) => i).sort((a, b) => energy[a] - energy[b]);
  return (
    <section className="card" data-testid="configs-card">
      <h2 style={{ marginTop: 0 }}>Configurations ({configs.length})</h2>
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
              const c = configs[i];
              const s = summarizeConfig(c, ['energy_per_output_token_j', 'tpot_ms_p99']);
              return (
                <tr
                  key={i}
                  aria-current={rec?.config === i ? 'true' : undefined}
                  style={{ fontWeight: rec?.config === i ? 600 : undefined }}
                >
                  <td>{configLabel(c, knobs)}</td>
                  <td className="num">{c.runs.length}</td>
                  <Cell s={s.energy_per_output_token_j} />
                  <Cell s={s.tpot_ms_p99} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted" style={{ fontSize: 12 }}>
        Runs with the same model, GPU, engine, knobs and workload are one configuration. Interval: Student t (bootstrap
        for energy ratios from 8 runs); a single run has none.
        {configs.length > MAX_ROWS ? ` The ${MAX_ROWS} lowest-energy configurations are shown.` : ''}
      </p>
    </section>
  );
}
