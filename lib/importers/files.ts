/**
 * File access for importers: files are either bytes in memory (small files, tests) or paths on
 * disk (uploads spooled to temp files while hashing, CLI arguments). Large files are read in
 * chunks, never whole: sha256 by chunks, text by chunks (UTF-8 validated, BOM stripped, NUL bytes
 * refused), zip archives expanded entry by entry to memory (small entries) or temp files.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Unzip, UnzipInflate } from 'fflate';
import { ImportError, type ImportFile, type TextSource } from './types';

/** Files above this size are parsed with the importer's parseStream when it has one. */
export const STREAM_MIN_BYTES = 8 * 1024 * 1024;
/** Chunk size for reading files from disk (hashing, zips). */
export const CHUNK_BYTES = 1024 * 1024;
/**
 * Chunk size for streaming text parses: below V8's large-object threshold (~128 KB), so the
 * per-chunk strings and buffers die young instead of piling up until a full GC (peak RSS).
 */
export const TEXT_CHUNK_BYTES = 64 * 1024;
/** How much of a large file format detection sees. */
export const HEAD_BYTES = 1024 * 1024;

export function fileSize(f: ImportFile): number {
  if (f.data) return f.data.byteLength;
  if (f.size !== undefined) return f.size;
  if (!f.path) throw new ImportError(f.name, undefined, 'no content');
  return fs.statSync(f.path).size;
}

/**
 * The file's bytes in chunks, never the whole file at once. Each chunk is a view into one reused
 * buffer: consume it (hash, decode, copy) before asking for the next.
 */
export function* byteChunks(f: ImportFile, chunkBytes = CHUNK_BYTES): Generator<Uint8Array> {
  if (f.data) {
    for (let o = 0; o < f.data.byteLength; o += chunkBytes)
      yield f.data.subarray(o, Math.min(o + chunkBytes, f.data.byteLength));
    return;
  }
  if (!f.path) throw new ImportError(f.name, undefined, 'no content');
  const fd = fs.openSync(f.path, 'r');
  const buf = Buffer.allocUnsafe(chunkBytes);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, chunkBytes, null);
      if (n <= 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** All bytes (small files only: callers check the size first). */
export function readAll(f: ImportFile): Uint8Array {
  if (f.data) return f.data;
  if (!f.path) throw new ImportError(f.name, undefined, 'no content');
  return new Uint8Array(fs.readFileSync(f.path));
}

export function fileSha256(f: ImportFile): string {
  if (f.sha256) return f.sha256;
  const h = createHash('sha256');
  for (const c of byteChunks(f)) h.update(c);
  return h.digest('hex');
}

const notUtf8 = (f: ImportFile) => new ImportError(f.name, undefined, 'not a UTF-8 text file (binary data?)');
const hasNul = (f: ImportFile) => new ImportError(f.name, undefined, 'not a text file (contains NUL bytes)');

/** The first `bytes` of the file as text, for format detection of large files. */
export function readHead(f: ImportFile, bytes = HEAD_BYTES): string {
  let head: Uint8Array;
  if (f.data) head = f.data.subarray(0, bytes);
  else {
    const fd = fs.openSync(f.path!, 'r');
    try {
      const buf = Buffer.allocUnsafe(bytes);
      head = buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0));
    } finally {
      fs.closeSync(fd);
    }
  }
  let text: string;
  try {
    // stream: a multi-byte character cut at the end of the head is not an error
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw notUtf8(f);
  }
  if (text.includes('\u0000')) throw hasNul(f);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The file as a chunked text source (Importer.parseStream). */
export function textSource(f: ImportFile, chunkBytes = TEXT_CHUNK_BYTES): TextSource {
  return {
    size: fileSize(f),
    *chunks() {
      const dec = new TextDecoder('utf-8', { fatal: true });
      let first = true;
      const decode = (c?: Uint8Array) => {
        try {
          return c ? dec.decode(c, { stream: true }) : dec.decode();
        } catch {
          throw notUtf8(f);
        }
      };
      for (const c of byteChunks(f, chunkBytes)) {
        let s = decode(c);
        if (s.includes('\u0000')) throw hasNul(f);
        if (first && s) {
          if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
          first = false;
        }
        if (s) yield s;
      }
      const rest = decode();
      if (rest) yield rest;
    },
  };
}

