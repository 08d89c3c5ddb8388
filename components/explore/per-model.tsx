/**
 * The answer per model and GPU (props-only): each model's energy-optimal configuration under the
 * SLOs and what it saves against that model's own baseline on the same GPU. Cross-model
 * comparison is the separate, explicit "across models" card.
 */
import { Fragment } from 'react';
import { fmtNum } from '@/lib/explore/format';
import { gpuDisplayName, shortModelName } from '@/lib/explore/display-names';
import type { ExplorerView } from '@/lib/explore/types';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import { ConfidenceText } from './confidence';
import { KnobList } from './run-summary';

function savingText(f: number | null) {
  if (f === null) return '—';
  const pct = Math.abs(f) * 100;
  const n = pct >= 10 ? pct.toFixed(0) : pct.toFixed(1);
  return f >= 0 ? `saves ${n}%` : `costs ${n}% more`;
}

export function PerModelTable({
  view,
  onShow,
}: {
  view: ExplorerView;
  onShow?: (model: string, gpu: string) => string;
}) {
  const a = view.answers;
  if (!a || !a.perModel.length) return null;
  const o = view.objective;
  const { x, y } = view.axes;
  const other = o.key === y.key ? x : y;
  const base = a.perModel.find((r) => r.baseline)?.baselineText ?? 'none';
  return (
    <div className="card" data-testid="per-model">
      <h2 style={{ marginTop: 0 }}>
        Energy-optimal configuration of each model{view.slo.length ? ', meeting the SLOs' : ''}
      </h2>
      <p className="muted" style={{ marginTop: 0 }}>
        Lowest{' '}
        <span className="has-def" title={METRIC_BY_KEY.get(o.key)?.definition}>
          {o.label.toLowerCase()}
        </span>{' '}
        of each model on each GPU. Savings are against that model&apos;s own baseline: the {base}
        {view.state.baseline === 'none' ? '' : ' (set "Baseline" below, or mark your current configuration)'}.
      </p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th className="sticky-col">model</th>
              <th>GPU</th>
              <th className="num">runs</th>
              {view.slo.length > 0 && <th className="num">meet SLOs</th>}
              <th>configuration</th>
              <th className="num">
                {o.label} ({o.unit})
              </th>
              <th className="num">
                {other.short} ({METRIC_BY_KEY.get(other.key)?.unit})
              </th>
              <th className="num">vs baseline</th>
              <th>
                <span className="sr-only">on the chart</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {a.perModel.map((r) => {
              // Configurations (agg=configs): the recommended configuration's first run and means.
              const cfg = r.config;
              const rec = cfg ? cfg.run : view.configs ? null : r.recommended;
              const objValue = cfg ? cfg.mean : rec ? (rec.metrics[o.key] ?? null) : null;
              const otherValue = cfg ? cfg.other : rec ? (rec.metrics[other.key] ?? null) : null;
              const cols = 8 + (view.slo.length > 0 ? 1 : 0);
              return (
                <Fragment key={`${r.model}|${r.gpu}`}>
                  <tr data-testid="per-model-row" data-model={r.model} data-run-id={rec?.id}>
                    <td className="sticky-col" title={r.model}>
                      {shortModelName(r.model)}
                    </td>
                    <td title={r.gpu}>{gpuDisplayName(r.gpu)}</td>
                    <td className="num">{r.runs}</td>
                    {view.slo.length > 0 && <td className="num">{r.feasible}</td>}
                    {rec ? (
                      <>
                        <td>
                          <a href={`/runs/${rec.id}`}>#{rec.id}</a> {rec.gpuCount}× · <KnobList knobs={rec.knobs} />{' '}
                          {cfg && (
                            <span className="muted" data-testid="per-model-n">
                              {cfg.n === 1 ? '(single run)' : `(mean of ${cfg.n} runs)`}
                            </span>
                          )}{' '}
                          {rec.simulated && <span className="badge badge-sim">SIMULATED</span>}
                        </td>
                        <td className="num">
                          {fmtNum((objValue ?? NaN) * o.factor)}
                          {cfg?.ci95 && (
                            <div className="muted" style={{ fontSize: 11 }}>
                              [{fmtNum(cfg.ci95[0] * o.factor)}, {fmtNum(cfg.ci95[1] * o.factor)}]
                            </div>
                          )}
                        </td>
                        <td className="num">
                          {fmtNum((otherValue ?? NaN) * (other.key === o.key ? o.factor : other.factor))}
                        </td>
                        <td
                          className="num"
                          title={r.baseline ? `baseline: run #${r.baseline.id} (${r.baselineText})` : 'no baseline'}
                        >
                          <span
                            className={
                              r.saving !== null && r.saving > 0
                                ? 'ok'
                                : r.saving !== null && r.saving < 0
                                  ? 'warn'
                                  : 'muted'
                            }
                          >
                            {r.baseline && (cfg ? cfg.runIds.includes(r.baseline.id) : r.baseline.id === rec.id)
                              ? 'is the baseline'
                              : savingText(r.saving)}
                          </span>
                        </td>
                      </>
                    ) : (
                      <td colSpan={4} className="muted">
                        {view.configs && !r.reason
                          ? 'no configuration meets the SLOs with both axis metrics'
                          : r.reason}
                      </td>
                    )}
                    <td>
                      {onShow && (
                        <a className="btn btn-small" href={onShow(r.model, r.gpu)} data-testid="show-model">
                          show
                        </a>
                      )}
                    </td>
                  </tr>
                  {cfg && (
                    <tr data-testid="per-model-confidence" data-model={r.model}>
                      <td
                        colSpan={cols}
                        style={{ paddingTop: 0, fontSize: 12, whiteSpace: 'normal', maxWidth: '80rem' }}
                      >
                        <ConfidenceText c={cfg.confidence} compact />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {a.perModelTruncated > 0 && (
        <p className="muted">
          {a.perModelTruncated} more model/GPU pairs not listed; filter by model or GPU to see them.
        </p>
      )}
    </div>
  );
}
