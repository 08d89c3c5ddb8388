'use client';
/**
 * Upload page: drop files / a folder / a .zip, preview (dry run on the server: detected format,
 * runs, warnings, errors and duplicate notes per file), fill batch fields, map generic CSV/JSON
 * columns (saved mappings on the server), commit in one transaction, and see the import history
 * with Undo.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { RunRecord } from '@/lib/record/schema';
import type { ColumnMapping } from '@/lib/importers/types';
import { MappingEditor } from './mapping-editor';

type Fmt = { id: string; label: string };
/** A run in the preview: per-request arrays are not shipped, only their sizes. */
type PreviewRun = Omit<RunRecord, 'requests' | 'trace'> & { series?: { requests?: number; traceDevices?: number; traceSamples?: number } };
type FileResult =
  | {
      name: string;
      ok: true;
      file: { name: string; format: string; runCount: number; runs: PreviewRun[]; warnings: string[]; duplicate?: { reason: string }; columns?: string[] };
    }
  | { name: string; ok: false; error: string; reason: string; where?: string; columns?: string[] };
interface HistoryRow {
  id: number;
  study: string | null;
  files: { name: string; format: string; runs: number }[];
  runCount: number;
  createdBy: string | null;
  createdAt: string;
  undoneAt: string | null;
}

const BATCH_FIELDS: { key: string; label: string; type?: string }[] = [
  { key: 'gpu_model', label: 'GPU model' },
  { key: 'gpu_count', label: 'GPU count', type: 'number' },
  { key: 'sm_clock_mhz', label: 'SM clock (MHz)', type: 'number' },
  { key: 'power_limit_w', label: 'Power cap (W)', type: 'number' },
  { key: 'tp', label: 'Tensor parallel (TP)', type: 'number' },
  { key: 'model', label: 'Model' },
  { key: 'engine', label: 'Engine' },
];

const fmtNum = (v: number | undefined, d = 3) => (v === undefined ? '—' : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(d));
/** Relative paths of files taken from a dropped folder (File.webkitRelativePath is read-only and empty there). */
const dropPaths = new WeakMap<File, string>();
const nameOf = (f: File) => dropPaths.get(f) || (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;

/**
 * Files of a drop: folders are walked recursively (DataTransferItem.webkitGetAsEntry), keeping
 * their relative paths so related files (MLPerf run_1/...) pair up. The entries must be taken
 * synchronously inside the drop event; reading them happens afterwards.
 */
function dropEntries(dt: DataTransfer): FileSystemEntry[] | null {
  const items = Array.from(dt.items ?? []).filter((i) => i.kind === 'file');
  const entries = items.map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  return entries.length && entries.every(Boolean) ? (entries as FileSystemEntry[]) : null;
}

async function filesOfEntries(entries: FileSystemEntry[]): Promise<File[]> {
  const out: File[] = [];
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (e.isFile) {
      const f = await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej));
      if (prefix) dropPaths.set(f, prefix + f.name);
      out.push(f);
    } else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      // readEntries returns the folder in batches (about 100 entries) until an empty one.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const c of batch) await walk(c, `${prefix}${e.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}

async function errorText(res: Response) {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `${res.status} ${res.statusText}`;
}

