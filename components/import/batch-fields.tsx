'use client';
/**
 * Target study and the batch fields (filled in only for runs whose files lack them), with the
 * preview and commit buttons. Knob fields are labelled from the knob catalogue.
 */
import { KNOB_BY_KEY, knobFieldLabel } from '@/lib/knobs/catalogue';
import type { CommitMode } from './use-import';

const knob = (key: string) => knobFieldLabel(KNOB_BY_KEY.get(key)!);
const BATCH_FIELDS: { key: string; label: string; type?: string }[] = [
  { key: 'gpu_model', label: 'GPU model' },
  { key: 'gpu_count', label: 'GPU count', type: 'number' },
  { key: 'sm_clock_mhz', label: knob('sm_clock_mhz'), type: 'number' },
  { key: 'power_limit_w', label: knob('power_limit_w'), type: 'number' },
  { key: 'tp', label: knob('tp'), type: 'number' },
  { key: 'model', label: 'Model' },
  { key: 'engine', label: 'Engine' },
];

export function BatchFields({
  study,
  onStudy,
  fields,
  onField,
}: {
  study: string;
  onStudy: (s: string) => void;
  fields: Record<string, string>;
  onField: (key: string, v: string) => void;
}) {
  return (
    <>
      <h2>Batch fields</h2>
      <p className="muted">Filled in only for runs whose files lack them (e.g. GPU model is &quot;unknown&quot;).</p>
      <div className="toolbar">
        <label className="field">
          Study
          <input value={study} onChange={(e) => onStudy(e.target.value)} />
        </label>
        {BATCH_FIELDS.map((f) => (
          <label key={f.key} className="field">
            {f.label}
            <input
              type={f.type ?? 'text'}
              value={fields[f.key] ?? ''}
              onChange={(e) => onField(f.key, e.target.value)}
            />
          </label>
        ))}
      </div>
    </>
  );
}

export function CommitButtons({
  hasFiles,
  busy,
  previewed,
  runCount,
  valid,
  failing,
  onPreview,
  onCommit,
}: {
  hasFiles: boolean;
  busy: boolean;
  previewed: boolean;
  runCount: number;
  valid: number;
  failing: number;
  onPreview: () => void;
  onCommit: (mode: CommitMode) => void;
}) {
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  return (
    <div className="toolbar">
      <button type="button" className="btn" disabled={!hasFiles || busy} onClick={onPreview}>
        Update preview
      </button>
      <button
        type="button"
        className="btn btn-primary"
        disabled={!hasFiles || busy || !previewed || failing > 0}
        onClick={() => onCommit('commit')}
      >
        Commit import ({runCount} run{runCount === 1 ? '' : 's'})
      </button>
      {failing > 0 && valid > 0 && (
        <button
          type="button"
          className="btn"
          data-testid="commit-valid"
          disabled={busy}
          onClick={() => onCommit('commit-valid')}
        >
          Import the {valid} valid file{valid === 1 ? '' : 's'} ({runCount} runs), leave out {files(failing)}
        </button>
      )}
    </div>
  );
}
