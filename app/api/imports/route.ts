/**
 * POST /api/imports: multipart upload of one or more files (or zips). dryRun=1 returns the
 * preview (per-file format, runs, warnings, errors) and writes nothing; otherwise every file must
 * parse or nothing is written (400 naming each failing file), then one transaction commits.
 * GET /api/imports: import history (batches, newest first).
 */
import { requireReader, requireRole } from '@/lib/auth/guard';
import { getDb } from '@/db/client';
import { handler, json } from '@/lib/http';
import { IMPORTERS } from '@/lib/importers';
import { importUpload, listImportHistory, previewUpload } from '@/lib/services/import';
import { readImportForm } from './form';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = handler(async (req: Request) => {
  const who = await requireRole(req, 'engineer');
  const form = await readImportForm(req);
  const opts = { format: form.format, formats: form.formats, overrides: form.overrides, mapping: form.mapping };
  if (form.dryRun) {
    const files = previewUpload(form.files, opts);
    return json({ dryRun: true, ok: files.every((f) => f.ok), files, formats: IMPORTERS.map((i) => ({ id: i.id, label: i.label })) });
  }
  const res = importUpload(getDb(), form.files, { ...opts, studyId: form.studyId, studyName: form.study ?? 'Imported', createdBy: who.name });
  return json(res, res.importId ? 201 : 200);
});

export const GET = handler(async (req: Request) => {
  await requireReader(req);
  return json({ imports: listImportHistory(getDb()), formats: IMPORTERS.map((i) => ({ id: i.id, label: i.label })) });
});
