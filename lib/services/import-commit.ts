/**
 * Committing an import: parsed (and streamed) files as one batch in one transaction (all runs of
 * the upload or none), file-level duplicates skipped, and undo. The upload side (parse, preview,
 * then this) is lib/services/import.ts, which re-exports it.
 *
 * De-duplication (docs/importing.md):
 *  - file level: a file whose sha256 was already imported into the SAME target study, by a batch
 *    that still has runs from it there, is skipped with a note ("already imported in batch #N on
 *    DATE"); so is the second copy of the same bytes within one upload. Undoing the batch,
 *    deleting its runs or deleting the study frees the hash; one file may go into several studies.
 *  - run level: a run whose content hash (record minus id/study/label/created_at and file name/
 *    hash, db/mappers/run-row.ts) already exists in the study is skipped (counted as duplicate).
 */
import { eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { importFiles, imports, runs } from '@/db/schema';
import {
  dedupeScope,
  dropMetricIndexes,
  isBulkLoad,
  insertPreparedInTransaction,
  insertRunsInTransaction,
  type DedupeScope,
  type InsertRunsResult,
} from '@/db/queries/runs';
import { withWriteCache } from '@/db/write-cache';
import { ensureStudy, getStudyOrThrow } from '@/db/queries/studies';
import { ConflictError, NotFoundError } from '@/lib/errors';
import { fileSize } from '@/lib/importers/files';
import { ImportError, type ParsedFile } from '@/lib/importers/types';
import { isStreamed, type StreamedFile } from '@/lib/importers/streamed';
import { fmtDateTime } from '@/lib/format';
import { preparedBatchesInThread } from './import-pipeline';

/** A file left out of a commit, with why (file, line or key, reason). */
export interface RefusedFile {
  name: string;
  error: string;
  where?: string;
  reason: string;
}

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
  /** Streamed files of this many bytes in all are a bulk load (db/queries/runs/bulk-indexes.ts); tests lower it. */
  bulkMinBytes?: number;
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
    const streamedBytes = fresh.reduce((n, f) => n + (isStreamed(f) ? fileSize(f.source) : 0), 0);
    const buildIndexes = isBulkLoad(db, streamedBytes, opts.bulkMinBytes) ? dropMetricIndexes(db) : undefined;
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
    buildIndexes?.();
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
