'use client';
/**
 * Edit a report's title and notes (owner or admin). Only the words change: the frozen runs,
 * view and headline stay as they were when the report was created.
 */
import { useState, type FormEvent } from 'react';
import { apiFetch, errorMessage } from '@/lib/client/api';

export function EditReport({ id, title, notes }: { id: number; title: string; notes: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/reports/${id}`, {
        method: 'PATCH',
        json: { title: String(f.get('title') ?? ''), notes: String(f.get('notes') ?? '') },
      });
      window.location.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="card no-print" data-testid="edit-report">
      <summary>Edit title and notes</summary>
      <form className="stack" onSubmit={save} style={{ marginTop: 8 }}>
        <label className="field">
          Title
          <input name="title" defaultValue={title} required maxLength={200} />
        </label>
        <label className="field">
          Notes (markdown)
          <textarea name="notes" defaultValue={notes} rows={8} maxLength={100_000} />
        </label>
        <p className="muted">The data stays frozen; only the title and notes change.</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </details>
  );
}
