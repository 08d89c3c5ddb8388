'use client';
/**
 * Upload a request trace (Azure `TIMESTAMP,ContextTokens,GeneratedTokens` or
 * `atS,inputTokens,outputTokens` CSV) to POST /api/workloads, then open the new workload. The
 * server parses the whole file first: a refusal names the line and column, and nothing is stored.
 */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { apiErrorOf } from '@/lib/client/api';

export function WorkloadUploadForm() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const fd = new FormData(e.currentTarget);
    const file = fd.get('file');
    if (!(file instanceof File) || !file.size) return setError('Choose a trace file (CSV).');
    setBusy(true);
    try {
      // Multipart (the file), so not apiFetch (JSON only); errors are read the same way.
      const res = await fetch('/api/workloads', { method: 'POST', body: fd, cache: 'no-store' });
      if (!res.ok) return setError((await apiErrorOf(res)).message);
      const { ref } = (await res.json()) as { ref: string };
      router.push(`/workloads/${encodeURIComponent(ref)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} data-testid="workload-upload">
      <div className="row">
        <label className="field">
          Trace file (CSV)
          <input name="file" type="file" accept=".csv,text/csv" required />
        </label>
        <label className="field">
          Name (optional)
          <input name="name" type="text" maxLength={200} />
        </label>
      </div>
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload trace'}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
