/**
 * A large file whose runs are read at commit time, batch by batch, so that an import of a million
 * runs never holds them all (the CLI: `joulebench import runs.jsonl`). Only for importers that can
 * yield records one at a time (Importer.streamRecords: Joulebench JSON Lines); every other file is
 * parsed whole before the commit (parseFilesSettled).
 *
 * Each batch gets what parseFilesSettled does to a whole file: the batch overrides, then the
 * consistency check; their warnings are collected on the file as the batches are read. A bad line
 * throws an ImportError when its batch is read: the commit rolls back what the file had written.
 */
import { checkConsistency } from './consistency';
import { fileSha256, fileSize, readHead, STREAM_MIN_BYTES, textSource } from './files';
import { countingSource, importerFor, type ParseOptions } from './index';
import { applyOverrides } from './overrides';
import { ImportError, type ImportFile, type ParsedFile } from './types';
import type { RunRecord } from '@/lib/record/schema';

/**
 * Runs per batch on one thread: large enough that per-batch work is noise. 5,000 records outgrow
 * V8's young generation; batches of 1,000 made no clear difference here (docs/benchmarks.md,
 * fifteenth session), but do on the CLI's reading thread (import-pipeline-worker.cjs).
 */
export const STREAM_BATCH_RUNS = 5_000;

export interface StreamedFile {
  readonly streamed: true;
  name: string;
  sha256: string;
  format: string;
  /** Detection notes, then override and consistency warnings, as the batches are read. */
  warnings: string[];
  /** Runs read so far (all of the file's once batches() is exhausted). */
  runCount: number;
  /** The file and the options it was opened with (format resolved, `now` fixed), to open it again elsewhere. */
  readonly source: ImportFile;
  readonly options: ParseOptions;
  /**
   * The file's runs, in order, in batches of at most STREAM_BATCH_RUNS; `onBytes` hears of each
   * chunk read (progress). Read once.
   */
  batches(onBytes?: (n: number) => void): Generator<RunRecord[]>;
}

export function isStreamed(f: ParsedFile | StreamedFile): f is StreamedFile {
  return (f as StreamedFile).streamed === true;
}

/**
 * The file as a StreamedFile, or undefined when it should be parsed whole: small, of a format
 * that cannot stream, or not recognised (the whole parse then reports why).
 */
export function openStreamedFile(
  file: ImportFile,
  opts: ParseOptions & { batchRuns?: number; minBytes?: number } = {},
): StreamedFile | undefined {
  if (fileSize(file) <= (opts.minBytes ?? STREAM_MIN_BYTES)) return undefined;
  const head = readHead(file);
  if (!head.trim()) return undefined;
  const detectWarnings: string[] = [];
  let importer;
  try {
    importer = importerFor(file, head, opts.format, detectWarnings);
  } catch (e) {
    if (e instanceof ImportError) return undefined;
    throw e;
  }
  if (!importer.streamRecords) return undefined;
  const streamRecords = importer.streamRecords.bind(importer);
  const size = opts.batchRuns ?? STREAM_BATCH_RUNS;
  const warnings = new Set(detectWarnings);
  const now = opts.now ?? new Date().toISOString();
  const sha256 = fileSha256(file);
  const out: StreamedFile = {
    streamed: true,
    name: file.name,
    sha256,
    format: importer.id,
    warnings: [...warnings],
    runCount: 0,
    source: { ...file, sha256 },
    options: { format: importer.id, now, mapping: opts.mapping, overrides: opts.overrides },
    *batches(onBytes) {
      const ctx = { name: file.name, sha256, now, mapping: opts.mapping };
      const src = onBytes ? countingSource(textSource(file), onBytes) : textSource(file);
      const finish = (runs: RunRecord[]) => {
        const part: ParsedFile = { name: file.name, sha256: out.sha256, format: out.format, runs, warnings: [] };
        if (opts.overrides && Object.keys(opts.overrides).length) applyOverrides(part, opts.overrides);
        for (const w of [...part.warnings, ...checkConsistency(part.runs)]) warnings.add(w);
        out.warnings = [...warnings];
        out.runCount += part.runs.length;
        return part.runs;
      };
      let batch: RunRecord[] = [];
      try {
        for (const r of streamRecords(src, ctx)) {
          batch.push(r);
          if (batch.length === size) {
            yield finish(batch);
            batch = [];
          }
        }
        if (batch.length) yield finish(batch);
      } catch (e) {
        if (e instanceof ImportError) throw e;
        // As parseFile: anything else is still this file's fault, never a crash.
        throw new ImportError(file.name, undefined, `could not be read as ${out.format}: ${(e as Error).message}`);
      }
    },
  };
  return out;
}
