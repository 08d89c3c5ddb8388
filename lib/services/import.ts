/**
 * Import service: parse an upload (every file, join, batch overrides), preview it without
 * writing, or commit it as one batch in one transaction (all runs of the upload or none).
 *
 * De-duplication (docs/importing.md):
 *  - file level: a file whose sha256 was already imported into the SAME target study, by a batch
 *    that still has runs from it there, is skipped with a note ("already imported in batch #N on
 *    DATE"); so is the second copy of the same bytes within one upload. Undoing the batch,
 *    deleting its runs or deleting the study frees the hash; one file may go into several studies.
 *  - run level: a run whose content hash (record minus id/study/label/created_at and file name/
 *    hash, db/mappers/run-row.ts) already exists in the study is skipped (counted as duplicate).
 * The preview (dry run) reports the same file-level skips.
 */
import { desc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { importFiles, imports, runs, studies } from '@/db/schema';
import {
  dedupeScope,
  insertPreparedInTransaction,
  insertRunsInTransaction,
  type DedupeScope,
  type InsertRunsResult,
} from '@/db/queries/runs';
import { preparedBatchesInThread } from './import-pipeline';
import { withWriteCache } from '@/db/write-cache';
import { ensureStudy, getStudy, getStudyByName, getStudyOrThrow } from '@/db/queries/studies';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { parseFilesSettled, type ParseOptions, type SettledFile } from '@/lib/importers';
import { fileSize, readAll, readHead, STREAM_MIN_BYTES } from '@/lib/importers/files';
import { detectColumns } from '@/lib/importers/generic-csv';
import { ImportError, type ImportFile, type ParsedFile } from '@/lib/importers/types';
import { isStreamed, openStreamedFile, type StreamedFile } from '@/lib/importers/streamed';
import type { RunRecord } from '@/lib/record/schema';
import { fmtDateTime } from '@/lib/format';

export interface SkippedFile {
  name: string;
  reason: string;
  /** The batch that already holds this file in the target study (file-level duplicate). */
  importId?: number;
  importedAt?: string;
}

export interface CommitResult {
  importId: number | null;
  studyId: number;
  inserted: number;
  /** Runs skipped because an identical run (same content hash) is already in the study. */
  duplicates: number;
  skippedFiles: SkippedFile[];
  /** Streamed files found bad while they were stored, rolled back and left out (skipInvalid). */
  refused?: RefusedFile[];
}

const when = fmtDateTime;

/**
 * File-level duplicates of an upload, aligned with `files`: the same bytes earlier in the upload,
 * or already imported into study `studyId` by a batch that still has runs from that file there.
 */
export function findDuplicateFiles(
  db: DB,
  files: { name: string; sha256: string }[],
  studyId: number | undefined,
): (SkippedFile | undefined)[] {
  const firstBySha = new Map<string, string>();
  const prior = db.$client.prepare(
    `SELECT f.import_id AS importId, f.file_name AS fileName, f.run_count AS runCount, i.created_at AS createdAt
       FROM import_files f JOIN imports i ON i.id = f.import_id
      WHERE f.sha256 = ? AND i.study_id = ? AND i.undone_at IS NULL
      ORDER BY f.import_id DESC`,
  );
  const fileRunsLive = db.$client.prepare(
    `SELECT 1 FROM runs WHERE import_id = ? AND study_id = ? AND json_extract(doc, '$.source.file_sha256') = ? LIMIT 1`,
  );
  const batchRunsLive = db.$client.prepare('SELECT 1 FROM runs WHERE import_id = ? AND study_id = ? LIMIT 1');
  return files.map((f) => {
    const first = firstBySha.get(f.sha256);
    if (first !== undefined) return { name: f.name, reason: `same content as "${first}" earlier in this upload` };
    firstBySha.set(f.sha256, f.name);
    if (studyId === undefined) return undefined;
    for (const p of prior.all(f.sha256, studyId) as {
      importId: number;
      fileName: string;
      runCount: number;
      createdAt: string;
    }[]) {
      // Side files (spl.txt, .commands, model metadata) have no runs of their own: their batch counts.
      const live =
        p.runCount > 0 ? fileRunsLive.get(p.importId, studyId, f.sha256) : batchRunsLive.get(p.importId, studyId);
      if (live)
        return {
          name: f.name,
          reason: `already imported in batch #${p.importId} on ${when(p.createdAt)}${p.fileName !== f.name ? ` (as "${p.fileName}")` : ''}; undo that batch to import it again`,
          importId: p.importId,
          importedAt: p.createdAt,
        };
    }
    return undefined;
  });
}

export interface CommitOptions {
  /** With the bulk-write page cache (db/write-cache.ts), for a process that exits afterwards (the CLI). */
  bulkCache?: boolean;
  /** A streamed file found bad is left out (`refused`) instead of refusing the commit. */
  skipInvalid?: boolean;
  /** Bytes read of a streamed file, for progress. */
  onBytes?: (file: string, n: number) => void;
  /**
   * Streamed files from this size on are read and prepared on a second thread while this one
   * inserts (lib/services/import-pipeline.ts). Only for a process with nothing else to do (the CLI).
   */
  pipelineMinBytes?: number;
}

/**
 * Stores parsed files as one import batch, in one transaction. `bulkCache`: with the bulk-write page
 * cache (db/write-cache.ts), for a process that exits afterwards (the CLI). A streamed file
 * (lib/importers/streamed.ts) is read while it is stored; if it turns out bad, what it wrote is
 * rolled back and, with `skipInvalid`, it is reported in `refused` while the others are kept.
 */
export function commitImport(
  db: DB,
  files: (ParsedFile | StreamedFile)[],
  target: { studyId?: number; studyName?: string; createdBy?: string },
  opts: CommitOptions = {},
): CommitResult {
  const commit = () => commitInTransaction(db, files, target, opts);
  return opts.bulkCache ? withWriteCache(db, commit) : commit();
}

function commitInTransaction(
  db: DB,
  files: (ParsedFile | StreamedFile)[],
  target: { studyId?: number; studyName?: string; createdBy?: string },
  opts: CommitOptions,
): CommitResult {
  return db.transaction(() => {
    const study =
      target.studyId !== undefined
        ? getStudyOrThrow(db, target.studyId)
        : ensureStudy(db, target.studyName ?? 'Imported');
    const dups = findDuplicateFiles(db, files, study.id);
    const skippedFiles = dups.filter((d): d is SkippedFile => !!d);
    const fresh = files.filter((_, i) => !dups[i]);
    // Nothing to store (every file skipped, or only side files with no runs of their own): no batch.
    if (!fresh.some((f) => isStreamed(f) || f.runs.length))
      return { importId: null, studyId: study.id, inserted: 0, duplicates: 0, skippedFiles };
    // The batch's file list is written once every file has been read (a streamed file's runs and
    // warnings are known only then).
    const batch = db
      .insert(imports)
      .values({ studyId: study.id, files: [], runCount: 0, createdBy: target.createdBy ?? null })
      .returning()
      .get();
    const scope = dedupeScope(db, study.id);
    let inserted = 0;
    let duplicates = 0;
    const stored: { name: string; format: string; sha256: string; runs: number; warnings: string[] }[] = [];
    const refused: RefusedFile[] = [];
    for (const f of fresh) {
      let r: { inserted: number; duplicates: number };
      try {
        r = storeFile(db, { studyId: study.id, importId: batch.id, scope }, f, opts);
      } catch (e) {
        if (!(opts.skipInvalid && isStreamed(f) && e instanceof ImportError)) throw e;
        refused.push({ name: f.name, error: e.message, where: e.where, reason: e.reason });
        // Its rolled-back runs are still in the scope's set: look the rest up in the index instead.
        Object.assign(scope, { seen: new Set(), lookups: true });
        continue;
      }
      inserted += r.inserted;
      duplicates += r.duplicates;
      stored.push({
        name: f.name,
        format: f.format,
        sha256: f.sha256,
        runs: isStreamed(f) ? f.runCount : f.runs.length,
        warnings: f.warnings,
      });
    }
    const done = { studyId: study.id, inserted, duplicates, skippedFiles, ...(refused.length ? { refused } : {}) };
    if (!stored.length) {
      db.delete(imports).where(eq(imports.id, batch.id)).run();
      return { importId: null, ...done };
    }
    db.update(imports).set({ runCount: inserted, files: stored }).where(eq(imports.id, batch.id)).run();
    return { importId: batch.id, ...done };
  });
}

/**
 * One file's runs into the batch. A streamed file that may be left out (skipInvalid) is stored in
 * a savepoint, so that it can be undone alone; otherwise an error undoes the whole commit.
 */
function storeFile(
  db: DB,
  to: { studyId: number; importId: number; scope: DedupeScope },
  f: ParsedFile | StreamedFile,
  opts: CommitOptions,
): { inserted: number; duplicates: number } {
  const { studyId, importId, scope } = to;
  const store = () => {
    let inserted = 0;
    let duplicates = 0;
    const add = (r: InsertRunsResult) => {
      inserted += r.ids.length;
      duplicates += r.duplicates;
    };
    const onBytes = opts.onBytes && ((n: number) => opts.onBytes!(f.name, n));
    if (isStreamed(f) && opts.pipelineMinBytes !== undefined && fileSize(f.source) >= opts.pipelineMinBytes)
      for (const rows of preparedBatchesInThread(f, { studyId, importId, onBytes }))
        add(insertPreparedInTransaction(db, studyId, rows, { importId, scope }));
    else
      for (const runs of isStreamed(f) ? f.batches(onBytes) : [f.runs])
        add(insertRunsInTransaction(db, studyId, runs, { importId, scope }));
    db.insert(importFiles).values({ sha256: f.sha256, importId, fileName: f.name, runCount: inserted }).run();
    return { inserted, duplicates };
  };
  return isStreamed(f) && opts.skipInvalid ? db.$client.transaction(store)() : store();
}

/** Undo: deletes the batch's runs and forgets its file hashes (so it can be imported again). */
export function undoImport(db: DB, importId: number): { runsDeleted: number } {
  return db.transaction(() => {
    const batch = db.select().from(imports).where(eq(imports.id, importId)).get();
    if (!batch) throw new NotFoundError(`import #${importId} not found`);
    if (batch.undoneAt)
      throw new ConflictError(`import #${importId} was already undone on ${when(batch.undoneAt)}; nothing to undo`);
    const n = db.delete(runs).where(eq(runs.importId, importId)).run().changes;
    db.delete(importFiles).where(eq(importFiles.importId, importId)).run();
    db.update(imports).set({ undoneAt: new Date().toISOString() }).where(eq(imports.id, importId)).run();
    return { runsDeleted: n };
  });
}

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

/** A file left out of a commit, with why (file, line or key, reason). */
export interface RefusedFile {
  name: string;
  error: string;
  where?: string;
  reason: string;
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

/** Preview: per-file result, duplicates noted, without writing anything. */
export function previewUpload(db: DB, files: ImportFile[], opts: UploadOptions & { records?: boolean } = {}): Preview {
  const settled = parseFilesSettled(files, opts);
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
    if (!duplicate) runCount += f.runs.length;
    return {
      name: s.name,
      ok: true,
      file: {
        name: f.name,
        sha256: f.sha256,
        format: f.format,
        runCount: f.runs.length,
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
