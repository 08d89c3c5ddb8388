/**
 * Imports off the event loop: an upload larger than INLINE_MAX_BYTES is parsed and committed (or
 * previewed: the import page's dry run parses every file too) by a worker thread
 * (lib/services/import-worker.cjs) on its own SQLite connection, so the web server keeps
 * answering while a 10,000-run file is imported. The commit is still one transaction (all
 * runs of the upload or none); readers never wait for it (WAL) and see it when it commits; the
 * server's caches notice through the data version. Small uploads run inline (a thread costs more
 * than they do). One worker, started on first use, serves imports one after another.
 */
import type { DB } from '@/db/client';
import { DbWorker, dbFileOf, type WorkerFailure } from '@/lib/db-worker';
import { processWide } from '@/lib/process-wide';
import { AppError, ConflictError, NotFoundError, PayloadTooLargeError, ValidationError } from '@/lib/errors';
import { fileSize } from '@/lib/importers/files';
import type { ImportFile } from '@/lib/importers/types';
import { importUpload, previewUpload, type Preview, type UploadOptions } from './import';

export const INLINE_MAX_BYTES = 1024 * 1024;

type ImportResult = ReturnType<typeof importUpload>;

/** The app's error class for an error the worker reported (so the route answers 400/404/409/413). */
function appError(e: WorkerFailure): Error {
  const byCode: Record<string, new (m: string) => AppError> = {
    bad_request: ValidationError,
    not_found: NotFoundError,
    conflict: ConflictError,
    payload_too_large: PayloadTooLargeError,
  };
  const C = e.code ? byCode[e.code] : undefined;
  return C ? new C(e.message) : new Error(e.message);
}

// One thread per process (lib/process-wide.ts: the page and the API routes are separate bundles).
const worker = processWide('import-worker', () => new DbWorker('lib/services/import-worker.cjs', appError));

/**
 * Starts the import thread with the server, idle. The worker loads the import code through tsx,
 * which compiles it on first use after an install or a change: seconds of CPU. Started by the
 * first large upload, that compile competed with the readers on a 2-core VM and a 10k-run upload
 * under 25 req/s made p99 862-891 ms instead of ~210 ms. Idle, it keeps nothing alive.
 */
export function startImportThread(db: DB) {
  const file = dbFileOf(db);
  if (!file || worker.running) return;
  worker.start(file).unref();
}

/** Whether the import thread is running (started by startImportThread or by a large upload). */
export const importThreadRunning = () => worker.running;

/** importUpload in the worker thread, on the database file at `dbFile`. */
export function importUploadInThread(dbFile: string, files: ImportFile[], opts: UploadOptions): Promise<ImportResult> {
  return worker.request<ImportResult>(dbFile, { files, opts });
}

/** Imports an upload: inline when small, otherwise in the worker thread (same result and errors). */
export async function importUploadAsync(db: DB, files: ImportFile[], opts: UploadOptions): Promise<ImportResult> {
  const bytes = files.reduce((a, f) => a + fileSize(f), 0);
  const file = dbFileOf(db);
  if (bytes <= INLINE_MAX_BYTES || !file) return importUpload(db, files, opts);
  return importUploadInThread(file, files, opts);
}

/** Previews an upload (dry run): inline when small, otherwise in the worker thread. */
export async function previewUploadAsync(
  db: DB,
  files: ImportFile[],
  opts: UploadOptions & { records?: boolean },
): Promise<Preview> {
  const bytes = files.reduce((a, f) => a + fileSize(f), 0);
  const file = dbFileOf(db);
  if (bytes <= INLINE_MAX_BYTES || !file) return previewUpload(db, files, opts);
  return worker.request<Preview>(file, { kind: 'preview', files, opts });
}
