/**
 * Reads the multipart form of POST /api/imports: files (one or more, zips expanded), study or
 * studyId, format (for all files) or formats (JSON {name: format}), dryRun=1, overrides (JSON) or
 * set.<key> fields, mapping (JSON, for the generic format). Oversize uploads -> 413.
 */
import { z } from 'zod';
import { PayloadTooLargeError, ValidationError } from '@/lib/errors';
import { expandArchives, MAX_FILES, MAX_TOTAL_BYTES } from '@/lib/importers';
import { validateMapping } from '@/lib/importers/generic-csv';
import type { BatchOverrides } from '@/lib/importers/overrides';
import type { ColumnMapping, ImportFile } from '@/lib/importers/types';

export interface ImportForm {
  files: ImportFile[];
  study?: string;
  studyId?: number;
  format?: string;
  formats?: Record<string, string>;
  dryRun: boolean;
  overrides: BatchOverrides;
  mapping?: ColumnMapping;
}

const overridesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

function jsonField<T>(name: string, raw: FormDataEntryValue | null, parse: (v: unknown) => T): T | undefined {
  if (raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw new ValidationError(`field "${name}" must be text`);
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new ValidationError(`field "${name}" must be JSON`);
  }
  try {
    return parse(v);
  } catch (e) {
    throw new ValidationError(`field "${name}": ${e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (e as Error).message}`);
  }
}

export async function readImportForm(req: Request): Promise<ImportForm> {
  const len = Number(req.headers.get('content-length') ?? 0);
  if (len > MAX_TOTAL_BYTES + 1024 * 1024) throw new PayloadTooLargeError(`upload is ${(len / 1024 / 1024).toFixed(0)} MB; the limit is ${MAX_TOTAL_BYTES / 1024 / 1024} MB in total`);
  if (!(req.headers.get('content-type') ?? '').includes('multipart/form-data')) throw new ValidationError('expected multipart/form-data with one or more "files"');
  let form: FormData;
  try {
    form = await req.formData();
  } catch (e) {
    throw new ValidationError(`could not read the multipart body: ${(e as Error).message}`);
  }
  const raw = form.getAll('files').concat(form.getAll('file'));
  const files: ImportFile[] = [];
  let total = 0;
  for (const f of raw) {
    if (typeof f === 'string') throw new ValidationError('field "files" must contain files, not text');
    total += f.size;
    if (total > MAX_TOTAL_BYTES) throw new PayloadTooLargeError(`upload exceeds ${MAX_TOTAL_BYTES / 1024 / 1024} MB in total`);
    files.push({ name: f.name || 'upload', data: new Uint8Array(await f.arrayBuffer()) });
  }
  if (!files.length) throw new ValidationError('no files: send one or more files in the "files" field');
  let expanded: ImportFile[];
  try {
    expanded = expandArchives(files);
  } catch (e) {
    if (e instanceof Error && /expands to more than/.test(e.message)) throw new PayloadTooLargeError(e.message);
    throw new ValidationError((e as Error).message);
  }
  if (expanded.length > MAX_FILES) throw new PayloadTooLargeError(`too many files (${expanded.length}); at most ${MAX_FILES} per upload`);
  const studyIdRaw = form.get('studyId');
  const studyId = typeof studyIdRaw === 'string' && studyIdRaw !== '' ? Number(studyIdRaw) : undefined;
  if (studyId !== undefined && (!Number.isInteger(studyId) || studyId <= 0)) throw new ValidationError('studyId must be a positive integer');
  const overrides: BatchOverrides = jsonField('overrides', form.get('overrides'), (v) => overridesSchema.parse(v)) ?? {};
  for (const [k, v] of form.entries()) if (k.startsWith('set.') && typeof v === 'string' && v.trim()) overrides[k.slice(4)] = v.trim();
  const study = form.get('study');
  const format = form.get('format');
  return {
    files: expanded,
    study: typeof study === 'string' && study.trim() ? study.trim() : undefined,
    studyId,
    format: typeof format === 'string' && format && format !== 'auto' ? format : undefined,
    formats: jsonField('formats', form.get('formats'), (v) => z.record(z.string(), z.string()).parse(v)),
    dryRun: ['1', 'true', 'yes'].includes(String(form.get('dryRun') ?? '')),
    overrides,
    mapping: jsonField('mapping', form.get('mapping'), validateMapping),
  };
}
