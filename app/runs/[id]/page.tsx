import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { getRun } from '@/db/queries/runs';
import { getStudy } from '@/db/queries/studies';
import { knobLabel, knobValueText } from '@/lib/knobs/format';
import { derivationFor } from '@/lib/metrics/derivation';
import { METRICS, type MetricDef } from '@/lib/metrics/catalogue';
import type { MetricKey } from '@/lib/metrics/keys';
import { fmtNum } from '@/lib/format';
import { PowerTrace } from '@/components/runs/power-trace';
import { fmtDateTime } from '@/lib/format';

export const dynamic = 'force-dynamic';

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d+$/.test(id)) notFound();
  const db = getDb();
  const run = getRun(db, Number(id));
  if (!run) notFound();
  const study = run.study_id ? getStudy(db, run.study_id) : undefined;
  const derived = new Set(run.derived ?? []);
  const metrics = METRICS.filter((m) => run.metrics[m.key] !== undefined);
  const missing = METRICS.filter((m) => run.metrics[m.key] === undefined);
  const prov = run.energy_provenance;
  const has = (k: MetricKey) => run.metrics[k] !== undefined;
  // Only the formulas whose inputs this run has (the others would contradict "Not available" below).
  const derivedText = (m: MetricDef) => {
    const f = derivationFor(m, has);
    return f ? `derived: ${f}` : "derived from the source's totals";
  };
  return (
    <>
      <p className="muted">
        <Link href="/runs">Runs</Link> / run {run.id}
        {study && (
          <>
            {' '}
            · study <Link href={`/runs?study=${study.id}`}>{study.name}</Link>
          </>
        )}
      </p>
      <h1>
        {run.label} {run.hardware.simulated && <span className="badge badge-sim">SIMULATED</span>}
      </h1>
      <div className="row" style={{ marginBottom: '0.75rem' }}>
        {/* Back to the analysis: this run's model on this GPU, with the run selected (ringed) on its frontier. */}
        <Link
          className="btn btn-small btn-primary"
          data-testid="show-on-frontier"
          href={`/explore?${new URLSearchParams([...(run.study_id ? [['study', String(run.study_id)]] : []), ['model', run.model.id], ['gpu', run.hardware.gpu_model], ['sel', String(run.id)]]).toString()}`}
        >
          Show on the frontier
        </Link>
        {study && (
          // The study's name is in the breadcrumb above: a long name must not widen the page on a phone.
          <Link className="btn btn-small" href={`/explore?study=${study.id}`} title={`Explore study “${study.name}”`}>
            Explore this study
          </Link>
        )}
      </div>
      {run.stability && !run.stability.stable && (
        <p className="banner">Flagged unstable: {run.stability.reason ?? 'no reason given'}</p>
      )}
      <div className="grid2">
        <section className="card">
          <h2>Configuration</h2>
          <dl className="kv" data-testid="run-config">
            <dt>model</dt>
            <dd>
              {run.model.id}
              {run.model.params_b !== undefined &&
                ` (${run.model.params_b} B params${run.model.active_params_b !== undefined && run.model.active_params_b !== run.model.params_b ? `, ${run.model.active_params_b} B active` : ''})`}
              {run.model.precision && `, ${run.model.precision}`}
            </dd>
            <dt>hardware</dt>
            <dd>
              {run.hardware.gpu_count}× {run.hardware.gpu_model}
              {run.hardware.host && ` on ${run.hardware.host}`}
              {run.hardware.simulated ? ' (simulated device)' : ''}
            </dd>
            <dt>engine</dt>
            <dd>
              {run.engine.name}
              {run.engine.version && ` ${run.engine.version}`}
            </dd>
            {Object.entries(run.knobs).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt title={k}>{knobLabel(k)}</dt>
                <dd data-knob={k}>{knobValueText(k, v)}</dd>
              </div>
            ))}
            {Object.entries(run.workload ?? {}).map(([k, v]) => (
              <div key={`w-${k}`} style={{ display: 'contents' }}>
                <dt>workload: {k.replaceAll('_', ' ')}</dt>
                <dd>{typeof v === 'number' ? fmtNum(v, 6) : String(v)}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="card">
          <h2>Provenance</h2>
          <dl className="kv" data-testid="run-provenance">
            <dt>imported via</dt>
            <dd>
              {run.source.kind}
              {run.source.format && ` · ${run.source.format}`}
              {run.source.file_name && ` · ${run.source.file_name}`}
            </dd>
            {run.source.file_sha256 && (
              <>
                <dt>file sha256</dt>
                <dd>
                  <code>{run.source.file_sha256.slice(0, 16)}…</code>
                </dd>
              </>
            )}
            {run.source.attribution &&
              Object.entries(run.source.attribution).map(([k, v]) => (
                <div key={k} style={{ display: 'contents' }}>
                  <dt>{k === 'source' ? 'data source' : k}</dt>
                  <dd>{/^https?:\/\//.test(v) ? <a href={v}>{v}</a> : v}</dd>
                </div>
              ))}
            {/* One line for the energy measurement: method, scope, rate and the meter (its "source"), so
                "source" is not listed twice next to the data source above. */}
            <dt>energy</dt>
            <dd data-testid="energy-provenance">
              {prov
                ? [
                    `${prov.method} (${prov.scope})`,
                    prov.sample_hz ? `${fmtNum(prov.sample_hz)} Hz` : '',
                    prov.source ? `by ${prov.source}` : '',
                  ]
                    .filter(Boolean)
                    .join(', ')
                : 'no energy measurement'}
            </dd>
            {prov?.window && (
              <>
                <dt>window</dt>
                <dd>
                  {fmtNum(prov.window.start_s)} – {fmtNum(prov.window.end_s)} s
                  {prov.window.steady_state ? ' (steady state)' : ' (whole run)'}
                </dd>
              </>
            )}
            <dt>measured at</dt>
            <dd>{fmtDateTime(run.measured_at)}</dd>
            <dt>stored at</dt>
            <dd>{fmtDateTime(run.created_at)}</dd>
          </dl>
        </section>
      </div>
      <section className="card">
        <h2>Metrics</h2>
        {/* A scroll region on phones (globals.css): focusable, so a keyboard can scroll it. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Metrics of this run">
          <table className="table" data-testid="run-metrics">
            <thead>
              <tr>
                <th>metric</th>
                <th className="num">value</th>
                <th>unit</th>
                <th>how</th>
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.key} data-metric={m.key}>
                  <td>
                    <span className="has-def" title={m.definition}>
                      {m.label}
                    </span>{' '}
                    <code className="muted">{m.key}</code>
                  </td>
                  <td className="num">{fmtNum(run.metrics[m.key], 4)}</td>
                  <td>{m.unit}</td>
                  <td className="muted" data-testid="metric-how">
                    {derived.has(m.key) ? derivedText(m) : 'from source'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {missing.length > 0 && (
          <p className="muted">Not available for this run: {missing.map((m) => m.short).join(', ')}.</p>
        )}
      </section>
      {run.trace && run.trace.devices.length > 0 && (
        <section className="card">
          <h2>Power trace</h2>
          <PowerTrace trace={run.trace} window={prov?.window} />
        </section>
      )}
      {run.requests && (
        <section className="card">
          <h2>Per-request samples</h2>
          <p className="muted">
            {run.requests.success.length.toLocaleString('en-US')} requests recorded (
            {run.requests.success.filter((s) => !s).length} failed).
          </p>
        </section>
      )}
    </>
  );
}
