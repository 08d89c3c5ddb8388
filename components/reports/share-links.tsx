'use client';
/**
 * Owner's share panel, at the top of the report: create a link (it is copied at once), copy any
 * active link again later (the server re-derives it, lib/reports/share-token.ts), see when each
 * was last opened, revoke.
 */
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fmtDateTime } from '@/lib/reports/words';
import { apiFetch, errorMessage } from '@/lib/client/api';
import { queryKeys, reportLinksQuery } from '@/lib/client/queries';
import s from './report.module.css';

interface Link {
  id: number;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastOpenedAt: string | null;
  openCount: number;
  status: string;
  url: string | null;
}

function CopyButton({ url, label = 'Copy link' }: { url: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={() =>
        void navigator.clipboard?.writeText(url).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

export function ShareLinks({ reportId }: { reportId: number }) {
  const queryClient = useQueryClient();
  const list = useQuery(reportLinksQuery<{ links: Link[] }>(reportId));
  const links = list.data?.links ?? [];
  const [days, setDays] = useState('');
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? (list.error ? errorMessage(list.error) : null);
  const [fresh, setFresh] = useState<number | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.reportLinks(reportId) });

  const create = async () => {
    setError(null);
    try {
      const n = Number(days);
      const expiresAt = days && n > 0 ? new Date(Date.now() + n * 86_400_000).toISOString() : undefined;
      const r = await apiFetch<{ id: number; url: string }>(`/api/reports/${reportId}/links`, {
        json: expiresAt ? { expiresAt } : {},
      });
      setFresh(r.id);
      void navigator.clipboard?.writeText(r.url).catch(() => undefined);
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const revoke = async (id: number) => {
    try {
      await apiFetch(`/api/reports/${reportId}/links/${id}`, { method: 'DELETE' });
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const active = links.filter((l) => l.status === 'active');
  return (
    <details className={`${s.section} no-print`} data-testid="share-links">
      <summary style={{ cursor: 'pointer', fontWeight: 600 }}>
        Share ({active.length} active link{active.length === 1 ? '' : 's'})
      </summary>
      <p className={s.meta}>
        Anyone with a link can read this report (and only this report) without an account. You can copy an active link
        again at any time, let it expire, or revoke it.
      </p>
      <div className={s.actions}>
        <label className="field">
          Expires in days (empty: never)
          <input
            type="number"
            min={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            style={{ width: '8rem' }}
          />
        </label>
        <button type="button" className="btn btn-primary" onClick={() => void create()}>
          Create share link
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className={s.tableWrap}>
        <table className={s.table}>
          <thead>
            <tr>
              <th>Link</th>
              <th>Created</th>
              <th>Expires</th>
              <th>Last opened</th>
              <th className={s.num}>Opens</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {links.map((l) => (
              <tr key={l.id} data-testid="share-link-row">
                <td className={s.wrap} style={{ maxWidth: '22rem' }}>
                  #{l.id}
                  {l.id === fresh ? ' (new)' : ''}{' '}
                  {l.url ? (
                    <code data-testid="share-url">{l.url}</code>
                  ) : l.status === 'active' ? (
                    <span className={s.meta}>made before links could be shown again: create a new one</span>
                  ) : null}
                </td>
                <td>{fmtDateTime(l.createdAt)}</td>
                <td>{fmtDateTime(l.expiresAt)}</td>
                <td>{fmtDateTime(l.lastOpenedAt)}</td>
                <td className={s.num} data-testid="link-opens">
                  {l.openCount}
                </td>
                <td>
                  <span className={`badge ${l.status === 'active' ? 'badge-ok' : 'badge-bad'}`}>{l.status}</span>
                </td>
                <td style={{ display: 'flex', gap: '0.3rem' }}>
                  {l.url && <CopyButton url={l.url} />}
                  {l.status === 'active' && (
                    <button type="button" className="btn btn-small btn-danger" onClick={() => void revoke(l.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {!links.length && (
              <tr>
                <td colSpan={7} className={s.meta}>
                  No share links yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
