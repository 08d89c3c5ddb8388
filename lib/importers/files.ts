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
    for (let o = 0; o < f.data.byteLength; o += chunkBytes) yield f.data.subarray(o, Math.min(o + chunkBytes, f.data.byteLength));
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
    return path.join(this.dir, `${++this.n}-${path.basename(hint).replace(/[^\w.-]+/g, '_').slice(-80)}`);
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

const SKIP_ENTRY = (name: string) => name.endsWith('/') || /(^|\/)(__MACOSX|\.DS_Store)/.test(name) || /\.source\.txt$/.test(name);

/**
 * Expands .zip files into their entries (named `<zip name without .zip>/<entry path>` so related
 * files pair up), streaming: entries up to STREAM_MIN_BYTES stay in memory, larger ones go to
 * temp files in `temp` (hashed as they are written). Throws an ImportError naming the archive
 * when it is corrupt or expands beyond `maxBytes` (callers turn that into a 413).
 */
export function expandArchives(files: ImportFile[], opts: { maxBytes: number; temp?: TempSpace }): ImportFile[] {
  const out: ImportFile[] = [];
  for (const f of files) {
    if (!isZip(f)) {
      out.push(f);
      continue;
    }
    if (!hasEndOfCentralDirectory(f)) throw new ImportError(f.name, undefined, 'corrupt zip archive: no end-of-central-directory record (truncated upload?)');
    const base = f.name.replace(/\.zip$/i, '');
    let total = 0;
    let open = 0;
    let fail: ImportError | undefined;
    const unzip = new Unzip((entry) => {
      if (SKIP_ENTRY(entry.name)) return;
      const name = `${base}/${entry.name}`;
      const parts: Uint8Array[] = [];
      let size = 0;
      let fd: number | undefined;
      let filePath: string | undefined;
      const hash = createHash('sha256');
      open++;
      entry.ondata = (err, chunk, final) => {
        if (fail) return;
        if (err) {
          fail = new ImportError(f.name, entry.name, `corrupt zip entry: ${err.message}`);
          return;
        }
        total += chunk.byteLength;
        size += chunk.byteLength;
        if (total > opts.maxBytes) {
          fail = new ImportError(f.name, entry.name, `archive expands to more than ${opts.maxBytes / 1024 / 1024} MB`);
          return;
        }
        hash.update(chunk);
        if (fd === undefined && size > STREAM_MIN_BYTES) {
          const temp = (opts.temp ??= new TempSpace());
          filePath = temp.file(entry.name);
          fd = fs.openSync(filePath, 'w');
          for (const p of parts) fs.writeSync(fd, p);
          parts.length = 0;
        }
        if (fd !== undefined) fs.writeSync(fd, chunk);
        else parts.push(chunk.slice());
        if (final) {
          open--;
          if (fd !== undefined) {
            fs.closeSync(fd);
            out.push({ name, path: filePath, size, sha256: hash.digest('hex') });
          } else out.push({ name, data: Buffer.concat(parts), size, sha256: hash.digest('hex') });
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
      let last: Uint8Array | undefined;
      for (const c of byteChunks(f)) {
        if (last) unzip.push(last, false);
        last = c.slice();
        if (fail) break;
      }
      if (!fail) unzip.push(last ?? new Uint8Array(), true);
    } catch (e) {
      if (e instanceof ImportError) throw e;
      throw new ImportError(f.name, undefined, `corrupt zip archive: ${(e as Error).message}`);
    }
    if (fail) throw fail;
    if (open) throw new ImportError(f.name, undefined, 'corrupt zip archive: an entry is cut short');
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
  for (let i = tail.length - 22; i >= 0; i--) if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  return false;
}
