/** Importer contract: pure parse + map + validate. Importers never write to the database. */
import type { RunRecord } from '@/lib/record/schema';

export interface ImportFile {
  /** File name; may include a relative folder path (folder/zip uploads), used to pair MLPerf files. */
  name: string;
  /** Raw bytes of the file. */
  data: Uint8Array;
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
  /** Content-based detection: true when this importer recognises the file. */
  detect(text: string, name: string): boolean;
  parse(text: string, ctx: ParseContext): ParseResult;
}
