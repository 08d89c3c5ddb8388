/** A plan's validation by replay: measured vs predicted energy and SLO attainment per interval. */
import { fmtNum } from '@/lib/format';
import type { PlanValidation } from '@/lib/planner/replay/types';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function ValidationTable({ v }: { v: PlanValidation }) {
  const keys = Object.keys(v.targets);
  const ok = v.passed.energyWithin10Pct && v.passed.sloAttained;
  return (
    <section className="card stack" aria-labelledby="plan-validation" data-testid="plan-validation">
      <h2 id="plan-validation" className="m-0 text-lg">
        Validation by replay{v.simulated ? ' (SIMULATED device)' : ''}
      </h2>
      <p className={`banner ${ok ? 'banner-ok' : 'banner-error'} m-0`}>
        Measured {fmtNum(v.measuredEnergyJ / 3.6e6)} kWh vs predicted {fmtNum(v.predictedEnergyJ / 3.6e6)} kWh (
        {v.errorPct >= 0 ? '+' : ''}
        {v.errorPct.toFixed(1)}%, {v.passed.energyWithin10Pct ? 'within' : 'outside'} 10%); SLO attainment{' '}
        {keys.map((k) => `${k} ${pct(v.attainment[k] ?? 0)} (target ${pct(v.targets[k])})`).join(', ')}. {v.completed}/
        {v.requests} requests, {v.device}, {v.mode}.
      </p>
      {v.predictedClocks && (
        <p className="m-0" data-testid="plan-validation-predicted">
          At predicted clocks ({v.predictedClocks.clocksMhz.join(', ')} MHz, {v.predictedClocks.intervals} interval
          {v.predictedClocks.intervals === 1 ? '' : 's'}): measured {fmtNum(v.predictedClocks.measuredEnergyJ / 3.6e6)}{' '}
          kWh vs predicted {fmtNum(v.predictedClocks.predictedEnergyJ / 3.6e6)} kWh (
          {v.predictedClocks.errorPct >= 0 ? '+' : ''}
          {v.predictedClocks.errorPct.toFixed(1)}%): the check of the clock fits.
        </p>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Start</th>
              <th>Requests</th>
              <th>Predicted</th>
              <th>Measured</th>
              <th>Error</th>
              {keys.map((k) => (
                <th key={k}>{k} (measured / attained)</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {v.intervals.map((iv) => (
              <tr key={iv.startS}>
                <td>
                  {fmtNum(iv.startS / 60)} min
                  {iv.predictedClock && <span className="badge badge-predicted ml-2">predicted clock</span>}
                </td>
                <td>{iv.requests}</td>
                <td>{Math.round(iv.predictedEnergyJ / 1000)} kJ</td>
                <td>{Math.round(iv.measuredEnergyJ / 1000)} kJ</td>
                <td>
                  {iv.errorPct >= 0 ? '+' : ''}
                  {iv.errorPct.toFixed(1)}%
                </td>
                {keys.map((k) => (
                  <td key={k}>
                    {iv.measuredMs[k] !== undefined
                      ? `${Math.round(iv.measuredMs[k])} ms / ${pct(iv.attainment[k])}`
                      : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="m-0 text-sm muted">
        {v.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </section>
  );
}
