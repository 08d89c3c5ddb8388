'use client';
/** Where files come in: drop files, a folder or a .zip, or pick files / a folder. */
import { useState, type DragEvent } from 'react';
import { dropEntries, filesOfEntries } from './drop';

export function Dropzone({
  hasFiles,
  onFiles,
  onClear,
  onError,
}: {
  hasFiles: boolean;
  onFiles: (files: FileList | File[] | null) => void;
  onClear: () => void;
  onError: (message: string) => void;
}) {
  const [drag, setDrag] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDrag(false);
    const entries = dropEntries(e.dataTransfer);
    if (!entries) return onFiles(e.dataTransfer.files);
    void filesOfEntries(entries).then(onFiles, (err: unknown) =>
      onError(`could not read the dropped folder: ${(err as Error).message}`),
    );
  };
  // The input is emptied once read, so choosing the same file again (after Clear) is a change.
  const pick = (e: React.ChangeEvent<HTMLInputElement>) => {
    onFiles(Array.from(e.target.files ?? []));
    e.target.value = '';
  };
  return (
    <div
      className="card stack"
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setDrag(true);
      }}
      onDragLeave={() => setDrag(false)}
      onDrop={onDrop}
      style={{ borderStyle: 'dashed', borderWidth: 2, background: drag ? 'var(--info-bg)' : undefined }}
    >
      <strong>Drop files, a folder or a .zip here</strong>
      <div className="toolbar">
        <label className="field">
          Files
          <input type="file" multiple data-testid="import-files" onChange={pick} />
        </label>
        <label className="field">
          Folder
          <input type="file" multiple {...({ webkitdirectory: '' } as Record<string, string>)} onChange={pick} />
        </label>
        {hasFiles && (
          <button type="button" className="btn btn-small" onClick={onClear}>
            Clear
          </button>
        )}
      </div>
    </div>
  );
}
