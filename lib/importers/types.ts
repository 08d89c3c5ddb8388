/** Importer contract: pure parse + map + validate. Importers never write to the database. */
import type { RunRecord } from '@/lib/record/schema';

export interface ImportFile {
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

export interface Importer {
  /** Format id, e.g. 'vllm-serve'. */
  id: string;
  label: string;
  /** Content-based detection: true when this importer recognises the file. */
  detect(text: string, name: string): boolean;
  parse(text: string, ctx: { name: string; sha256: string; now: string }): { runs: RunRecord[]; warnings: string[] };
}
