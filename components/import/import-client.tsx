'use client';
/**
 * Upload page: drop files / a folder / a .zip, preview (dry run on the server: detected format,
 * runs, warnings, refused files with their reason, duplicate notes per file), fill batch fields,
 * map generic CSV/JSON columns (saved mappings on the server), commit in one transaction (all
 * files, or only the valid ones when some are refused), and see the import history with Undo.
 * Uploads show their progress (bytes, rate, time left), then the server's parse phase.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { ColumnMapping } from '@/lib/importers/types';
import { dropEntries, filesOfEntries, nameOf } from './drop';
import { FileResultCard } from './file-result';
import { ImportHistory } from './import-history';
import { MappingEditor } from './mapping-editor';
import type { CommitResponse, FileResult, Fmt, HistoryRow } from './types';
import { postImport, type UploadPhase } from './upload';
import { UploadProgress } from './upload-progress';

const BATCH_FIELDS: { key: string; label: string; type?: string }[] = [
  { key: 'gpu_model', label: 'GPU model' },
  { key: 'gpu_count', label: 'GPU count', type: 'number' },
  { key: 'sm_clock_mhz', label: 'SM clock (MHz)', type: 'number' },
  { key: 'power_limit_w', label: 'Power cap (W)', type: 'number' },
  { key: 'tp', label: 'Tensor parallel (TP)', type: 'number' },
  { key: 'model', label: 'Model' },
  { key: 'engine', label: 'Engine' },
];

async function errorText(res: Response) {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `${res.status} ${res.statusText}`;
}

function commitMessage(r: CommitResponse): string {
  return (
    `Imported ${r.inserted} run(s)${r.importId ? ` as import #${r.importId}` : ''}.` +
    (r.duplicates ? ` ${r.duplicates} duplicate run(s) skipped.` : '') +
    (r.skippedFiles.length ? ` Skipped: ${r.skippedFiles.map((s) => `${s.name} (${s.reason})`).join('; ')}.` : '') +
    (r.refused?.length ? ` Not imported: ${r.refused.map((s) => `${s.name} (${s.reason})`).join('; ')}.` : '')
  );
}

export function ImportClient({ formats }: { formats: Fmt[] }) {
  const [files, setFiles] = useState<File[]>([]);
  const [formatOf, setFormatOf] = useState<Record<string, string>>({});
  const [fields, setFields] = useState<Record<string, string>>({});
  const [study, setStudy] = useState('Imported');
  const [results, setResults] = useState<FileResult[] | null>(null);
  const [commitRuns, setCommitRuns] = useState(0);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<UploadPhase | null>(null);
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
  const genericNames = useMemo(
    () =>
      Object.entries(formatOf)
        .filter(([, v]) => v === 'generic')
        .map(([k]) => k),
    [formatOf],
  );
  const columns = useMemo(() => {
    const cols = new Set<string>();
    for (const r of results ?? [])
      if (genericNames.includes(r.name)) for (const c of (r.ok ? r.file.columns : r.columns) ?? []) cols.add(c);
    return [...cols];
  }, [results, genericNames]);

  const form = useCallback(
    (mode: 'preview' | 'commit' | 'commit-valid') => {
      const fd = new FormData();
      for (const f of files) fd.append('files', f, nameOf(f));
      const overrides = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
      fd.append('overrides', JSON.stringify(overrides));
      const fm = Object.fromEntries(Object.entries(formatOf).filter(([, v]) => v && v !== 'auto'));
      if (Object.keys(fm).length) fd.append('formats', JSON.stringify(fm));
      if (genericNames.length && Object.keys(mapping.columns).length) fd.append('mapping', JSON.stringify(mapping));
      fd.append('study', study);
      if (mode === 'preview') fd.append('dryRun', '1');
      if (mode === 'commit-valid') fd.append('skipInvalid', '1');
      return fd;
    },
    [files, fields, formatOf, genericNames, mapping, study],
  );

  /** One request with upload progress; the progress bar goes away when the answer is in. */
  const send = useCallback(async <T,>(fd: FormData) => {
    try {
      return await postImport<T>(fd, setUpload);
    } finally {
      setUpload(null);
    }
  }, []);

  const preview = useCallback(async () => {
    if (!files.length) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const res = await send<{ files: FileResult[]; runCount: number }>(form('preview'));
      if (!res.ok || !res.body) {
        setResults(null);
        setError(res.error ?? 'preview failed');
        return;
      }
      setResults(res.body.files);
      setCommitRuns(res.body.runCount);
    } finally {
      setBusy(false);
    }
  }, [files, form, send]);

  useEffect(() => {
    void preview();
    // Re-preview when the file set or a format choice changes; batch fields use the button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [files, formatOf]);

  const clear = () => {
    setFiles([]);
    setResults(null);
    setFormatOf({});
    if (inputRef.current) inputRef.current.value = '';
  };

  const commit = async (mode: 'commit' | 'commit-valid') => {
    setBusy(true);
    setError(null);
    try {
      const res = await send<CommitResponse>(form(mode));
      if (!res.ok || !res.body) {
        setError(res.error ?? 'import failed');
        return;
      }
      setMessage(commitMessage(res.body));
      clear();
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

  const addFiles = (list: FileList | File[] | null) => {
    if (!list) return;
    const arr = Array.from(list).filter((f) => !f.name.endsWith('.source.txt') && !f.name.startsWith('.'));
    setFiles((prev) => {
      const seen = new Set(prev.map(nameOf));
      return [...prev, ...arr.filter((f) => !seen.has(nameOf(f)))];
    });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDrag(false);
    const entries = dropEntries(e.dataTransfer);
    if (!entries) return addFiles(e.dataTransfer.files);
    void filesOfEntries(entries).then(addFiles, (err: unknown) =>
      setError(`could not read the dropped folder: ${(err as Error).message}`),
    );
  };

  const failing = results?.filter((r) => !r.ok) ?? [];
  const valid = results?.filter((r) => r.ok) ?? [];
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
            <input
              ref={inputRef}
              type="file"
              multiple
              data-testid="import-files"
              onChange={(e) => addFiles(e.target.files)}
            />
          </label>
          <label className="field">
            Folder
            <input
              type="file"
              multiple
              {...({ webkitdirectory: '' } as Record<string, string>)}
              onChange={(e) => addFiles(e.target.files)}
            />
          </label>
          {files.length > 0 && (
            <button type="button" className="btn btn-small" onClick={clear}>
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
              <input
                type={f.type ?? 'text'}
                value={fields[f.key] ?? ''}
                onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })}
              />
            </label>
          ))}
        </div>
        <div className="toolbar">
          <button type="button" className="btn" disabled={!files.length || busy} onClick={() => void preview()}>
            Update preview
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!files.length || busy || !results || failing.length > 0}
            onClick={() => void commit('commit')}
          >
            Commit import ({runCount} runs)
          </button>
          {failing.length > 0 && valid.length > 0 && (
            <button
              type="button"
              className="btn"
              data-testid="commit-valid"
              disabled={busy}
              onClick={() => void commit('commit-valid')}
            >
              Import the {valid.length} valid file(s) ({runCount} runs), leave out {failing.length}
            </button>
          )}
          {busy && !upload && <span className="muted">working…</span>}
        </div>
        {upload && <UploadProgress state={upload} label={results ? 'Import progress' : 'Preview progress'} />}
        {failing.length > 0 && (
          <p className="error" data-testid="refused-summary">
            {failing.length} file(s) cannot be imported (reasons below). Fix or remove them, or import only the valid
            files; nothing is written until you commit.
          </p>
        )}
      </div>

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {message && (
        <p className="banner" role="status">
          {message}
        </p>
      )}

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
        <FileResultCard
          key={r.name}
          r={r}
          formats={formats}
          format={formatOf[r.name] ?? 'auto'}
          onFormat={(v) => setFormatOf({ ...formatOf, [r.name]: v })}
        />
      ))}

      <ImportHistory history={history} onUndo={(id) => void undo(id)} />
    </div>
  );
}
