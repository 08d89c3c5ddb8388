/** Shapes the import page gets from POST/GET /api/imports (docs/importing.md). */
import type { RunRecord } from '@/lib/record/schema';

export type Fmt = { id: string; label: string };
/** A run in the preview: per-request arrays are not shipped, only their sizes. */
export type PreviewRun = Omit<RunRecord, 'requests' | 'trace'> & {
  series?: { requests?: number; traceDevices?: number; traceSamples?: number };
};
export type FileResult =
  | {
      name: string;
      ok: true;
      file: {
        name: string;
        format: string;
        runCount: number;
        runs: PreviewRun[];
        warnings: string[];
        duplicate?: { reason: string };
        columns?: string[];
      };
    }
  | { name: string; ok: false; error: string; reason: string; where?: string; columns?: string[] };
export interface HistoryRow {
  id: number;
  study: string | null;
  files: { name: string; format: string; runs: number }[];
  runCount: number;
  createdBy: string | null;
  createdAt: string;
  undoneAt: string | null;
}
export interface CommitResponse {
  inserted: number;
  /** The study the runs went into (the links of the success note). */
  studyId: number;
  duplicates: number;
  importId: number | null;
  skippedFiles: { name: string; reason: string }[];
  refused?: { name: string; error: string; reason: string }[];
}
