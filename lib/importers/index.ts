/**
 * Importer registry and the parse entry points: detects the format from content (the user may
 * override), parses, runs the multi-file join pass (MLPerf summary + detail + spl.txt + server
 * and system JSON of one run; vLLM result + .commands; ML.ENERGY runs + model metadata), applies
 * batch overrides, and returns validated run records per file. No database access here.
 */
import { constants as bufferConstants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { runRecordImporter } from './run-record';
import {
  expandArchives as expandZips,
  fileSha256,
  fileSize,
  readAll,
  readHead,
  STREAM_MIN_BYTES,
  TempSpace,
  textSource,
} from './files';
import {
  ImportError,
  type ColumnMapping,
  type ImportFile,
  type Importer,
  type ParsedFile,
  type TextSource,
} from './types';
import { aiperfCsvImporter, aiperfJsonImporter } from './aiperf';
import { codecarbonCsvImporter, codecarbonJsonImporter } from './codecarbon';
import { genaiPerfCsvImporter, genaiPerfJsonImporter } from './genai-perf';
import { genericImporter } from './generic-csv';
import { llmperfResponsesImporter, llmperfSummaryImporter } from './llmperf';
import { mlEnergyModelsImporter, mlEnergyV1Importer, mlEnergyV2Importer, mlEnergyV3Importer } from './ml-energy';
import {
  mlperfDetailImporter,
  mlperfPowerServerImporter,
  mlperfSplImporter,
  mlperfSummaryImporter,
  mlperfSystemImporter,
} from './mlperf';
import { optimumBenchmarkImporter } from './optimum-benchmark';
import { sglangImporter } from './sglang';
import { vllmServeImporter } from './vllm/serve';
import { vllmCommandsImporter } from './vllm/commands';
import { vllmLatencyImporter } from './vllm/latency';
import { vllmNightlyImporter } from './vllm/nightly';
import { vllmPytorchImporter } from './vllm/pytorch';
import { vllmThroughputImporter } from './vllm/throughput';
import { joinPass } from './join';
import { detectCandidates, type DetectCandidate } from './detect';
import { checkConsistency } from './consistency';
import { applyOverrides, type BatchOverrides } from './overrides';
import { env } from '@/lib/env';

/** Registry, most specific first: detection takes the most confident match, ties in this order. */
export const IMPORTERS: Importer[] = [
  runRecordImporter,
  mlperfDetailImporter,
  mlperfSummaryImporter,
  mlperfSplImporter,
  mlperfPowerServerImporter,
  mlperfSystemImporter,
  vllmCommandsImporter,
  sglangImporter,
  vllmServeImporter,
  vllmThroughputImporter,
  vllmLatencyImporter,
  vllmPytorchImporter,
  vllmNightlyImporter,
  aiperfJsonImporter,
  aiperfCsvImporter,
  genaiPerfJsonImporter,
  genaiPerfCsvImporter,
  llmperfSummaryImporter,
  llmperfResponsesImporter,
  mlEnergyV1Importer,
  mlEnergyV2Importer,
  mlEnergyV3Importer,
  mlEnergyModelsImporter,
  optimumBenchmarkImporter,
  codecarbonJsonImporter,
  codecarbonCsvImporter,
  genericImporter,
];

/** Upload limits (API returns 413 above MAX_TOTAL_BYTES). */
export const MAX_TOTAL_BYTES = 200 * 1024 * 1024;
export const MAX_FILES = 500;

export interface ParseOptions {
  format?: string;
  now?: string;
  mapping?: ColumnMapping;
  overrides?: BatchOverrides;
  /** Called as files are read (and, for large streamed files, as their chunks are read). */
  onProgress?: (p: ParseProgress) => void;
}

/** Where a multi-file parse stands: for progress displays (CLI on a terminal). */
export interface ParseProgress {
  file: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  runs: number;
}

/** A streamed file's chunks, counting bytes read as they go (progress of one large file). */
export function countingSource(src: TextSource, onBytes: (n: number) => void): TextSource {
  return {
    size: src.size,
    *chunks() {
      for (const c of src.chunks()) {
        onBytes(Buffer.byteLength(c));
        yield c;
      }
    },
  };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Upload limit in bytes: JOULEBENCH_MAX_UPLOAD_MB (default 200) when set, read at call time. */
export function maxUploadBytes(): number {
  const mb = env('JOULEBENCH_MAX_UPLOAD_MB');
  return mb !== undefined ? mb * 1024 * 1024 : MAX_TOTAL_BYTES;
}

export function detectFormat(text: string, name: string): Importer | undefined {
  return detectCandidates(IMPORTERS, text, name)[0]?.importer;
}

/** Every importer that recognises the content, most confident first (for tests and the preview). */
export function detectAll(text: string, name: string): DetectCandidate[] {
  return detectCandidates(IMPORTERS, text, name);
}

/** A file read whole (formats without a streaming reader) must fit in one JavaScript string. */
function tooLargeToReadWhole(file: ImportFile, bytes: number): ImportError {
  const mb = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en-US')} MB`;
  return new ImportError(
    file.name,
    undefined,
    `too large to read whole (${mb(bytes)}; this format is read in one piece, up to ${mb(bufferConstants.MAX_STRING_LENGTH)}): split it into smaller files, or export Joulebench run records as JSON Lines, which are read line by line`,
  );
}

export function decodeText(file: ImportFile): string {
  const data = readAll(file);
  if (data.byteLength === 0) throw new ImportError(file.name, undefined, 'file is empty');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_STRING_TOO_LONG') throw tooLargeToReadWhole(file, data.byteLength);
    throw new ImportError(file.name, undefined, 'not a UTF-8 text file (binary data?)');
  }
  if (text.includes('\u0000')) throw new ImportError(file.name, undefined, 'not a text file (contains NUL bytes)');
  if (!text.trim()) throw new ImportError(file.name, undefined, 'file is empty (whitespace only)');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function importerFor(file: ImportFile, text: string, format: string | undefined, warnings: string[]): Importer {
  let importer: Importer | undefined;
  if (format) importer = IMPORTERS.find((i) => i.id === format);
  else {
    const cands = detectCandidates(IMPORTERS, text, file.name);
    importer = cands[0]?.importer;
    // Two signatures matching is a detection gap: say so rather than pick silently.
    if (cands.length > 1)
      warnings.push(
        `detected as ${cands[0].importer.id} (confidence ${cands[0].confidence}); also matches ${cands
          .slice(1)
          .map((c) => `${c.importer.id} (${c.confidence})`)
          .join(', ')}: choose the format if this is wrong`,
      );
  }
  if (!importer) {
    throw new ImportError(
      file.name,
      undefined,
      format
        ? `unknown format "${format}" (known: ${IMPORTERS.map((i) => i.id).join(', ')})`
        : 'unrecognised format: the content matches none of the known benchmark formats (choose a format, or "generic" with a column mapping)',
    );
  }
  return importer;
}

/**
 * Parses one file on its own (no join, no overrides). Small files are decoded whole; files above
 * STREAM_MIN_BYTES are detected from their first MB and, when the importer can stream
 * (parseStream), read in chunks so memory stays well below the file size.
 */
export function parseFile(file: ImportFile, opts: ParseOptions & { onBytes?: (n: number) => void } = {}): ParsedFile {
  const size = fileSize(file);
  if (size === 0) throw new ImportError(file.name, undefined, 'file is empty');
  const hash = fileSha256(file);
  const large = size > STREAM_MIN_BYTES;
  const head = large ? readHead(file) : decodeText(file);
  if (large && !head.trim()) throw new ImportError(file.name, undefined, 'file is empty (whitespace only)');
  const detectWarnings: string[] = [];
  const importer = importerFor(file, head, opts.format, detectWarnings);
  const ctx = { name: file.name, sha256: hash, now: opts.now ?? new Date().toISOString(), mapping: opts.mapping };
  let res;
  try {
    const src = large && importer.parseStream ? textSource(file) : undefined;
    res =
      src && importer.parseStream
        ? importer.parseStream(opts.onBytes ? countingSource(src, opts.onBytes) : src, ctx)
        : importer.parse(large ? decodeText(file) : head, ctx);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    // Importers validate as they go; anything else is still this file's fault, never a crash.
    throw new ImportError(file.name, undefined, `could not be read as ${importer.id}: ${(e as Error).message}`);
  }
  const warnings = [...detectWarnings, ...res.warnings];
  return {
    name: file.name,
    sha256: hash,
    format: importer.id,
    runs: res.runs,
    warnings: [...new Set(warnings)],
    ...(res.meta !== undefined ? { meta: res.meta } : {}),
  };
}

export type SettledFile =
  | { name: string; ok: true; file: ParsedFile }
  | { name: string; ok: false; error: string; where?: string; reason: string };

/**
 * Parses every file, then joins related files and applies overrides. Per-file errors are
 * returned, not thrown, so a UI can show each; `formats` overrides detection per file name.
 */
export function parseFilesSettled(
  files: ImportFile[],
  opts: ParseOptions & { formats?: Record<string, string> } = {},
): SettledFile[] {
  const now = opts.now ?? new Date().toISOString();
  const progress = progressTracker(files, opts.onProgress);
  const settled: SettledFile[] = files.map((f) => {
    try {
      const file = parseFile(f, {
        ...opts,
        now,
        format: opts.formats?.[f.name] ?? opts.format,
        onBytes: progress.bytes(f),
      });
      progress.fileDone(f, file.runs.length);
      return { name: f.name, ok: true as const, file };
    } catch (e) {
      progress.fileDone(f, 0);
      if (e instanceof ImportError)
        return { name: f.name, ok: false as const, error: e.message, where: e.where, reason: e.reason };
      throw e;
    }
  });
  const good = settled.filter((s): s is Extract<SettledFile, { ok: true }> => s.ok).map((s) => s.file);
  joinPass(good, now);
  if (opts.overrides && Object.keys(opts.overrides).length) {
    for (const s of settled) {
      if (!s.ok) continue;
      try {
        applyOverrides(s.file, opts.overrides);
      } catch (e) {
        if (!(e instanceof ImportError)) throw e;
        Object.assign(s, { ok: false, error: e.message, where: e.where, reason: e.reason });
      }
    }
  }
  // Checked on the final records (after the join filled energy and the overrides filled fields).
  for (const s of settled)
    if (s.ok) s.file.warnings = [...new Set([...s.file.warnings, ...checkConsistency(s.file.runs)])];
  return settled;
}

/** Counts files, bytes and runs for onProgress (a no-op without a listener). */
function progressTracker(files: ImportFile[], onProgress: ParseOptions['onProgress']) {
  const sizes = onProgress ? files.map((f) => fileSize(f)) : [];
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  let filesDone = 0;
  let bytesDone = 0;
  let runs = 0;
  let inFile = 0;
  const emit = (file: string) =>
    onProgress?.({ file, filesDone, filesTotal: files.length, bytesDone: bytesDone + inFile, bytesTotal, runs });
  return {
    bytes: (f: ImportFile) =>
      onProgress
        ? (n: number) => {
            inFile += n;
            emit(f.name);
          }
        : undefined,
    fileDone(f: ImportFile, fileRuns: number) {
      if (!onProgress) return;
      filesDone++;
      bytesDone += sizes[files.indexOf(f)] ?? 0;
      inFile = 0;
      runs += fileRuns;
      emit(f.name);
    },
  };
}

/** Like parseFilesSettled, but throws the first failure (CLI, scripts). */
export function parseFiles(
  files: ImportFile[],
  opts: ParseOptions & { formats?: Record<string, string> } = {},
): ParsedFile[] {
  const settled = parseFilesSettled(files, opts);
  const bad = settled.filter((s) => !s.ok);
  if (bad.length) {
    const first = bad[0] as Extract<SettledFile, { ok: false }>;
    const err = new ImportError(
      first.name,
      first.where,
      first.reason +
        (bad.length > 1
          ? ` (and ${bad.length - 1} more failing file(s): ${bad
              .slice(1)
              .map((b) => b.name)
              .join(', ')})`
          : ''),
    );
    throw err;
  }
  return settled.map((s) => (s as Extract<SettledFile, { ok: true }>).file);
}

/** Expands .zip uploads into their files (folders kept in names so related files pair up). */
export function expandArchives(files: ImportFile[], maxBytes = MAX_TOTAL_BYTES, temp?: TempSpace): ImportFile[] {
  return expandZips(files, { maxBytes, temp });
}

export { ImportError };
export type { BatchOverrides };
