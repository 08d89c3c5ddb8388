/**
 * Commits parsed files as one import batch in one transaction: either every run of the upload is
 * stored or none is. Files already imported (same sha256) are skipped and reported.
 */
import { eq, inArray } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { importFiles, imports, runs } from '@/db/schema';
import { insertRuns } from '@/db/queries/runs';
import { ensureStudy, getStudyOrThrow } from '@/db/queries/studies';
import type { ParsedFile } from '@/lib/importers/types';
import { NotFoundError } from '@/lib/errors';

export interface CommitResult {
  importId: number | null;
  studyId: number;
  inserted: number;
  duplicates: number;
  skippedFiles: { name: string; reason: string }[];
}

export function commitImport(
  db: DB,
  files: ParsedFile[],
  target: { studyId?: number; studyName?: string; createdBy?: string },
): CommitResult {
  return db.transaction(() => {
    const study =
      target.studyId !== undefined ? getStudyOrThrow(db, target.studyId) : ensureStudy(db, target.studyName ?? 'Imported');
    const skippedFiles: CommitResult['skippedFiles'] = [];
    const fresh = files.filter((f) => {
      const prev = db.select().from(importFiles).where(eq(importFiles.sha256, f.sha256)).get();
      if (prev) skippedFiles.push({ name: f.name, reason: `already imported as ${prev.fileName} (import #${prev.importId})` });
      return !prev;
    });
    if (!fresh.length) return { importId: null, studyId: study.id, inserted: 0, duplicates: 0, skippedFiles };
    const batch = db
      .insert(imports)
      .values({
        studyId: study.id,
        files: fresh.map((f) => ({ name: f.name, format: f.format, sha256: f.sha256, runs: f.runs.length, warnings: f.warnings })),
        runCount: 0,
        createdBy: target.createdBy ?? null,
      })
      .returning()
      .get();
    let inserted = 0;
    let duplicates = 0;
    for (const f of fresh) {
      const r = insertRuns(db, study.id, f.runs, { importId: batch.id });
      inserted += r.ids.length;
      duplicates += r.duplicates;
      db.insert(importFiles).values({ sha256: f.sha256, importId: batch.id, fileName: f.name }).onConflictDoNothing().run();
    }
    db.update(imports).set({ runCount: inserted }).where(eq(imports.id, batch.id)).run();
    return { importId: batch.id, studyId: study.id, inserted, duplicates, skippedFiles };
  });
}

/** Undo: deletes the batch's runs and forgets its file hashes (so it can be imported again). */
export function undoImport(db: DB, importId: number): { runsDeleted: number } {
  return db.transaction(() => {
    const batch = db.select().from(imports).where(eq(imports.id, importId)).get();
    if (!batch || batch.undoneAt) throw new NotFoundError(`import ${importId} not found or already undone`);
    const n = db.delete(runs).where(eq(runs.importId, importId)).run().changes;
    db.delete(importFiles).where(inArray(importFiles.importId, [importId])).run();
    db.update(imports).set({ undoneAt: new Date().toISOString() }).where(eq(imports.id, importId)).run();
    return { runsDeleted: n };
  });
}

// ---------------------------------------------------------------------------------------------
// Upload orchestration (API, CLI, UI): parse every file, join, apply batch overrides, then commit
// in one transaction only if every file parsed. Preview = the same without the commit.
// ---------------------------------------------------------------------------------------------
import { desc } from 'drizzle-orm';
import { studies } from '@/db/schema';
import { ValidationError } from '@/lib/errors';
import { parseFilesSettled, type ParseOptions, type SettledFile } from '@/lib/importers';
import type { ImportFile } from '@/lib/importers/types';

export interface UploadOptions extends ParseOptions {
  studyId?: number;
  studyName?: string;
  createdBy?: string;
  formats?: Record<string, string>;
}

/** Preview: per-file result without writing anything. `meta` (join internals) is stripped. */
export function previewUpload(files: ImportFile[], opts: UploadOptions = {}): SettledFile[] {
  return parseFilesSettled(files, opts).map((s) => (s.ok ? { ...s, file: { ...s.file, meta: undefined } } : s));
}

/** Parses and commits; throws a ValidationError naming every failing file (nothing is written). */
export function importUpload(db: DB, files: ImportFile[], opts: UploadOptions = {}): CommitResult & { files: SettledFile[] } {
  const settled = parseFilesSettled(files, opts);
  const bad = settled.filter((s) => !s.ok);
  if (bad.length) throw new ValidationError(bad.map((b) => (b as { error: string }).error).join('\n'));
  const parsed = settled.map((s) => (s as Extract<SettledFile, { ok: true }>).file);
  const res = commitImport(db, parsed, { studyId: opts.studyId, studyName: opts.studyName, createdBy: opts.createdBy });
  return { ...res, files: settled.map((s) => (s.ok ? { ...s, file: { ...s.file, meta: undefined, runs: [] } } : s)) };
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
