/**
 * A frozen report as a reader sees it (server-rendered, props only): headline, frontier and
 * knob-sensitivity charts (with SVG/PNG download), notes, runs table, provenance, downloads.
 * Used by /reports/[id] (accounts) and /r/[token] (share links, no account).
 */
import { FrontierChart, FrontierLegend } from '@/components/charts/frontier-chart';
import { Sensitivity } from '@/components/explore/panels';
import { EXPLORE_KNOBS, KNOB_LABELS } from '@/lib/explore/knobs';
import { fmtNum } from '@/lib/explore/format';
import { METRIC_BY_KEY } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { feasibleIds } from '@/lib/reports/analysis';
import type { ReportData } from '@/lib/reports/types';
import { ChartExport } from './chart-export';
import { ReportNotes } from './markdown';
import s from './report.module.css';

const label = (k: string) => METRIC_BY_KEY.get(k as MetricKey)?.label ?? k;
const unit = (k: string) => METRIC_BY_KEY.get(k as MetricKey)?.unit ?? '';
const pct = (f: number) => `${(f * 100).toFixed(1)} %`;

function Headline({ data }: { data: ReportData }) {
  const h = data.headline;
  const ev = data.snapshot.explorer;
  if (!h.recommended) {
    return (
      <section className={`card ${s.section}`} data-testid="report-headline">
        <h2>Recommendation</h2>
        <p>No run in this view meets every SLO{ev.slo.length ? '' : ' with the objective metric present'}; there is no recommended configuration.</p>
      </section>
    );
  }
  const pt = h.perToken;
  const knobs = EXPLORE_KNOBS.filter((k) => h.recommended!.knobs[k] !== undefined)
    .map((k) => `${KNOB_LABELS[k].label} ${fmtNum(h.recommended!.knobs[k])}${KNOB_LABELS[k].unit ? ` ${KNOB_LABELS[k].unit}` : ''}`)
    .join(', ');
  return (
    <section className={`card ${s.section}`} data-testid="report-headline">
      <h2>Recommended configuration</h2>
      <p>
        <strong data-testid="recommended-label">{h.recommended.label}</strong> (run #{h.recommended.id}){knobs ? `: ${knobs}` : ''}. It has the lowest{' '}
        {h.objective.label.toLowerCase()} among the runs meeting {ev.slo.length ? 'every SLO' : 'the view (no SLO set)'}.
      </p>
      <div className={s.headline}>
        {h.savingsFraction !== null && (
          <div className={s.figure} data-testid="savings">
            <strong className={s.save}>{h.savingsFraction >= 0 ? `${pct(h.savingsFraction)} less` : `${pct(-h.savingsFraction)} more`}</strong>
            <span>
              {h.objective.label.toLowerCase()} than the baseline
              {h.baseline?.meetsSlo === false ? ', which does not meet the SLO (the price of meeting it)' : h.baseline?.meetsSlo ? ', which also meets the SLO' : ''}
            </span>
          </div>
        )}
        <div className={s.figure}>
          <strong>{fmtNum(h.recommended.value)} {h.objective.unit}</strong>
          <span>{h.objective.label}{h.baseline ? ` (baseline ${fmtNum(h.baseline.value)})` : ''}</span>
        </div>
        {pt && (
          <>
            <div className={s.figure}>
              <strong>{fmtNum(pt.recommended.kwh1m)} kWh</strong>
              <span>per 1M {pt.basis}{pt.baseline ? ` (baseline ${fmtNum(pt.baseline.kwh1m)})` : ''}</span>
            </div>
            <div className={s.figure}>
              <strong>{fmtNum(pt.recommended.gco2e1m / 1000)} kg CO2e</strong>
              <span>per 1M {pt.basis} at {fmtNum(h.grid)} gCO2e/kWh{pt.baseline ? ` (baseline ${fmtNum(pt.baseline.gco2e1m / 1000)})` : ''}</span>
            </div>
            <div className={s.figure}>
              <strong>${fmtNum(pt.recommended.cost1m)}</strong>
              <span>energy cost per 1M {pt.basis} at ${fmtNum(h.price)}/kWh{pt.baseline ? ` (baseline $${fmtNum(pt.baseline.cost1m)})` : ''}</span>
            </div>
          </>
        )}
      </div>
      <p className={s.meta}>
        {h.baseline ? (
          <>Baseline: {h.baseline.label} (run #{h.baseline.id}){h.baseline.note ? `; ${h.baseline.note}` : ''}.</>
        ) : (
          <>No baseline in this view, so no savings figure.</>
        )}{' '}
        Energy is GPU energy as measured or reported by each run; CO2e and cost are energy × the grid intensity and price above.
      </p>
    </section>
  );
}

function RunsTable({ data }: { data: ReportData }) {
  const ev = data.snapshot.explorer;
  const x = ev.axes.x.key;
  const y = ev.axes.y.key;
  const obj = ev.objective.key;
  const metrics = [...new Set<string>([x, y, obj, ...ev.slo.map((b) => b.metric)])];
  const knobs = EXPLORE_KNOBS.filter((k) => data.snapshot.runs.some((r) => (r.knobs as Record<string, unknown>)[k] !== undefined));
  const frontier = new Set(ev.frontier);
  const feasible = feasibleIds(data.snapshot.runs, data.view.slo);
  const runs = [...data.snapshot.runs].sort((a, b) => Number(frontier.has(b.id)) - Number(frontier.has(a.id)) || (a.metrics[obj] ?? Infinity) - (b.metrics[obj] ?? Infinity));
  return (
    <div className="table-wrap">
      <table className={`table ${s.tableSmall}`} data-testid="report-runs">
        <thead>
          <tr>
            <th>Run</th><th>Label</th><th>Model</th><th>GPU</th><th>Engine</th>
            {knobs.map((k) => <th key={k} className="num" title={KNOB_LABELS[k].definition}>{KNOB_LABELS[k].label}</th>)}
            {metrics.map((m) => <th key={m} className="num" title={METRIC_BY_KEY.get(m as MetricKey)?.definition}>{label(m)} ({unit(m)})</th>)}
            {ev.slo.length > 0 && <th>Meets SLOs</th>}
            <th>Frontier</th><th>Source</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className={r.id === ev.recommended ? s.rec : undefined}>
              <td>#{r.id}{r.id === ev.recommended ? ' ★' : ''}{r.id === ev.baseline.run?.id ? ' (baseline)' : ''}</td>
              <td>{r.label}</td>
              <td>{r.model.id}</td>
              <td>{r.hardware.gpu_count}× {r.hardware.gpu_model}</td>
              <td>{r.engine.name}{r.engine.version ? ` ${r.engine.version}` : ''}</td>
              {knobs.map((k) => <td key={k} className="num">{fmtNum((r.knobs as Record<string, number | undefined>)[k])}</td>)}
              {metrics.map((m) => <td key={m} className="num">{fmtNum(r.metrics[m as MetricKey])}</td>)}
              {ev.slo.length > 0 && <td>{feasible.has(r.id) ? 'yes' : 'no'}</td>}
              <td>{frontier.has(r.id) ? 'yes' : ''}</td>
              <td>{r.hardware.simulated ? <span className="badge badge-sim">SIMULATED</span> : null} {r.source.kind}{r.source.format ? ` (${r.source.format})` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProvenanceSection({ data }: { data: ReportData }) {
  const p = data.provenance;
  return (
    <section className={`card ${s.section}`} data-testid="report-provenance">
      <h2>Data provenance</h2>
      <p>
        {p.total} runs frozen on {new Date(data.snapshot.frozenAt).toUTCString()}: {p.simulated} simulated
        {p.simulated > 0 && <> <span className="badge badge-sim">SIMULATED</span></>}, {p.measured} measured by Joulebench sweeps or posted by the harness,{' '}
        {p.imported} imported from benchmark files, {p.demo} from the bundled demo data.
        {data.snapshot.runsOmitted > 0 && ` The view covered ${data.snapshot.runsOmitted} further runs not frozen here (the frontier and a sample are).`}
      </p>
      <table className={`table ${s.tableSmall}`}>
        <thead><tr><th>Source</th><th>Format</th><th>File</th><th className="num">Runs</th><th className="num">Simulated</th></tr></thead>
        <tbody>
          {p.sources.slice(0, 50).map((src, i) => (
            <tr key={i}><td>{src.kind}</td><td>{src.format ?? '—'}</td><td>{src.file ?? '—'}</td><td className="num">{src.count}</td><td className="num">{src.simulated}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ReportView({ data, exportBase, liveViewHref }: { data: ReportData; exportBase: string; liveViewHref?: string }) {
  const ev = data.snapshot.explorer;
  const sloText = ev.slo.map((b) => `${label(b.metric)} ${b.kind === 'max' ? '≤' : '≥'} ${fmtNum(b.bound)} ${unit(b.metric)}`).join(', ');
  return (
    <article className={s.report} data-testid="report">
      <header>
        <h1 data-testid="report-title">{data.title}</h1>
        <p className={s.meta}>
          By {data.createdByName}, {new Date(data.createdAt).toUTCString()}. Frozen data: {data.snapshot.runs.length} runs
          {ev.studyName ? ` from “${ev.studyName}”` : ''}. {sloText ? `SLOs: ${sloText}.` : 'No SLOs.'}{' '}
          {liveViewHref && <a className="no-print" href={liveViewHref}>Open this view live in the explorer</a>}
        </p>
        <div className="row no-print">
          <a className="btn btn-small" href={`${exportBase}?format=csv`} download>Download runs (CSV)</a>
          <a className="btn btn-small" href={`${exportBase}?format=json`} download>Download runs (JSON)</a>
          <span className="muted">Print / save as PDF from the browser (Ctrl+P): the layout is print-ready.</span>
        </div>
      </header>

      <Headline data={data} />

      <section className={`card ${s.section}`}>
        <h2>{ev.axes.y.label} vs {ev.axes.x.label}</h2>
        <ChartExport name="frontier">
          <FrontierChart data={ev} title={`${ev.axes.y.label} vs ${ev.axes.x.label}`} />
          <FrontierLegend data={ev} />
        </ChartExport>
        <p className={s.meta}>
          {ev.counts.plotted} runs plotted, {ev.counts.frontier} on the frontier{ev.slo.length ? `, ${ev.counts.feasible} meet the SLOs` : ''}. Faded points are dominated.
        </p>
      </section>

      {data.snapshot.sensitivity && (
        <section className={`card ${s.section}`}>
          <h2>Knob sensitivity: {data.snapshot.sensitivity.metric.label} vs {data.snapshot.sensitivity.knob.label}</h2>
          <ChartExport name="sensitivity">
            <Sensitivity sens={data.snapshot.sensitivity} />
          </ChartExport>
        </section>
      )}

      <section className={`card ${s.section} ${s.notes}`}>
        <h2>Notes</h2>
        <ReportNotes markdown={data.notes} />
      </section>

      <section className={`card ${s.section}`}>
        <h2>Runs</h2>
        <RunsTable data={data} />
      </section>

      <ProvenanceSection data={data} />
    </article>
  );
}
