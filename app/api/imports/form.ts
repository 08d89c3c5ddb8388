/**
 * Reads the multipart form of POST /api/imports as a stream (busboy): each file is written to a
 * temp file under os.tmpdir() while it is hashed (sha256) and counted, so an upload never sits in
 * memory; zips are then expanded entry by entry. Fields: files (one or more; zips expanded),
 * study or studyId, format (all files) or formats (JSON {name: format}), dryRun=1, records=1
 * (dry run: also return the full run records), skipInvalid=1 (commit the files that parse, list the refused), overrides (JSON) or set.<key> fields, mapping
 * (JSON) or mappingName (a saved mapping), for the generic format.
 * Over the upload limit (JOULEBENCH_MAX_UPLOAD_MB, default 200 MB in total, also after zip
 * expansion) or MAX_FILES files -> 413 naming the file; a malformed body -> 400.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Busboy from '@fastify/busboy';
import { z } from 'zod';
import { PayloadTooLargeError, ValidationError } from '@/lib/errors';
import { ImportError, MAX_FILES, maxUploadBytes } from '@/lib/importers';
import { expandArchivesAsync, ZipLimitError, type TempSpace } from '@/lib/importers/files';
import { assertSafeKey } from '@/lib/safe-keys';
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
  /** Dry run only: include the full run records (per-request samples included). */
  records: boolean;
  /** Commit: store the files that parsed and list the refused ones, instead of refusing the upload. */
  skipInvalid: boolean;
  overrides: BatchOverrides;
  mapping?: ColumnMapping;
  mappingName?: string;
}

const overridesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const MB = 1024 * 1024;
/** The same limit as POST /api/studies. */
const MAX_STUDY_NAME = 200;

/** Override keys name record fields: the names that reach a prototype are refused (400). */
function safeOverrides(v: unknown): BatchOverrides {
  if (v && typeof v === 'object') for (const k of Object.keys(v)) assertSafeKey(k, k);
  return overridesSchema.parse(v);
}

function jsonField<T>(name: string, raw: string | undefined, parse: (v: unknown) => T): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new ValidationError(`field "${name}" must be JSON`);
  }
  try {
    return parse(v);
  } catch (e) {
    throw new ValidationError(
      `field "${name}": ${e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (e as Error).message}`,
    );
  }
}

/** Streams the multipart body: files to temp files (hashed, size-limited), fields to a list. */
function spool(
  req: Request,
  temp: TempSpace,
  limit: number,
): Promise<{ files: ImportFile[]; fields: [string, string][] }> {
  const contentType = req.headers.get('content-type') ?? '';
  return new Promise((resolve, reject) => {
    const files: (ImportFile | undefined)[] = [];
    const fields: [string, string][] = [];
    const pending: Promise<void>[] = [];
    const outs: fs.WriteStream[] = [];
    let total = 0;
    let done = false;
    let source: Readable | undefined;
    // The refusal waits until every temp file is closed: the route then removes the temp folder,
    // and a write stream still opening its file would create it inside the folder being removed
    // (rmSync failed with ENOTEMPTY, and the 413 became a 500).
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      source?.unpipe();
      source?.destroy();
      for (const o of outs) o.destroy();
      const closed = (o: fs.WriteStream) =>
        o.closed ? undefined : new Promise<void>((r) => o.once('close', () => r()));
      Promise.all(outs.map(closed)).then(() => reject(e));
    };
    let bb: ReturnType<typeof Busboy>;
    try {
      bb = Busboy({
        headers: { 'content-type': contentType },
        preservePath: true,
        limits: { fieldSize: 4 * MB, fields: 2000, files: MAX_FILES + 1 },
      });
    } catch (e) {
      throw new ValidationError(`could not read the multipart body: ${(e as Error).message}`);
    }
    bb.on('file', (field, stream, filename) => {
      if (done) return stream.resume();
      if (field !== 'files' && field !== 'file') {
        stream.resume();
        return fail(new ValidationError(`field "${field}" must be text, not a file (send files in "files")`));
      }
      const idx = files.push(undefined) - 1;
      if (idx >= MAX_FILES) {
        stream.resume();
        return fail(new PayloadTooLargeError(`too many files; at most ${MAX_FILES} per upload`));
      }
      const name = (filename || 'upload').replace(/\\/g, '/').replace(/^\/+/, '');
      const filePath = temp.file(name);
      const out = fs.createWriteStream(filePath);
      outs.push(out);
      const hash = createHash('sha256');
      let size = 0;
      const spooled = new Promise<void>((res, rej) => {
        stream.on('data', (c: Buffer) => {
          size += c.length;
          total += c.length;
          if (total > limit) {
            stream.unpipe(out);
            out.destroy();
            stream.resume();
            return fail(
              new PayloadTooLargeError(
                `upload too large at "${name}": more than ${limit / MB} MB in total (the limit for one upload)`,
              ),
            );
          }
          hash.update(c);
        });
        stream.on('error', rej);
        out.on('error', rej);
        out.on('close', () => {
          if (!done) files[idx] = { name, path: filePath, size, sha256: hash.digest('hex') };
          res();
        });
        stream.pipe(out);
      });
      // After a refusal (fail: 413, 400) nobody awaits this promise any more, so a write error
      // then must not become an unhandled rejection; before a refusal Promise.all still sees it.
      spooled.catch(() => {});
      pending.push(spooled);
    });
    bb.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) return fail(new ValidationError(`field "${name}" is longer than 4 MB`));
      fields.push([name, value]);
    });
    bb.on('filesLimit', () => fail(new PayloadTooLargeError(`too many files; at most ${MAX_FILES} per upload`)));
    bb.on('error', (e) => fail(new ValidationError(`could not read the multipart body: ${(e as Error).message}`)));
    bb.on('finish', () => {
      Promise.all(pending).then(
        () => {
          if (done) return;
          done = true;
          resolve({ files: files.filter((f): f is ImportFile => !!f), fields });
        },
        (e) => fail(new ValidationError(`could not store the upload: ${(e as Error).message}`)),
      );
    });
    source = Readable.fromWeb(req.body as unknown as WebReadableStream);
    source.on('error', (e) => fail(new ValidationError(`upload interrupted: ${e.message}`)));
    source.pipe(bb);
  });
}

