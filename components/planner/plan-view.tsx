/**
 * A stored plan as its page shows it: the savings sentence for managers, totals, the timeline,
 * the schedule table, the reasons, the predicted clocks, the validation by replay, and the
 * assumptions and warnings. Plans stored before predictions (no flags) render as before.
 */
import { fmtNum } from '@/lib/format';
import { savingsSentence } from '@/lib/planner/block';
import { predictionLine } from '@/lib/planner/prediction-text';
import type { PlanJson } from '@/lib/planner/service';
import { PlanTimeline } from './timeline';
import { ValidationTable } from './validation-table';

const kwh = (x: number) => `${fmtNum(x)} kWh`;
const usd = (x: number) => `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;

function Totals({ plan }: { plan: PlanJson }) {
  const t = plan.totals;
  const rows: Array<
    [string, { kwh: number; cost: number; tco2e: number }, { kwh: number; cost: number; tco2e: number } | null]
  > = [
    ['Per day', t.atTraceRate.perDay, null],
    ['Per month', t.atTraceRate.perMonth, t.baselineAtTraceRate.perMonth],
    ['Per year', t.atTraceRate.perYear, t.baselineAtTraceRate.perYear],
  ];
  return (
    <div className="table-wrap">
      <table className="table" data-testid="plan-totals">
        <caption className="text-left muted text-sm">At the trace&apos;s rate, served around the clock</caption>
        <thead>
          <tr>
            <th>Period</th>
            <th>Energy</th>
            <th>Cost</th>
            <th>tCO2e</th>
            <th>Baseline energy</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, p, b]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{kwh(p.kwh)}</td>
              <td>{usd(p.cost)}</td>
              <td>{fmtNum(p.tco2e)}</td>
              <td>{b ? kwh(b.kwh) : '—'}</td>
            </tr>
          ))}
          {t.atVolume && (
            <tr>
              <td>Per month at {t.atVolume.requestsPerDay.toLocaleString('en-US')} requests/day</td>
              <td>{kwh(t.atVolume.perMonth.kwh)}</td>
              <td>{usd(t.atVolume.perMonth.cost)}</td>
              <td>{fmtNum(t.atVolume.perMonth.tco2e)}</td>
              <td>—</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Text, not colour only: the badge says what it marks. */
function PredictedBadge() {
  return (
    <span className="badge badge-predicted ml-2" title="fitted between measured clocks, not measured">
      predicted
    </span>
  );
}

/** What the predicted clocks did: chosen where, worth what, and why some families gave none. */
function Predictions({ plan }: { plan: PlanJson }) {
  const p = plan.predictions;
  if (!p) return null;
  return (
    <section className="card stack" aria-labelledby="plan-predictions-h" data-testid="plan-predictions">
      <h2 id="plan-predictions-h" className="m-0 text-lg">
        Predicted clocks
      </h2>
      <p className="m-0">{predictionLine(p, plan.totals.energyKwh)}</p>
      {p.notes.length > 0 && (
        <ul className="m-0 text-sm muted">
          {p.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Schedule({ plan }: { plan: PlanJson }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="plan-schedule">
        <thead>
          <tr>
            <th>Start</th>
            <th>Load (req/s)</th>
            <th>SM clock</th>
            <th>Power limit</th>
            <th>TP</th>
            <th>max_num_seqs</th>
            <th>Instances</th>
            <th>Energy</th>
            <th>Power</th>
            {plan.inputs && Object.keys(plan.inputs.slo).map((k) => <th key={k}>{k}</th>)}
            <th>SLO margin</th>
          </tr>
        </thead>
        <tbody>
          {plan.intervals.map((iv) => (
            <tr key={iv.startS}>
              <td>{fmtNum(iv.startS / 60)} min</td>
              <td>{iv.rateRps.toFixed(2)}</td>
              <td>
                {iv.config.knobs.sm_clock_mhz} MHz
                {iv.config.predicted && <PredictedBadge />}
              </td>
              <td>{iv.config.knobs.power_limit_w} W</td>
              <td>{iv.config.knobs.tp}</td>
              <td>{iv.config.knobs.max_num_seqs}</td>
              <td>
                {iv.config.instances}
                {iv.reconfigured ? ' ↻' : ''}
              </td>
              <td>{fmtNum(iv.predicted.energyJ / 3.6e6)} kWh</td>
              <td>{Math.round(iv.predicted.avgPowerW)} W</td>
              {Object.keys(plan.inputs.slo).map((k) => (
                <td key={k}>{Math.round(iv.predicted.latencyMs[k] ?? NaN)} ms</td>
              ))}
              <td>{Math.round(iv.predicted.sloMargin * 100)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PlanView({ plan }: { plan: PlanJson }) {
  const t = plan.totals;
  const endS = plan.context.durationS;
  const base = plan.baseline.intervals;
  const predictedCount = plan.intervals.filter((iv) => iv.config.predicted).length;
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="plan-headline">
        <h2 id="plan-headline" className="m-0 text-lg">
          Savings
        </h2>
        <p className="text-lg m-0" data-testid="plan-sentence">
          {savingsSentence(t, plan.baseline.name)}
        </p>
        <ul className="m-0 text-sm">
          <li>
            Plan: <strong>{kwh(t.energyKwh)}</strong> over {fmtNum(t.durationS / 60)} min of trace (
            {t.requests.toLocaleString('en-US')} requests), {t.reconfigurations} costly reconfiguration
            {t.reconfigurations === 1 ? '' : 's'} ({kwh(t.switchEnergyKwh)} switching).
          </li>
          <li>
            Max clock, sized for peak: {kwh(t.maxClockStaticEnergyKwh)} ({fmtNum(t.savingsVsMaxClockPct)}% saved) —{' '}
            {plan.maxClockStatic.instances} × TP{plan.maxClockStatic.knobs.tp}, {plan.maxClockStatic.knobs.sm_clock_mhz}{' '}
            MHz, {plan.maxClockStatic.knobs.power_limit_w} W.
          </li>
          <li>
            Best static: {kwh(t.bestStaticEnergyKwh)} ({fmtNum(t.savingsVsBestStaticPct)}% saved) —{' '}
            {plan.bestStatic.instances} × TP{plan.bestStatic.knobs.tp}, {plan.bestStatic.knobs.sm_clock_mhz} MHz
            {plan.bestStatic.predicted && <PredictedBadge />}, {plan.bestStatic.knobs.power_limit_w} W, max_num_seqs{' '}
            {plan.bestStatic.knobs.max_num_seqs}.
          </li>
        </ul>
        <Totals plan={plan} />
      </section>
      <section className="card stack" aria-labelledby="plan-timeline-h">
        <h2 id="plan-timeline-h" className="m-0 text-lg">
          Timeline
        </h2>
        <PlanTimeline
          endS={endS}
          baselineName={plan.baseline.name}
          points={plan.intervals.map((iv, i) => ({
            startS: iv.startS,
            rateRps: iv.rateRps,
            powerW: iv.predicted.avgPowerW,
            baselinePowerW: base[i]?.avgPowerW ?? NaN,
            smClockMhz: iv.config.knobs.sm_clock_mhz,
            gpus: iv.config.gpus,
            predicted: !!iv.config.predicted,
          }))}
        />
        {predictedCount > 0 && (
          <p className="m-0 text-sm muted" data-testid="plan-timeline-legend">
            <span className="badge badge-predicted mr-2">outlined</span>
            {predictedCount} interval{predictedCount === 1 ? '' : 's'} run a predicted SM clock (fitted between measured
            clocks, not measured); the schedule marks them “predicted”.
          </p>
        )}
      </section>
      <section className="card stack" aria-labelledby="plan-reasons">
        <h2 id="plan-reasons" className="m-0 text-lg">
          Which knob saved what
        </h2>
        <ul className="m-0" data-testid="plan-reasons">
          {plan.reasons.map((r) => (
            <li key={r.knob}>{r.text}</li>
          ))}
        </ul>
      </section>
      <Predictions plan={plan} />
      <section className="card stack" aria-labelledby="plan-schedule-h">
        <h2 id="plan-schedule-h" className="m-0 text-lg">
          Schedule
        </h2>
        <Schedule plan={plan} />
      </section>
      {plan.validation && <ValidationTable v={plan.validation} />}
      <section className="card stack" aria-labelledby="plan-assumptions">
        <h2 id="plan-assumptions" className="m-0 text-lg">
          Assumptions and sources
        </h2>
        {plan.warnings.map((w) => (
          <p key={w} className="banner warn m-0">
            {w}
          </p>
        ))}
        <ul className="m-0 text-sm">
          {plan.assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
          <li>
            Study “{plan.context.studyName}”: {plan.context.runs} runs of {plan.inputs.model} on {plan.context.gpu}
            {plan.context.simulated ? ' (SIMULATED, not measured)' : ''}
            {plan.context.runsSkipped
              ? `; ${plan.context.runsSkipped} runs without the knobs the planner needs were left out`
              : ''}
            .
          </li>
          <li>
            Workload: {plan.context.workloadName}
            {plan.context.workloadAttribution ? ` — ${plan.context.workloadAttribution.text}` : ''}.
          </li>
        </ul>
      </section>
    </div>
  );
}
