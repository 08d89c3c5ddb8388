'use client';
/** One file of the preview: detected format (with a chooser), error or warnings, and its first runs. */
import { fmtNum } from '@/lib/format';
import { Note, NoteList } from './notes';
import type { FileResult, Fmt } from './types';

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
    <div className="card stack break-anywhere" data-testid="import-file" data-ok={r.ok ? '1' : '0'}>
      <div className="toolbar">
        <strong className="break-anywhere">{r.name}</strong>
        {r.ok ? (
          <span className="badge badge-ok">{r.file.format}</span>
        ) : (
          <span className="badge badge-bad">refused</span>
        )}
        {r.ok && (
          <span className="muted">
            {r.file.runCount} run{r.file.runCount === 1 ? '' : 's'}
          </span>
        )}
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
        <Note severity="error" testid="file-error">
          {r.error}
        </Note>
      )}
      {r.ok && r.file.duplicate && (
        <Note severity="info" testid="file-duplicate">
          Will be skipped: {r.file.duplicate.reason}
        </Note>
      )}
      {r.ok && <NoteList notes={r.file.warnings} />}
      {r.ok && r.file.runs.length > 0 && <PreviewTable r={r} />}
    </div>
  );
}

function PreviewTable({ r }: { r: Extract<FileResult, { ok: true }> }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`Runs of ${r.name}`}>
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