export async function readImportForm(req: Request, temp: TempSpace): Promise<ImportForm> {
  const limit = maxUploadBytes();
  const len = Number(req.headers.get('content-length') ?? 0);
  if (len > limit + MB)
    throw new PayloadTooLargeError(`upload is ${(len / MB).toFixed(0)} MB; the limit is ${limit / MB} MB in total`);
  if (!(req.headers.get('content-type') ?? '').includes('multipart/form-data'))
    throw new ValidationError('expected multipart/form-data with one or more "files"');
  if (!req.body) throw new ValidationError('empty request body: send one or more files in the "files" field');
  const { files, fields } = await spool(req, temp, limit);
  if (!files.length) throw new ValidationError('no files: send one or more files in the "files" field');
  let expanded: ImportFile[];
  try {
    // Declared sizes and ratios first, then inflated in slices so other requests are served meanwhile.
    expanded = await expandArchivesAsync(files, { maxBytes: limit, temp });
  } catch (e) {
    if (e instanceof ZipLimitError) throw new PayloadTooLargeError(e.message);
    if (e instanceof ImportError && /expands to more than/.test(e.reason)) throw new PayloadTooLargeError(e.message);
    throw new ValidationError((e as Error).message);
  }
  if (expanded.length > MAX_FILES)
    throw new PayloadTooLargeError(
      `too many files (${expanded.length} after expanding archives); at most ${MAX_FILES} per upload`,
    );
  const get = (k: string) => fields.find(([n]) => n === k)?.[1];
  const studyIdRaw = get('studyId');
  const studyId = studyIdRaw !== undefined && studyIdRaw !== '' ? Number(studyIdRaw) : undefined;
  if (studyId !== undefined && (!Number.isInteger(studyId) || studyId <= 0))
    throw new ValidationError('studyId must be a positive integer');
  const overrides: BatchOverrides = Object.assign(
    Object.create(null) as BatchOverrides,
    jsonField('overrides', get('overrides'), safeOverrides),
  );
  for (const [k, v] of fields) {
    if (!k.startsWith('set.') || !v.trim()) continue;
    assertSafeKey(k.slice(4), k);
    overrides[k.slice(4)] = v.trim();
  }
  const study = get('study');
  if (study && study.trim().length > MAX_STUDY_NAME)
    throw new ValidationError(`study: name is too long (${study.trim().length} characters; max ${MAX_STUDY_NAME})`);
  const format = get('format');
  const mapping = jsonField('mapping', get('mapping'), validateMapping);
  const mappingName = get('mappingName')?.trim() || undefined;
  if (mapping && mappingName) throw new ValidationError('send either "mapping" or "mappingName", not both');
  const flag = (k: string) => ['1', 'true', 'yes'].includes(String(get(k) ?? ''));
  return {
    files: expanded,
    study: study?.trim() || undefined,
    studyId,
    format: format && format !== 'auto' ? format : undefined,
    formats: jsonField('formats', get('formats'), (v) => z.record(z.string(), z.string()).parse(v)),
    dryRun: flag('dryRun'),
    records: flag('records'),
    skipInvalid: flag('skipInvalid'),
    overrides,
    mapping,
    mappingName,
  };
}
