'use client';
import { useRef, useState } from 'react';
import { apiFetch, errorMessage } from '@/lib/client/api';
import type { StudyOption } from './run-filters';

/** "Move to study" for the selected runs. */
export function MoveRunsDialog({
  ids,
  studies,
  onDone,
}: {
  ids: number[];
  studies: StudyOption[];
  onDone: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const move = async () => {
    setError(null);
    try {
      await apiFetch('/api/runs/move', { json: { ids, studyId: Number(target) } });
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    ref.current?.close();
    onDone();
  };
  return (
    <>
      <button className="btn btn-small" onClick={() => ref.current?.showModal()}>
        Move to study…
      </button>
      <dialog ref={ref} aria-label="Move runs">
        <h3>Move {ids.length} runs</h3>
        <label className="field">
          to study
          <select aria-label="target study" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">choose…</option>
            {studies.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {error && <p className="error">{error}</p>}
        <div className="row" style={{ marginTop: '1rem' }}>
          <button className="btn btn-primary" disabled={!target} onClick={move}>
            Move
          </button>
          <button className="btn" onClick={() => ref.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
