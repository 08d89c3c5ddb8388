'use client';
/**
 * Upload and parse progress of an import request: a native <progress> element (the accessible
 * progressbar: role, value and label come from the platform) with the bytes sent, rate and time
 * left while uploading, then an indeterminate bar while the server reads and parses the files.
 */
import type { UploadPhase } from './upload';

const MB = 1024 * 1024;
const mb = (b: number) => (b / MB).toFixed(b >= 100 * MB ? 0 : 1);

export function uploadStatusText(p: UploadPhase, now: number): string {
  if (p.phase === 'parsing')
    return `Uploaded${p.total ? ` ${mb(p.total)} MB` : ''}. Reading and checking the files on the server…`;
  // Before the first progress event the size is not known yet.
  if (!p.total) return 'Sending the files…';
  const secs = (now - p.startedAt) / 1000;
  const rate = secs > 0 ? p.loaded / secs : 0;
  const left = rate > 0 ? Math.max(0, (p.total - p.loaded) / rate) : NaN;
  const pct = p.total ? Math.round((p.loaded / p.total) * 100) : 0;
  return `Uploading ${mb(p.loaded)} of ${mb(p.total)} MB (${pct}%)${rate > 0 ? `, ${mb(rate)} MB/s` : ''}${Number.isFinite(left) ? `, about ${Math.ceil(left)} s left` : ''}`;
}

export function UploadProgress({ state, label }: { state: UploadPhase; label: string }) {
  const text = uploadStatusText(state, performance.now());
  const determinate = state.phase === 'uploading' && state.total > 0;
  return (
    <div className="stack" data-testid="upload-progress" data-phase={state.phase}>
      {determinate ? (
        <progress aria-label={label} max={state.total} value={state.loaded} style={{ width: '100%' }} />
      ) : (
        // No value: an indeterminate progressbar (the server does not report parse progress).
        <progress aria-label={label} style={{ width: '100%' }} />
      )}
      <span className="muted" aria-live="polite">
        {text}
      </span>
    </div>
  );
}
