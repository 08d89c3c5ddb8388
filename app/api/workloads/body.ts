/**
 * The body of POST /api/workloads, read with a byte limit (a chunked upload has no content-length
 * to check first): a multipart form (field `file`, optional `name`: the upload form), a raw CSV
 * (content-type text/csv, `?name=`: curl --data-binary), or JSON (a synthetic workload spec).
 */
import { PayloadTooLargeError, ValidationError } from '@/lib/errors';
import { parseJsonLimited, JsonLimitError } from '@/lib/json-limits';
import { MAX_TRACE_BYTES } from '@/lib/workloads/parse';

/** A trace at the limit plus the multipart envelope and a name field. */
const MAX_BODY_BYTES = MAX_TRACE_BYTES + 64 * 1024;

export type WorkloadBody =
  { kind: 'trace'; text: string; fileName: string; name?: string } | { kind: 'synthetic'; spec: unknown };

async function readLimited(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > max) throw new PayloadTooLargeError(`upload is larger than ${Math.round(max / 1024 / 1024)} MB`);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new PayloadTooLargeError(`upload is larger than ${Math.round(max / 1024 / 1024)} MB`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** A file name for messages: its last path part, printable, at most 200 characters. */
const safeFileName = (n: string) =>
  (n.split(/[\\/]/).pop() || 'trace.csv').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'trace.csv';

export async function readWorkloadBody(req: Request): Promise<WorkloadBody> {
  // The multipart boundary is case-sensitive: compare a lower-cased copy, pass the original on.
  const rawType = req.headers.get('content-type') ?? '';
  const type = rawType.toLowerCase();
  const buf = await readLimited(req, MAX_BODY_BYTES);
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(buf), { headers: { 'content-type': rawType } }).formData();
    } catch {
      throw new ValidationError('malformed multipart body');
    }
    const file = form.get('file');
    if (!file || typeof file === 'string') throw new ValidationError('field "file" (the trace CSV) is required');
    const name = form.get('name');
    return {
      kind: 'trace',
      text: await file.text(),
      fileName: safeFileName(file.name),
      name: typeof name === 'string' && name !== '' ? name : undefined,
    };
  }
  if (type.startsWith('text/csv') || type.startsWith('text/plain')) {
    const url = new URL(req.url);
    return {
      kind: 'trace',
      text: buf.toString('utf8'),
      fileName: safeFileName(url.searchParams.get('fileName') ?? 'trace.csv'),
      name: url.searchParams.get('name') ?? undefined,
    };
  }
  if (type.startsWith('application/json') || type === '') {
    try {
      return { kind: 'synthetic', spec: parseJsonLimited(buf.toString('utf8')) };
    } catch (e) {
      if (e instanceof JsonLimitError) throw new ValidationError(`request body: ${e.message}`);
      throw new ValidationError('request body must be valid JSON (a synthetic workload spec)');
    }
  }
  throw new ValidationError(
    `content-type ${type.split(';')[0]} not accepted: send multipart/form-data (field "file"), text/csv, or application/json (a synthetic spec)`,
  );
}
