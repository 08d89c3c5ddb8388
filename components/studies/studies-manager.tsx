'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { apiFetch, errorMessage, type ApiInit } from '@/lib/client/api';
import { fmtDate } from '@/lib/format';

export interface StudyItem {
  id: number;
  name: string;
  description: string | null;
  runCount: number;
  isDemo: boolean;
  attribution: Record<string, string> | null;
  createdAt: string;
}

/** The call's error message, or null when it succeeded. */
async function call(url: string, method: ApiInit['method'], json?: unknown): Promise<string | null> {
  try {
    await apiFetch(url, { method, json });
    return null;
  } catch (e) {
    return errorMessage(e);
  }
}

/** Create, rename and delete (with confirmation) studies. */
/** `canWrite` false (logged out, viewer): the list with Explore links only; the page says how to get in. */
export function StudiesManager({ studies, canWrite = true }: { studies: StudyItem[]; canWrite?: boolean }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    const err = await call('/api/studies', 'POST', { name });
    setError(err);
    if (!err) {
      setName('');
      router.refresh();
    }
  };
  return (
    <>
      {canWrite && (
        <form className="card row" onSubmit={create} aria-label="Create study">
          <label className="field" style={{ flex: 1 }}>
            New study name
            <input
              aria-label="new study name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Llama-3.1-70B frequency sweep, H100"
            />
          </label>
          <button className="btn btn-primary" type="submit" disabled={!name.trim()}>
            Create study
          </button>
          {error && (
            <span className="error" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
      <table className="table" data-testid="studies-table">
        <thead>
          <tr>
            <th>study</th>
            <th className="num">runs</th>
            <th>created</th>
            <th>actions</th>
          </tr>
        </thead>
        <tbody>
          {studies.map((s) => (
            <StudyRow key={s.id} s={s} canWrite={canWrite} onChange={() => router.refresh()} />
          ))}
          {studies.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No studies yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

function StudyRow({ s, canWrite, onChange }: { s: StudyItem; canWrite: boolean; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(s.name);
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const rename = async () => {
    const err = await call(`/api/studies/${s.id}`, 'PATCH', { name });
    setError(err);
    if (!err) {
      setEditing(false);
      onChange();
    }
  };
  const remove = async () => {
    const err = await call(`/api/studies/${s.id}`, 'DELETE');
    setError(err);
    dialog.current?.close();
    if (!err) onChange();
  };
  return (
    <tr data-study-id={s.id}>
      <td>
        {editing ? (
          <span className="row">
            <input
              className="input"
              aria-label="study name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && rename()}
            />
            <button className="btn btn-small btn-primary" onClick={rename}>
              Save
            </button>
            <button className="btn btn-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <>
            <Link href={`/runs?study=${s.id}`}>{s.name}</Link> {s.isDemo && <span className="badge">demo</span>}
            {s.attribution?.repo && (
              <div className="muted">
                Source: {s.attribution.source} ·{' '}
                <a href={s.attribution.repo}>{s.attribution.repo.replace('https://github.com/', '')}</a>
                {s.attribution.commit && <> @ {s.attribution.commit.slice(0, 7)}</>}
              </div>
            )}
          </>
        )}
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
      </td>
      <td className="num">{s.runCount.toLocaleString('en-US')}</td>
      <td>{fmtDate(s.createdAt)}</td>
      <td className="row">
        <Link className="btn btn-small" href={`/explore?study=${s.id}`}>
          Explore
        </Link>
        {canWrite && (
          <>
            <button className="btn btn-small" onClick={() => setEditing(true)}>
              Rename
            </button>
            <button className="btn btn-small btn-danger" onClick={() => dialog.current?.showModal()}>
              Delete
            </button>
            <dialog ref={dialog} aria-label={`Delete study ${s.name}`}>
              <h3>Delete “{s.name}”?</h3>
              <p>
                This deletes the study and its <strong>{s.runCount.toLocaleString('en-US')}</strong> runs. Other studies
                are not touched. Reports keep their frozen copies. This cannot be undone.
              </p>
              <div className="row">
                <button className="btn btn-danger" onClick={remove}>
                  Delete study and runs
                </button>
                <button className="btn" onClick={() => dialog.current?.close()}>
                  Cancel
                </button>
              </div>
            </dialog>
          </>
        )}
      </td>
    </tr>
  );
}
