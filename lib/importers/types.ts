/** Importer contract: pure parse + map + validate. Importers never write to the database. */
import type { RunRecord } from '@/lib/record/schema';

export interface ImportFile {
  /** File name; may include a relative folder path (folder/zip uploads), used to pair MLPerf files. */
  name: string;
  /** Raw bytes of the file (small files, tests). Either data or path is set. */
  data?: Uint8Array;
  /** Or a file on disk (uploads spooled to a temp file, CLI arguments): read in chunks when large. */
  path?: string;
  /** Size in bytes, when known (spooled uploads). */
  size?: number;
  /** sha256 (hex) of the bytes, when already computed (hashed while the upload was spooled). */
  sha256?: string;
}

/**
 * A large file read as text in chunks (UTF-8 validated, BOM stripped, NUL bytes refused), for
 * importers that parse without holding the whole text (Importer.parseStream).
 */
export interface TextSource {
  size: number;
  chunks(): Generator<string>;
}

export interface ParsedFile {
  name: string;
  sha256: string;
  format: string;
  runs: RunRecord[];
  warnings: string[];
  /**
   * Importer-private data for the multi-file join pass (MLPerf power samples, vLLM .commands,
   * ML.ENERGY model metadata). Not part of the public result; stripped from API responses.
   */
  meta?: unknown;
}

/** A parse failure that names file, line or key, and the reason. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly where: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}${where ? ` (${where})` : ''}: ${reason}`);
  }
}

/** Column mapping for the generic CSV/JSON importer (built in the UI, or a JSON file for the CLI). */
export interface ColumnMapping {
  /** column name -> target. Target is 'metric:<key>', 'knob:<name>', 'workload:<key>', or one of
   *  'model', 'gpu_model', 'gpu_count', 'engine', 'label', 'ignore'. */
  columns: Record<string, { target: string; unit?: string }>;
}

export interface ParseContext {
  name: string;
  sha256: string;
  now: string;
  mapping?: ColumnMapping;
}

export interface ParseResult {
  runs: RunRecord[];
  warnings: string[];
  meta?: unknown;
}

export interface Importer {
  /** Format id, e.g. 'vllm-serve'. */
  id: string;
  label: string;
  /**
   * Content-signature detection: false/0 when the file is not this format; true (= `confidence`)
   * or a number in (0, 1] saying how specific the matched signature is. The most confident
   * importer wins (lib/importers/detect.ts); tests require exactly one importer per fixture.
   */
  detect(text: string, name: string): boolean | number;
  /**
   * How specific this importer's signature is when detect() returns true: 1 for a self-naming
   * format (a run record, an MLPerf log line), lower for signatures made of common key names.
   */
  confidence?: number;
  parse(text: string, ctx: ParseContext): ParseResult;
  /**
   * Optional streaming parse, used for files above STREAM_MIN_BYTES: reads the text chunk by chunk
   * so peak memory stays well below the file size. Must give the same result as parse().
   */
  parseStream?(src: TextSource, ctx: ParseContext): ParseResult;
  /**
   * Optional: the runs of a large file one at a time, for a commit that never holds the whole file
   * (lib/importers/streamed.ts). Yields what parseStream() returns, in order; throws an
   * ImportError where the file goes wrong. Only for formats with no file-level warnings or joins.
   */
  streamRecords?(src: TextSource, ctx: ParseContext): Iterable<RunRecord>;
}
