'use client';
/** One file of the preview: detected format (with a chooser), error or warnings, and its first runs. */
import type { FileResult, Fmt } from './types';

const fmtNum = (v: number | undefined, d = 3) =>
  v === undefined ? '—' : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(d);

export function FileResultCard({
  r,
  formats,
  format,
  onFormat,
}: {
  r: FileResult;
  formats: Fmt[];
  format: string;
  onFormat: (f: string) => void;
}) {
  return (
    <div className="card stack" data-testid="import-file" data-ok={r.ok ? '1' : '0'}>
      <div className="toolbar">
        <strong style={{ overflowWrap: 'anywhere' }}>{r.name}</strong>
        {r.ok ? (
          <span className="badge badge-ok">{r.file.format}</span>
        ) : (
          <span className="badge badge-bad">refused</span>
        )}
        {r.ok && <span className="muted">{r.file.runCount} run(s)</span>}
        <label className="field" style={{ minWidth: 0, maxWidth: '100%' }}>
          Format
          {/* Option labels are long: the select must not widen the page on a phone. */}
          <select
            aria-label={`format for ${r.name}`}
            value={format}
            onChange={(e) => onFormat(e.target.value)}
            style={{ maxWidth: '100%' }}
          >
            <option value="auto">auto-detect</option>
            {formats.map((f) => (
              <option key={f.id} value={f.id}>
                {f.id}: {f.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!r.ok && (
        <p className="error" data-testid="file-error">
          {r.error}
        </p>
      )}
      {r.ok && r.file.duplicate && (
        <p className="warn" data-testid="file-duplicate">
          Will be skipped: {r.file.duplicate.reason}
        </p>
      )}
      {r.ok && r.file.warnings.length > 0 && (
        <ul className="warn">
          {r.file.warnings.map((w) => (
            <li key={w} data-inconsistent={/^inconsistent values/.test(w) ? '1' : undefined}>
              {w}
            </li>
          ))}
        </ul>
      )}
      {r.ok && r.file.runs.length > 0 && <PreviewTable r={r} />}
    </div>
  );
}

function PreviewTable({ r }: { r: Extract<FileResult, { ok: true }> }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="preview-table">
        <thead>
          <tr>
            <th>Label</th>
            <th>Model</th>
            <th>GPU</th>
            <th>Engine</th>
            <th>Out tok/s</th>
            <th>p99 TTFT ms</th>
            <th>J/out tok</th>
            <th>Energy J</th>
          </tr>
        </thead>
        <tbody>
          {r.file.runs.slice(0, 50).map((run, i) => (
            <tr key={i}>
              <td>{run.label}</td>
              <td>{run.model.id}</td>
              <td>
                {run.hardware.gpu_model} × {run.hardware.gpu_count}
              </td>
              <td>{run.engine.name}</td>
              <td>{fmtNum(run.metrics.output_throughput_tps)}</td>
              <td>{fmtNum(run.metrics.ttft_ms_p99)}</td>
              <td>{fmtNum(run.metrics.energy_per_output_token_j)}</td>
              <td>{fmtNum(run.metrics.energy_j)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.file.runCount > 50 && <p className="muted">… and {r.file.runCount - 50} more</p>}
    </div>
  );
}
