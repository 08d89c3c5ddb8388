/**
 * POST /api/imports: multipart upload of one or more files (or zips), streamed to temp files.
 * dryRun=1 returns the preview (per file: format, run count, up to 200 runs without per-request
 * arrays, warnings, errors, duplicate notes) and writes nothing; records=1 adds the full run
 * records (CLI `--dry-run --json`). Otherwise every file must parse or nothing is written (400
 * naming each failing file), then one transaction commits (201; 200 when every file was skipped).
 * skipInvalid=1 (the preview's "import the valid files", CLI --skip-invalid): the files that parse
 * are committed in one transaction and the refused ones are listed in `refused` with their reason.
 * GET /api/imports: import history (batches, newest first).
 */
import { requireReader, requireRole } from '@/lib/auth/guard';
import { getDb } from '@/db/client';
import { mappingOrThrow } from '@/db/queries/import-mappings';
import { handler, json } from '@/lib/http';
import { IMPORTERS } from '@/lib/importers';
import { TempSpace } from '@/lib/importers/files';
import { listImportHistory } from '@/lib/services/import';
import { importUploadAsync, previewUploadAsync } from '@/lib/services/import-thread';
import { readImportForm } from './form';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const formats = () => IMPORTERS.map((i) => ({ id: i.id, label: i.label }));

export const POST = handler(async (req: Request) => {
  const who = await requireRole(req, 'engineer');
  const temp = new TempSpace('joulebench-upload-');
  try {
    const form = await readImportForm(req, temp);
    const db = getDb();
    const mapping = form.mapping ?? (form.mappingName ? mappingOrThrow(db, form.mappingName) : undefined);
    const opts = {
      format: form.format,
      formats: form.formats,
      overrides: form.overrides,
      mapping,
      studyId: form.studyId,
      studyName: form.study ?? 'Imported',
    };
    if (form.dryRun)
      return json({
        dryRun: true,
        // Parsing a large upload takes seconds: in the import thread, like the commit.
        ...(await previewUploadAsync(db, form.files, { ...opts, records: form.records })),
        formats: formats(),
      });
    // Large uploads are parsed and committed in a worker thread (the server keeps answering).
    const res = await importUploadAsync(db, form.files, {
      ...opts,
      createdBy: who.name,
      skipInvalid: form.skipInvalid,
    });
    return json(res, res.importId ? 201 : 200);
  } finally {
    temp.dispose();
  }
});

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json({ imports: listImportHistory(getDb()), formats: formats() });
});
