'use client';
import { useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/client/api';

/** Duplicate / delete buttons for a report (list rows and the report page). */
export function ReportActions({
  id,
  title,
  canDelete,
  afterDelete = '/reports',
}: {
  id: number;
  title: string;
  canDelete: boolean;
  afterDelete?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="row no-print" style={{ gap: '0.4rem' }}>
      <button
        type="button"
        className="btn btn-small"
        onClick={async () => {
          try {
            const r = await apiFetch<{ id: number }>(`/api/reports/${id}/duplicate`, { method: 'POST' });
            window.location.assign(`/reports/${r.id}`);
          } catch (e) {
            setError(errorMessage(e));
          }
        }}
      >
        Duplicate
      </button>
      {canDelete && (
        <button
          type="button"
          className="btn btn-small btn-danger"
          onClick={async () => {
            if (!window.confirm(`Delete the report "${title}" and its share links?`)) return;
            try {
              await apiFetch(`/api/reports/${id}`, { method: 'DELETE' });
              window.location.assign(afterDelete);
            } catch (e) {
              setError(errorMessage(e));
            }
          }}
        >
          Delete
        </button>
      )}
      {error && <span className="error">{error}</span>}
    </span>
  );
}
