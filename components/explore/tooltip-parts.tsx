/**
 * Tooltip pieces of the explorer chart: a configuration's n and 95% intervals (agg=configs), and
 * a predicted point's values with their prediction intervals and the fits they come from.
 */
import { fmtNum } from '@/lib/explore/format';
import type { PredictedPoint } from '@/lib/explore/predicted';
import type { Aggregate, ExplorerView } from '@/lib/explore/types';

const iv = (i: [number, number] | null | undefined, f: number) =>
  i ? `[${fmtNum(i[0] * f)}, ${fmtNum(i[1] * f)}]` : null;

/** "mean of 3 runs · 95% interval ITL [19.1, 20.9] ms, J/token [0.29, 0.31]" or "single run". */
export function ConfigLine({ p, view }: { p: Aggregate; view: ExplorerView }) {
  const { x, y } = view.axes;
  if (p.n === 1)
    return (
      <div className="muted" data-testid="tip-config">
        configuration of 1 run: single run, no estimate of noise (no whiskers)
      </div>
    );
  const xi = iv(p.xi, x.factor);
  const yi = iv(p.yi, y.factor);
  return (
    <div data-testid="tip-config" style={{ marginBottom: 4 }}>
      configuration: mean of <b>{p.n}</b> runs
      {(xi || yi) && (
        <div className="muted">
          95% interval of the mean: {xi && `${x.short} ${xi} ${x.unit}`}
          {xi && yi ? '; ' : ''}
          {yi && `${y.short} ${yi} ${y.unit}`}
        </div>
      )}
    </div>
  );
}

export function PredictedTip({
  p,
  view,
  left,
  top,
  width,
}: {
  p: PredictedPoint;
  view: ExplorerView;
  left: number;
  top: number;
  width: number;
}) {
  const { x, y } = view.axes;
  return (
    <div
      data-testid="chart-tooltip"
      className="card"
      style={{ position: 'absolute', left, top, width, pointerEvents: 'none', fontSize: 12, zIndex: 5 }}
    >
      <div className="badge badge-predicted" style={{ marginBottom: 4 }}>
        predicted, not measured
      </div>
      <div>
        {p.model} on {p.gpu} at <b>{p.clock} MHz</b> SM clock
      </div>
      <div>
        {x.short}: <b>{fmtNum(p.x * x.factor)}</b> {x.unit} (95% {iv(p.xi, x.factor)})
      </div>
      <div>
        {y.short}: <b>{fmtNum(p.y * y.factor)}</b> {y.unit} (95% {iv(p.yi, y.factor)})
      </div>
      <div className="muted" style={{ marginTop: 4 }}>
        from clock curves y = y0 + k·(f/f_ref)^g fitted on {p.n} runs (R² {p.r2[0].toFixed(3)} on {x.short},{' '}
        {p.r2[1].toFixed(3)} on {y.short}); intervals are for one new run
        {p.f === false ? ' · does not meet the SLOs' : ''}
      </div>
    </div>
  );
}
