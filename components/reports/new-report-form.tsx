'use client';
import { useState, type FormEvent } from 'react';
import { api } from './client-api';

export function NewReportForm({ query, runIds, defaultTitle }: { query: string; runIds: number[] | null; defaultTitle: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ id: number }>('/api/reports', {
        method: 'POST',
        body: JSON.stringify({ title: f.get('title'), notes: f.get('notes'), query, ...(runIds ? { runIds } : {}) }),
      });
      window.location.assign(`/reports/${r.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={submit}>
      <label className="field">
        Title
        <input name="title" required maxLength={200} defaultValue={defaultTitle} />
      </label>
      <label className="field">
        Notes (markdown: **bold**, lists, links; HTML is not rendered)
        <textarea name="notes" rows={8} maxLength={100000} placeholder="What was measured, what you recommend, caveats..." />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy}>Create report (freeze the data)</button>
      </div>
    </form>
  );
}
