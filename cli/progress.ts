/**
 * Import progress on a terminal: bytes read, files, runs found, read rate and ETA, redrawn in
 * place on stderr at most a few times a second. Shown only when stderr is a TTY, the output is not
 * --json, and the input is large enough for the wait to matter (JOULEBENCH_PROGRESS_MIN_MB,
 * default 16 MB); otherwise the reporter is silent, so pipes and logs never see control codes.
 */
import { env } from '@/lib/env';
import type { ParseProgress } from '@/lib/importers';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): boolean;
}

const MB = 1024 * 1024;
const REDRAW_MS = 150;

export function progressMinBytes(source: Record<string, string | undefined> = process.env): number {
  const raw = env('JOULEBENCH_PROGRESS_MIN_MB', source);
  const mb = raw === undefined ? NaN : Number(raw);
  return (Number.isFinite(mb) && mb >= 0 ? mb : 16) * MB;
}

const mb = (b: number) => (b / MB).toFixed(b >= 100 * MB ? 0 : 1);

function clock(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** One progress line: "import  42.0/120.0 MB  35%  3/7 files  1,204 runs  18.3 MB/s  ETA 0:04". */
export function progressLine(p: ParseProgress, elapsedS: number): string {
  const pct = p.bytesTotal > 0 ? Math.min(100, (p.bytesDone / p.bytesTotal) * 100) : 0;
  const rate = elapsedS > 0 ? p.bytesDone / elapsedS : 0;
  const eta = rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : NaN;
  return `import  ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB  ${pct.toFixed(0)}%  ${p.filesDone}/${p.filesTotal} files  ${p.runs.toLocaleString('en-US')} runs  ${mb(rate)} MB/s  ETA ${clock(eta)}`;
}

/**
 * Returns an onProgress listener and a `done` that clears the line, or undefined when progress
 * must not be shown (not a TTY, --json, small input).
 */
export function terminalProgress(
  stream: ProgressStream,
  opts: { json?: boolean; totalBytes: number; now?: () => number; env?: Record<string, string | undefined> },
) {
  if (!stream.isTTY || opts.json || opts.totalBytes < progressMinBytes(opts.env)) return undefined;
  const now = opts.now ?? (() => performance.now());
  const start = now();
  let last = -Infinity;
  let drawn = false;
  // A pseudo-terminal may report 0 columns: then assume a usual width.
  const width = Math.max(40, (stream.columns || 100) - 1);
  const draw = (p: ParseProgress) => {
    stream.write(
      `\r${progressLine(p, (now() - start) / 1000)
        .slice(0, width)
        .padEnd(width)}`,
    );
    drawn = true;
  };
  return {
    onProgress(p: ParseProgress) {
      const t = now();
      const finished = p.filesDone === p.filesTotal;
      if (!finished && t - last < REDRAW_MS) return;
      last = t;
      draw(p);
    },
    done() {
      if (drawn) stream.write(`\r${' '.repeat(width)}\r`);
    },
  };
}
