'use client';
import { useCallback, useEffect, useState } from 'react';
import { api } from './client-api';

interface Link { id: number; createdAt: string; expiresAt: string | null; revokedAt: string | null; lastOpenedAt: string | null; openCount: number; status: string }
const when = (s: string | null) => (s ? new Date(s).toLocaleString() : '—');

/** Owner's panel: create share links (shown once), see when each was last opened, revoke. */
export function ShareLinks({ reportId }: { reportId: number }) {
  const [links, setLinks] = useState<Link[]>([]);
  const [url, setUrl] = useState<string | null>(null);
  const [days, setDays] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setLinks((await api<{ links: Link[] }>(`/api/reports/${reportId}/links`)).links);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [reportId]);
  useEffect(() => void refresh(), [refresh]);

  const create = async () => {
    setError(null);
    try {
      const n = Number(days);
      const expiresAt = days && n > 0 ? new Date(Date.now() + n * 86_400_000).toISOString() : undefined;
      const r = await api<{ url: string }>(`/api/reports/${reportId}/links`, { method: 'POST', body: JSON.stringify(expiresAt ? { expiresAt } : {}) });
      setUrl(r.url);
      setCopied(false);
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const revoke = async (id: number) => {
    try {
      await api(`/api/reports/${reportId}/links/${id}`, { method: 'DELETE' });
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="card no-print" data-testid="share-links">
      <h2>Share</h2>
      <p className="muted">Anyone with a link can read this report (and only this report) without an account. Links can expire and be revoked.</p>
      <div className="toolbar">
        <label className="field">
          Expires in days (empty: never)
          <input type="number" min={1} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="button" className="btn btn-primary" onClick={() => void create()}>Create share link</button>
      </div>
      {url && (
        <p className="banner">
          Share link (shown once; copy it now): <code data-testid="share-url">{url}</code>{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false));
            }}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      <table className="table">
        <thead><tr><th>Link</th><th>Created</th><th>Expires</th><th>Last opened</th><th className="num">Opens</th><th>Status</th><th /></tr></thead>
        <tbody>
          {links.map((l) => (
            <tr key={l.id} data-testid="share-link-row">
              <td>#{l.id}</td><td>{when(l.createdAt)}</td><td>{when(l.expiresAt)}</td><td>{when(l.lastOpenedAt)}</td><td className="num">{l.openCount}</td>
              <td><span className={`badge ${l.status === 'active' ? 'badge-ok' : 'badge-bad'}`}>{l.status}</span></td>
              <td>{l.status === 'active' && <button type="button" className="btn btn-small btn-danger" onClick={() => void revoke(l.id)}>Revoke</button>}</td>
            </tr>
          ))}
          {!links.length && <tr><td colSpan={7} className="muted">No share links yet.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