/** A private temp folder under os.tmpdir(), created on first use; dispose() removes it. */
export class TempSpace {
  private dir?: string;
  private n = 0;
  constructor(private readonly prefix = 'joulebench-import-') {}
  file(hint: string): string {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), this.prefix));
    return path.join(
      this.dir,
      `${++this.n}-${path
        .basename(hint)
        .replace(/[^\w.-]+/g, '_')
        .slice(-80)}`,
    );
  }
  dispose() {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

const isZip = (f: ImportFile) => {
  let head: Uint8Array;
  if (f.data) head = f.data.subarray(0, 4);
  else {
    if (fileSize(f) < 4) return false;
    const fd = fs.openSync(f.path!, 'r');
    try {
      const b = Buffer.alloc(4);
      fs.readSync(fd, b, 0, 4, 0);
      head = b;
    } finally {
      fs.closeSync(fd);
    }
  }
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
};

const SKIP_ENTRY = (name: string) =>
  name.endsWith('/') || /(^|\/)(__MACOSX|\.DS_Store)/.test(name) || /\.source\.txt$/.test(name);

/** A zip that is over a limit (declared or actual size, compression ratio): the API answers 413. */
export class ZipLimitError extends ImportError {}

/**
 * Compression ratio (uncompressed : compressed) above which an entry of more than
 * RATIO_MIN_BYTES is refused as a zip bomb. Benchmark JSON and CSV compress about 5-30x;
 * deflate cannot exceed ~1030x, which a file of zeros reaches.
 */
export const MAX_ZIP_RATIO = 250;
const RATIO_MIN_BYTES = 1024 * 1024;
/** A declared size of 0xFFFFFFFF: the real one is in a ZIP64 extra field (not read; the running total still applies). */
const ZIP64_UNKNOWN = 0xffffffff;

const MBs = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

interface ExpandOpts {
  maxBytes: number;
  temp?: TempSpace;
}

/** What the central directory says about an entry. */
interface DeclaredEntry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

/**
 * Expands .zip files into their entries (named `<zip name without .zip>/<entry path>` so related
 * files pair up). Before inflating anything, the sizes the central directory declares are checked
 * against `maxBytes` and MAX_ZIP_RATIO; while inflating, an entry may not grow beyond its
 * declared size nor the total beyond `maxBytes` (so a lying header costs no more than an honest
 * one). Entries up to STREAM_MIN_BYTES stay in memory, larger ones go to temp files in `temp`
 * (hashed as they are written). Throws ZipLimitError over a limit (callers answer 413),
 * ImportError when the archive is corrupt.
 *
 * This one is synchronous (fflate; the CLI's path). The server uses expandArchivesAsync.
 */
export function expandArchives(files: ImportFile[], opts: ExpandOpts): ImportFile[] {
  const plan = planArchives(files, opts.maxBytes);
  const out: ImportFile[] = [];
  const total = { n: 0 };
  for (const f of files) {
    if (!plan.has(f)) out.push(f);
    else out.push(...expandWithFflate(f, plan.get(f) ?? null, opts, total));
  }
  return out;
}

/**
 * expandArchives for the web server: each entry is inflated by node:zlib's stream, which runs on
 * libuv's thread pool (off the request thread), so other requests keep being answered while a
 * large or hostile archive is expanded.
 */
export async function expandArchivesAsync(files: ImportFile[], opts: ExpandOpts): Promise<ImportFile[]> {
  const plan = planArchives(files, opts.maxBytes);
  const out: ImportFile[] = [];
  const total = { n: 0 };
  for (const f of files) {
    const entries = plan.get(f);
    if (entries === undefined) out.push(f);
    else if (entries === null)
      out.push(...expandWithFflate(f, null, opts, total)); // ZIP64 (rare): bounded by the total
    else for (const e of entries) if (!SKIP_ENTRY(e.name)) out.push(await inflateEntry(f, e, opts, total));
  }
  return out;
}

/**
 * Reads every zip's central directory and checks, before anything is inflated, that the declared
 * sizes of all zips together fit in `maxBytes` and that no entry's ratio marks a zip bomb.
 * Returns the zips' entries (null: a ZIP64 directory, not read); non-zips are not in the map.
 */
function planArchives(files: ImportFile[], maxBytes: number): Map<ImportFile, DeclaredEntry[] | null> {
  const plan = new Map<ImportFile, DeclaredEntry[] | null>();
  let declaredTotal = 0;
  for (const f of files) {
    if (!isZip(f)) continue; // plain files are limited by the upload itself (413 while streaming)
    if (!hasEndOfCentralDirectory(f))
      throw new ImportError(
        f.name,
        undefined,
        'corrupt zip archive: no end-of-central-directory record (truncated upload?)',
      );
    const entries = readCentralDirectory(f);
    plan.set(f, entries);
    for (const e of entries ?? []) if (e.uncompressed !== ZIP64_UNKNOWN) declaredTotal += e.uncompressed;
  }
  if (declaredTotal > maxBytes) {
    const zip = files.find((f) => plan.has(f)) ?? files[0];
    throw new ZipLimitError(
      zip.name,
      undefined,
      `archive expands to more than ${MBs(maxBytes)} (its directory declares ${MBs(declaredTotal)} in total; the limit is ${MBs(maxBytes)})`,
    );
  }
  for (const [f, entries] of plan)
    for (const e of entries ?? []) {
      if (e.uncompressed === ZIP64_UNKNOWN || e.uncompressed <= RATIO_MIN_BYTES) continue;
      const ratio = e.uncompressed / Math.max(1, e.compressed);
      if (ratio > MAX_ZIP_RATIO)
        throw new ZipLimitError(
          f.name,
          e.name,
          `compression ratio ${Math.round(ratio)}:1 is above ${MAX_ZIP_RATIO}:1 (zip bomb?): ${MBs(e.uncompressed)} from ${e.compressed} bytes`,
        );
    }
  return plan;
}

/**
 * Collects one entry's inflated bytes: counts them against the entry's declared size and the
 * archive-wide total, hashes them, keeps small entries in memory and spills large ones to a temp file.
 */
class EntrySink {
  private parts: Uint8Array[] = [];
  private size = 0;
  private fd?: number;
  private filePath?: string;
  private readonly hash = createHash('sha256');
  constructor(
    private readonly zip: string,
    private readonly entry: string,
    private readonly declared: number,
    private readonly opts: ExpandOpts,
    private readonly total: { n: number },
  ) {}

  write(chunk: Uint8Array): void {
    this.total.n += chunk.byteLength;
    this.size += chunk.byteLength;
    if (this.total.n > this.opts.maxBytes)
      throw new ZipLimitError(this.zip, this.entry, `archive expands to more than ${MBs(this.opts.maxBytes)}`);
    if (this.declared !== ZIP64_UNKNOWN && this.size > this.declared)
      throw new ZipLimitError(
        this.zip,
        this.entry,
        `zip entry inflates beyond the ${this.declared} bytes its directory declares (zip bomb?)`,
      );
    this.hash.update(chunk);
    if (this.fd === undefined && this.size > STREAM_MIN_BYTES) {
      this.filePath = (this.opts.temp ??= new TempSpace()).file(this.entry);
      this.fd = fs.openSync(this.filePath, 'w');
      for (const p of this.parts) fs.writeSync(this.fd, p);
      this.parts = [];
    }
    if (this.fd !== undefined) fs.writeSync(this.fd, chunk);
    else this.parts.push(chunk.slice());
  }

  finish(name: string): ImportFile {
    const sha256 = this.hash.digest('hex');
    if (this.fd === undefined) return { name, data: Buffer.concat(this.parts), size: this.size, sha256 };
    this.close();
    return { name, path: this.filePath, size: this.size, sha256 };
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

const zipBase = (f: ImportFile) => f.name.replace(/\.zip$/i, '');

/** One entry through node:zlib (thread pool), located by its central-directory record. */
async function inflateEntry(
  f: ImportFile,
  e: DeclaredEntry,
  opts: ExpandOpts,
  total: { n: number },
): Promise<ImportFile> {
  const corrupt = (why: string) => new ImportError(f.name, e.name, `corrupt zip entry: ${why}`);
  if (e.flags & 1) throw new ImportError(f.name, e.name, 'encrypted zip entries are not supported');
  if (e.method !== 0 && e.method !== 8)
    throw new ImportError(f.name, e.name, `unsupported compression method ${e.method} (only stored and deflate)`);
  const lh = readAt(f, e.localOffset, 30);
  if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50) throw corrupt('no local header where the directory points');
  const start = e.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  if (start + e.compressed > fileSize(f)) throw corrupt('data lies outside the file');
  const source: Readable =
    e.compressed === 0
      ? Readable.from([])
      : f.data
        ? Readable.from([Buffer.from(f.data.buffer, f.data.byteOffset + start, e.compressed)])
        : fs.createReadStream(f.path!, { start, end: start + e.compressed - 1 });
  const inflater = e.method === 8 ? zlib.createInflateRaw({ chunkSize: 64 * 1024 }) : undefined;
  const stream = inflater ? source.pipe(inflater) : source;
  if (inflater) source.on('error', (err) => inflater.destroy(err));
  const sink = new EntrySink(f.name, e.name, e.uncompressed, opts, total);
  try {
    for await (const chunk of stream) sink.write(chunk as Buffer);
  } catch (err) {
    sink.close();
    if (err instanceof ImportError) throw err;
    throw corrupt((err as Error).message);
  } finally {
    source.destroy();
    inflater?.destroy();
  }
  const out = sink.finish(`${zipBase(f)}/${e.name}`);
  if (e.uncompressed !== ZIP64_UNKNOWN && out.size !== e.uncompressed)
    throw corrupt(`${out.size} bytes instead of the ${e.uncompressed} its directory declares (cut short?)`);
  return out;
}

/** One zip through fflate, entry by entry as the local headers come (CLI; ZIP64 on the server). */
function expandWithFflate(
  f: ImportFile,
  entries: DeclaredEntry[] | null,
  opts: ExpandOpts,
  total: { n: number },
): ImportFile[] {
  const sizes = entries && new Map(entries.map((e) => [e.name, e.uncompressed]));
  const out: ImportFile[] = [];
  let open = 0;
  let fail: ImportError | undefined;
  const unzip = new Unzip((entry) => {
    if (SKIP_ENTRY(entry.name)) return;
    const declared = sizes ? sizes.get(entry.name) : ZIP64_UNKNOWN;
    if (declared === undefined) {
      fail = new ImportError(f.name, entry.name, 'corrupt zip archive: entry is not listed in the central directory');
      return;
    }
    const sink = new EntrySink(f.name, entry.name, declared, opts, total);
    open++;
    entry.ondata = (err, chunk, final) => {
      if (fail) return;
      try {
        if (err) throw new ImportError(f.name, entry.name, `corrupt zip entry: ${err.message}`);
        sink.write(chunk);
      } catch (e) {
        sink.close();
        fail = e as ImportError;
        return;
      }
      if (final) {
        open--;
        out.push(sink.finish(`${zipBase(f)}/${entry.name}`));
      }
    };
    try {
      entry.start();
    } catch (e) {
      fail = new ImportError(f.name, entry.name, `cannot expand zip entry: ${(e as Error).message}`);
    }
  });
  unzip.register(UnzipInflate);
  try {
    // Small pushes: after a limit is hit, fflate still inflates the rest of the current push.
    let last: Uint8Array | undefined;
    outer: for (const c of byteChunks(f)) {
      const chunk = c.slice();
      for (let o = 0; o < chunk.byteLength; o += 64 * 1024) {
        if (last) unzip.push(last, false);
        last = chunk.subarray(o, o + 64 * 1024);
        if (fail) break outer;
      }
    }
    if (!fail) unzip.push(last ?? new Uint8Array(), true);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(f.name, undefined, `corrupt zip archive: ${(e as Error).message}`);
  }
  if (fail) throw fail;
  if (open) throw new ImportError(f.name, undefined, 'corrupt zip archive: an entry is cut short');
  return out;
}

function readAt(f: ImportFile, pos: number, len: number): Buffer {
  if (f.data)
    return Buffer.from(f.data.buffer, f.data.byteOffset + pos, Math.max(0, Math.min(len, f.data.byteLength - pos)));
  const fd = fs.openSync(f.path!, 'r');
  try {
    const b = Buffer.alloc(len);
    return b.subarray(0, fs.readSync(fd, b, 0, len, pos));
  } finally {
    fs.closeSync(fd);
  }
}

/** The central directory's entries, found through the end-of-central-directory record; null for ZIP64. */
function readCentralDirectory(f: ImportFile): DeclaredEntry[] | null {
  const size = fileSize(f);
  const n = Math.min(size, 65_557);
  const tail = readAt(f, size - n, n);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  const corrupt = (why: string) => new ImportError(f.name, undefined, `corrupt zip archive: ${why}`);
  if (eocd < 0) throw corrupt('no end-of-central-directory record');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === ZIP64_UNKNOWN || count === 0xffff) return null;
  if (cdOffset + cdSize > size) throw corrupt('central directory lies outside the file');
  const cd = readAt(f, cdOffset, cdSize);
  const out: DeclaredEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw corrupt('malformed central directory');
    const flags = cd.readUInt16LE(p + 8);
    const nameLen = cd.readUInt16LE(p + 28);
    // Names decoded as fflate does: UTF-8 when flag bit 11 says so, else latin1.
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1');
    out.push({
      name,
      flags,
      method: cd.readUInt16LE(p + 10),
      compressed: cd.readUInt32LE(p + 20),
      uncompressed: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return out;
}

/** A zip ends with an end-of-central-directory record (PK\x05\x06) within its last 64 KB + 22 bytes. */
function hasEndOfCentralDirectory(f: ImportFile): boolean {
  const size = fileSize(f);
  const n = Math.min(size, 65_557);
  let tail: Uint8Array;
  if (f.data) tail = f.data.subarray(size - n);
  else {
    const fd = fs.openSync(f.path!, 'r');
    try {
      const b = Buffer.alloc(n);
      fs.readSync(fd, b, 0, n, size - n);
      tail = b;
    } finally {
      fs.closeSync(fd);
    }
  }
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  return false;
}