export function ImportClient({ formats }: { formats: Fmt[] }) {
  const [files, setFiles] = useState<File[]>([]);
  const [formatOf, setFormatOf] = useState<Record<string, string>>({});
  const [fields, setFields] = useState<Record<string, string>>({});
  const [study, setStudy] = useState('Imported');
  const [results, setResults] = useState<FileResult[] | null>(null);
  const [commitRuns, setCommitRuns] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryRow[]>([]);
  const [mapping, setMapping] = useState<ColumnMapping>({ columns: {} });
  const [drag, setDrag] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const loadHistory = useCallback(async () => {
    const res = await fetch('/api/imports');
    if (res.ok) setHistory(((await res.json()) as { imports: HistoryRow[] }).imports);
  }, []);
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  // Generic CSV/JSON files (by name, so entries inside a zip count too); their columns come from
  // the server's preview, which reads them wherever the file is.
  const genericNames = useMemo(() => Object.entries(formatOf).filter(([, v]) => v === 'generic').map(([k]) => k), [formatOf]);
  const columns = useMemo(() => {
    const cols = new Set<string>();
    for (const r of results ?? []) if (genericNames.includes(r.name)) for (const c of (r.ok ? r.file.columns : r.columns) ?? []) cols.add(c);
    return [...cols];
  }, [results, genericNames]);

  const form = useCallback(
    (dryRun: boolean) => {
      const fd = new FormData();
      for (const f of files) fd.append('files', f, nameOf(f));
      const overrides = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
      fd.append('overrides', JSON.stringify(overrides));
      const fm = Object.fromEntries(Object.entries(formatOf).filter(([, v]) => v && v !== 'auto'));
      if (Object.keys(fm).length) fd.append('formats', JSON.stringify(fm));
      if (genericNames.length && Object.keys(mapping.columns).length) fd.append('mapping', JSON.stringify(mapping));
      fd.append('study', study);
      if (dryRun) fd.append('dryRun', '1');
      return fd;
    },
    [files, fields, formatOf, genericNames, mapping, study],
  );

  const preview = useCallback(async () => {
    if (!files.length) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const res = await fetch('/api/imports', { method: 'POST', body: form(true) });
      if (!res.ok) {
        setResults(null);
        setError(await errorText(res));
        return;
      }
      const body = (await res.json()) as { files: FileResult[]; runCount: number };
      setResults(body.files);
      setCommitRuns(body.runCount);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, [files, form]);

  useEffect(() => {
    void preview();
    // Re-preview when the file set or a format choice changes; batch fields use the button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [files, formatOf]);

  const commit = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/imports', { method: 'POST', body: form(false) });
      if (!res.ok) {
        setError(await errorText(res));
        return;
      }
      const r = (await res.json()) as { inserted: number; duplicates: number; importId: number | null; skippedFiles: { name: string; reason: string }[] };
      setMessage(
        `Imported ${r.inserted} run(s)${r.importId ? ` as import #${r.importId}` : ''}.` +
          (r.duplicates ? ` ${r.duplicates} duplicate run(s) skipped.` : '') +
          (r.skippedFiles.length ? ` Skipped: ${r.skippedFiles.map((s) => `${s.name} (${s.reason})`).join('; ')}` : ''),
      );
      setFiles([]);
      setResults(null);
      setFormatOf({});
      if (inputRef.current) inputRef.current.value = '';
      await loadHistory();
    } finally {
      setBusy(false);
    }
  };

  const undo = async (id: number) => {
    const res = await fetch(`/api/imports/${id}/undo`, { method: 'POST' });
    if (!res.ok) setError(await errorText(res));
    else setMessage(`Import #${id} undone.`);
    await loadHistory();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDrag(false);
    const entries = dropEntries(e.dataTransfer);
    if (!entries) return addFiles(e.dataTransfer.files);
    void filesOfEntries(entries).then(addFiles, (err: unknown) => setError(`could not read the dropped folder: ${(err as Error).message}`));
  };

  const addFiles = (list: FileList | File[] | null) => {
    if (!list) return;
    const arr = Array.from(list).filter((f) => !f.name.endsWith('.source.txt') && !f.name.startsWith('.'));
    setFiles((prev) => {
      const seen = new Set(prev.map(nameOf));
      return [...prev, ...arr.filter((f) => !seen.has(nameOf(f)))];
    });
  };

  const failing = results?.filter((r) => !r.ok) ?? [];
  const runCount = results ? commitRuns : 0;

  return (
    <div className="stack">
      <div
        className="card stack"
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDrag(true);
        }}
        onDragLeave={() => setDrag(false)}
        onDrop={onDrop}
        style={{ borderStyle: 'dashed', borderWidth: 2, background: drag ? 'rgba(0,120,255,0.06)' : undefined }}
      >
        <strong>Drop files, a folder or a .zip here</strong>
        <div className="toolbar">
          <label className="field">
            Files
            <input ref={inputRef} type="file" multiple data-testid="import-files" onChange={(e) => addFiles(e.target.files)} />
          </label>
          <label className="field">
            Folder
            <input type="file" multiple {...({ webkitdirectory: '' } as Record<string, string>)} onChange={(e) => addFiles(e.target.files)} />
          </label>
          {files.length > 0 && (
            <button type="button" className="btn btn-small" onClick={() => { setFiles([]); setResults(null); setFormatOf({}); if (inputRef.current) inputRef.current.value = ''; }}>
              Clear
            </button>
          )}
        </div>
      </div>

      <div className="card stack">
        <h2>Batch fields</h2>
        <p className="muted">Filled in only for runs whose files lack them (e.g. GPU model is &quot;unknown&quot;).</p>
        <div className="toolbar">
          <label className="field">
            Study
            <input value={study} onChange={(e) => setStudy(e.target.value)} />
          </label>
          {BATCH_FIELDS.map((f) => (
            <label key={f.key} className="field">
              {f.label}
              <input type={f.type ?? 'text'} value={fields[f.key] ?? ''} onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })} />
            </label>
          ))}
        </div>
        <div className="toolbar">
          <button type="button" className="btn" disabled={!files.length || busy} onClick={() => void preview()}>
            Update preview
          </button>
          <button type="button" className="btn btn-primary" disabled={!files.length || busy || !results || failing.length > 0} onClick={() => void commit()}>
            Commit import ({runCount} runs)
          </button>
          {busy && <span className="muted">working…</span>}
        </div>
        {failing.length > 0 && <p className="error">{failing.length} file(s) cannot be imported; remove or fix them to commit. Nothing is written.</p>}
      </div>

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {message && <p className="banner" role="status">{message}</p>}

      {genericNames.length > 0 && (
        <div className="card stack">
          <h2>Column mapping for {genericNames.join(', ')}</h2>
          <MappingEditor columns={columns} value={mapping} onChange={setMapping} onError={setError} />
          <div className="toolbar">
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void preview()}>
              Apply mapping
            </button>
          </div>
        </div>
      )}

      {results?.map((r) => (
        <div key={r.name} className="card stack" data-testid="import-file">
          <div className="toolbar">
            <strong>{r.name}</strong>
            {r.ok ? <span className="badge badge-ok">{r.file.format}</span> : <span className="badge badge-bad">error</span>}
            {r.ok && <span className="muted">{r.file.runCount} run(s)</span>}
            <label className="field">
              Format
              <select aria-label={`format for ${r.name}`} value={formatOf[r.name] ?? 'auto'} onChange={(e) => setFormatOf({ ...formatOf, [r.name]: e.target.value })}>
                <option value="auto">auto-detect</option>
                {formats.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.id}: {f.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {!r.ok && <p className="error" data-testid="file-error">{r.error}</p>}
          {r.ok && r.file.duplicate && (
            <p className="warn" data-testid="file-duplicate">
              Will be skipped: {r.file.duplicate.reason}
            </p>
          )}
          {r.ok && r.file.warnings.length > 0 && (
            <ul className="warn">
              {r.file.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {r.ok && r.file.runs.length > 0 && (
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
          )}
        </div>
      ))}

      <div className="card stack">
        <h2>Import history</h2>
        {history.length === 0 ? (
          <p className="muted">No imports yet.</p>
        ) : (
          <table className="table" data-testid="import-history">
            <thead>
              <tr>
                <th>#</th>
                <th>When</th>
                <th>Study</th>
                <th>Files</th>
                <th>Runs</th>
                <th>By</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{h.id}</td>
                  <td>{h.createdAt.replace('T', ' ').slice(0, 19)}</td>
                  <td>{h.study ?? '—'}</td>
                  <td>{h.files.map((f) => `${f.name} (${f.format})`).join(', ')}</td>
                  <td>{h.runCount}</td>
                  <td>{h.createdBy ?? '—'}</td>
                  <td>
                    {h.undoneAt ? (
                      <span className="muted">undone</span>
                    ) : (
                      <button type="button" className="btn btn-small btn-danger" onClick={() => void undo(h.id)}>
                        Undo
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
