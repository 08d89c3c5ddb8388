/**
 * Import service: parse an upload (every file, join, batch overrides), preview it without
 * writing, or commit it (lib/services/import-commit.ts: one batch in one transaction, all runs of
 * the upload or none, de-duplicated). The preview (dry run) reports the same file-level skips.
 */
import { desc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { imports, studies } from '@/db/schema';
import { getStudy, getStudyByName } from '@/db/queries/studies';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { parseFilesSettled, type ParseOptions, type SettledFile } from '@/lib/importers';
import { fileSize, readAll, readHead, STREAM_MIN_BYTES } from '@/lib/importers/files';
import { detectColumns } from '@/lib/importers/generic-csv';
import { ImportError, type ImportFile, type ParsedFile } from '@/lib/importers/types';
import { isStreamed, openStreamedFile, type StreamedFile } from '@/lib/importers/streamed';
import type { RunRecord } from '@/lib/record/schema';
import {
  commitImport,
  findDuplicateFiles,
  type CommitResult,
  type RefusedFile,
  type SkippedFile,
} from './import-commit';

export * from './import-commit';

// ---------------------------------------------------------------------------------------------
// Upload orchestration (API, CLI, UI): parse every file, join, apply batch overrides, then commit
// in one transaction only if every file parsed. Preview = the same without the commit.
// ---------------------------------------------------------------------------------------------

export interface UploadOptions extends ParseOptions {
  studyId?: number;
  studyName?: string;
  createdBy?: string;
  formats?: Record<string, string>;
  /**
   * Commit the files that parsed and report the refused ones (UI "import the valid files", CLI
   * --skip-invalid) instead of refusing the whole upload. The commit itself stays one transaction.
   */
  skipInvalid?: boolean;
}

/** At most this many runs per file in a preview (the table shows 50; runCount is the total). */
export const PREVIEW_RUNS = 200;

/** A run as shown in a preview: per-request samples and traces replaced by their sizes. */
export type PreviewRun = Omit<RunRecord, 'requests' | 'trace'> & {
  series?: { requests?: number; traceDevices?: number; traceSamples?: number };
};

export interface PreviewFile {
  name: string;
  sha256: string;
  format: string;
  /** Runs the file yields (runs holds at most PREVIEW_RUNS of them). */
  runCount: number;
  runs: PreviewRun[];
  warnings: string[];
  /** Set when the file would be skipped on commit (already in the study, or repeated). */
  duplicate?: SkippedFile;
  /** Column names, for files read with the generic format (mapping editor). */
  columns?: string[];
}

export type PreviewEntry =
  | { name: string; ok: true; file: PreviewFile }
  | { name: string; ok: false; error: string; where?: string; reason: string; columns?: string[] };

export function previewRun(r: RunRecord): PreviewRun {
  const { requests, trace, ...rest } = r;
  if (!requests && !trace) return rest;
  return {
    ...rest,
    series: {
      ...(requests ? { requests: requests.success.length } : {}),
      ...(trace
        ? { traceDevices: trace.devices.length, traceSamples: trace.devices.reduce((a, d) => a + d.t_s.length, 0) }
        : {}),
    },
  };
}

function columnsFor(f: ImportFile): string[] {
  try {
    return detectColumns(
      fileSize(f) > STREAM_MIN_BYTES ? readHead(f, 256 * 1024) : new TextDecoder().decode(readAll(f)),
    );
  } catch {
    return [];
  }
}

function targetStudyId(db: DB, opts: UploadOptions): number | undefined {
  if (opts.studyId !== undefined) {
    if (!getStudy(db, opts.studyId)) throw new NotFoundError(`study ${opts.studyId} not found`);
    return opts.studyId;
  }
  return getStudyByName(db, opts.studyName ?? 'Imported')?.id;
}

export interface Preview {
  ok: boolean;
  files: PreviewEntry[];
  /** Runs a commit would store (files that would be skipped as duplicates excluded). */
  runCount: number;
  /** Full run records of every parsed file (only with `records: true`, for the CLI). */
  records?: RunRecord[];
}

/**
 * Preview: per-file result, duplicates noted, without writing anything. A large JSON Lines file
 * is read through in batches (its first PREVIEW_RUNS runs kept), not held whole, unless every
 * record is asked for (`records`).
 */
export function previewUpload(db: DB, files: ImportFile[], opts: UploadOptions & { records?: boolean } = {}): Preview {
  const { streamed, whole } = opts.records
    ? { streamed: new Map<ImportFile, StreamedFile>(), whole: files }
    : streamableFiles(files, opts);
  const parsed = new Map(parseFilesSettled(whole, opts).map((p, i) => [whole[i], p]));
  const counts = new Map<ParsedFile, number>();
  const settled = files.map((f) => {
    const s = streamed.get(f);
    if (!s) return parsed.get(f)!;
    const read = readThrough(s);
    if (read.ok) counts.set(read.file, s.runCount);
    return read;
  });
  const runsOf = (f: ParsedFile) => counts.get(f) ?? f.runs.length;
  const studyId = targetStudyId(db, opts);
  const okFiles = settled.filter((s): s is Extract<SettledFile, { ok: true }> => s.ok).map((s) => s.file);
  const dups = findDuplicateFiles(db, okFiles, studyId);
  const dupOf = new Map(okFiles.map((f, i) => [f, dups[i]]));
  const isGeneric = (name: string) => (opts.formats?.[name] ?? opts.format) === 'generic';
  const byName = new Map(files.map((f) => [f.name, f]));
  let runCount = 0;
  const entries: PreviewEntry[] = settled.map((s, i) => {
    const columns = isGeneric(s.name) ? columnsFor(byName.get(s.name) ?? files[i]) : undefined;
    if (!s.ok) return { ...s, ...(columns ? { columns } : {}) };
    const f = s.file;
    const duplicate = dupOf.get(f);
    if (!duplicate) runCount += runsOf(f);
    return {
      name: s.name,
      ok: true,
      file: {
        name: f.name,
        sha256: f.sha256,
        format: f.format,
        runCount: runsOf(f),
        runs: f.runs.slice(0, PREVIEW_RUNS).map(previewRun),
        warnings: f.warnings,
        ...(duplicate ? { duplicate } : {}),
        ...(columns ? { columns } : {}),
      },
    };
  });
  return {
    ok: settled.every((s) => s.ok),
    files: entries,
    runCount,
    ...(opts.records ? { records: okFiles.flatMap((f) => f.runs) } : {}),
  };
}

/** A streamed file read to its end for a preview: its first PREVIEW_RUNS runs and its warnings, or why it failed. */
function readThrough(s: StreamedFile): SettledFile {
  const head: RunRecord[] = [];
  try {
    for (const runs of s.batches())
      if (head.length < PREVIEW_RUNS) head.push(...runs.slice(0, PREVIEW_RUNS - head.length));
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { name: s.name, ok: false, error: e.message, where: e.where, reason: e.reason };
  }
  return {
    name: s.name,
    ok: true,
    file: { name: s.name, sha256: s.sha256, format: s.format, runs: head, warnings: s.warnings },
  };
}

export interface ImportSummaryFile {
  name: string;
  format: string;
  runs: number;
  warnings: string[];
  skipped?: string;
}

/**
 * Parses and commits. A failing file refuses the whole upload (ValidationError naming every
 * failing file, nothing written), unless skipInvalid: then the files that parsed are committed
 * and the refused ones are returned with their reasons.
 */
export function importUpload(
  db: DB,
  files: ImportFile[],
  opts: UploadOptions = {},
): CommitResult & { files: ImportSummaryFile[]; refused: RefusedFile[] } {
  const { streamed, whole } = streamableFiles(files, opts);
  const settled = parseFilesSettled(whole, opts);
  const bad = settled.filter((s): s is Extract<SettledFile, { ok: false }> => !s.ok);
  if (bad.length && !opts.skipInvalid) throw new ValidationError(bad.map((b) => b.error).join('\n'));
  const refused: RefusedFile[] = bad.map((b) => ({
    name: b.name,
    error: b.error,
    ...(b.where ? { where: b.where } : {}),
    reason: b.reason,
  }));
  const parsed = settled.filter((s): s is Extract<SettledFile, { ok: true }> => s.ok).map((s) => s.file);
  const toStore = inUploadOrder(files, streamed, parsed);
  let res: CommitResult;
  try {
    res = commitImport(
      db,
      toStore,
      { studyId: opts.studyId, studyName: opts.studyName, createdBy: opts.createdBy },
      { skipInvalid: opts.skipInvalid },
    );
  } catch (e) {
    // A streamed file found bad while stored: refused like a file that failed to parse.
    if (e instanceof ImportError) throw new ValidationError(e.message);
    throw e;
  }
  const skipped = new Map(res.skippedFiles.map((s) => [s.name, s.reason]));
  const late = new Set(res.refused?.map((r) => r.name));
  const { refused: lateRefused = [], ...rest } = res;
  return {
    ...rest,
    files: toStore
      .filter((f) => !late.has(f.name))
      .map((f) => ({
        name: f.name,
        format: f.format,
        runs: isStreamed(f) ? f.runCount : f.runs.length,
        warnings: f.warnings,
        ...(skipped.has(f.name) ? { skipped: skipped.get(f.name) } : {}),
      })),
    refused: [...refused, ...lateRefused],
  };
}

/**
 * The files of a commit that are stored while they are read (lib/importers/streamed.ts: large
 * Joulebench JSON Lines), and the others, which are parsed whole first.
 */
export function streamableFiles(
  files: ImportFile[],
  opts: ParseOptions & { formats?: Record<string, string> },
): { streamed: Map<ImportFile, StreamedFile>; whole: ImportFile[] } {
  const streamed = new Map<ImportFile, StreamedFile>();
  for (const f of files) {
    const s = openStreamedFile(f, { ...opts, format: opts.formats?.[f.name] ?? opts.format });
    if (s) streamed.set(f, s);
  }
  return { streamed, whole: files.filter((f) => !streamed.has(f)) };
}

/** Streamed and parsed files back in the order of the upload. */
export function inUploadOrder(
  files: ImportFile[],
  streamed: Map<ImportFile, StreamedFile>,
  parsed: ParsedFile[],
): (ParsedFile | StreamedFile)[] {
  const byName = new Map(parsed.map((p) => [p.name, p]));
  return files.flatMap((f) => streamed.get(f) ?? byName.get(f.name) ?? []);
}

export interface ImportHistoryRow {
  id: number;
  studyId: number | null;
  study: string | null;
  files: { name: string; format: string; sha256: string; runs: number; warnings: string[] }[];
  runCount: number;
  createdBy: string | null;
  createdAt: string;
  undoneAt: string | null;
}

export function listImportHistory(db: DB, limit = 100): ImportHistoryRow[] {
  return db
    .select({ i: imports, study: studies.name })
    .from(imports)
    .leftJoin(studies, eq(imports.studyId, studies.id))
    .orderBy(desc(imports.id))
    .limit(limit)
    .all()
    .map(({ i, study }) => ({ ...i, study, files: i.files as ImportHistoryRow['files'] }));
}
