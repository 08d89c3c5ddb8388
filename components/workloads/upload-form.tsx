'use client';
/**
 * Upload a request trace (Azure `TIMESTAMP,ContextTokens,GeneratedTokens` or
 * `atS,inputTokens,outputTokens` CSV) to POST /api/workloads, then open the new workload. The
 * server parses the whole file first: a refusal names the line and column, and nothing is stored.
 */
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

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
      const res = await fetch('/api/workloads', { method: 'POST', body: fd });
      const body = (await res.json().catch(() => null)) as { ref?: string; error?: { message?: string } } | null;
      if (!res.ok || !body?.ref) return setError(body?.error?.message ?? `${res.status} ${res.statusText}`);
      router.push(`/workloads/${encodeURIComponent(body.ref)}`);
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
