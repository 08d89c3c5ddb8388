'use client';
/**
 * Upload page: drop files / a folder / a .zip, preview (dry run on the server: detected format,
 * runs, notes graded by severity, refused files with their reason, duplicates, what will not
 * plot), fill batch fields, map generic CSV/JSON columns, commit in one transaction (all files, or
 * only the valid ones), and see the import history with Undo. State and requests: ./use-import.
 */
import { BatchFields, CommitButtons } from './batch-fields';
import { CommitResult } from './commit-result';
import { Dropzone } from './dropzone';
import { FileResultCard } from './file-result';
import { ImportHistory } from './import-history';
import { MappingEditor } from './mapping-editor';
import { Note, PlotSummary } from './notes';
import type { Fmt } from './types';
import { UploadProgress } from './upload-progress';
import { useImport, useImportHistory } from './use-import';

export function ImportClient({ formats }: { formats: Fmt[] }) {
  const im = useImport();
  const history = useImportHistory();
  return (
    <div className="stack">
      <Dropzone hasFiles={im.files.length > 0} onFiles={im.addFiles} onClear={im.clear} onError={im.setError} />

      <div className="card stack">
        <BatchFields study={im.study} onStudy={im.setStudy} fields={im.fields} onField={im.setField} />
        <CommitButtons
          hasFiles={im.files.length > 0}
          busy={im.busy}
          previewed={!!im.results}
          runCount={im.runCount}
          valid={im.valid.length}
          failing={im.failing.length}
          onPreview={() => void im.preview()}
          onCommit={(mode) => void im.commit(mode)}
        />
        {im.busy && !im.upload && <span className="muted">working…</span>}
        {im.upload && <UploadProgress state={im.upload} label={im.results ? 'Import progress' : 'Preview progress'} />}
        {im.failing.length > 0 && (
          <Note severity="error" testid="refused-summary">
            {im.failing.length} file{im.failing.length === 1 ? '' : 's'} cannot be imported (reasons below). Fix or
            remove {im.failing.length === 1 ? 'it' : 'them'}, or import only the valid files; nothing is written until
            you commit.
          </Note>
        )}
        {im.results && <PlotSummary results={im.results} />}
      </div>

      {im.error && (
        <Note severity="error" role="alert">
          {im.error}
        </Note>
      )}
      {im.committed && <CommitResult r={im.committed} />}
      {im.notice && (
        <Note severity="info" role="status">
          {im.notice}
        </Note>
      )}

      {im.genericNames.length > 0 && (
        <div className="card stack">
          <h2 className="break-anywhere">Column mapping for {im.genericNames.join(', ')}</h2>
          <MappingEditor columns={im.columns} value={im.mapping} onChange={im.setMapping} onError={im.setError} />
          <div className="toolbar">
            <button type="button" className="btn btn-small" disabled={im.busy} onClick={() => void im.preview()}>
              Apply mapping
            </button>
          </div>
        </div>
      )}

      {im.results?.map((r) => (
        <FileResultCard
          key={r.name}
          r={r}
          formats={formats}
          format={im.formatOf[r.name] ?? 'auto'}
          onFormat={(v) => im.setFormat(r.name, v)}
        />
      ))}

      <ImportHistory history={history.data ?? []} onUndo={(id) => void im.undo(id)} />
    </div>
  );
}
