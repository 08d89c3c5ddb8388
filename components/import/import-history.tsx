'use client';
/** Import batches, newest first, with Undo. */
import type { HistoryRow } from './types';
import { fmtDateTime } from '@/lib/format';

export function ImportHistory({ history, onUndo }: { history: HistoryRow[]; onUndo: (id: number) => void }) {
  return (
    <div className="card stack">
      <h2>Import history</h2>
      {history.length === 0 ? (
        <p className="muted">No imports yet.</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Import history">
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
                  <td>{fmtDateTime(h.createdAt)}</td>
                  <td>{h.study ?? '—'}</td>
                  <td className="break-anywhere" style={{ maxWidth: '40ch', whiteSpace: 'normal' }}>
                    {h.files.map((f) => `${f.name} (${f.format})`).join(', ')}
                  </td>
                  <td>{h.runCount}</td>
                  <td>{h.createdBy ?? '—'}</td>
                  <td>
                    {h.undoneAt ? (
                      <span className="muted">undone</span>
                    ) : (
                      <button type="button" className="btn btn-small btn-danger" onClick={() => onUndo(h.id)}>
                        Undo
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
