/**
 * Importer registry and the parse entry point: detects the format from content (the user may
 * override), parses, and returns validated run records per file. No database access here.
 */
import { createHash } from 'node:crypto';
import { runRecordImporter } from './run-record';
import { ImportError, type ImportFile, type Importer, type ParsedFile } from './types';

export const IMPORTERS: Importer[] = [runRecordImporter];

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function detectFormat(text: string, name: string): Importer | undefined {
  return IMPORTERS.find((i) => i.detect(text, name));
}

export function parseFile(file: ImportFile, opts: { format?: string; now?: string } = {}): ParsedFile {
  if (file.data.byteLength === 0) throw new ImportError(file.name, undefined, 'file is empty');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.data);
  } catch {
    throw new ImportError(file.name, undefined, 'not a UTF-8 text file (binary data?)');
  }
  if (text.includes('\u0000')) throw new ImportError(file.name, undefined, 'not a text file (contains NUL bytes)');
  const importer = opts.format ? IMPORTERS.find((i) => i.id === opts.format) : detectFormat(text, file.name);
  if (!importer) {
    throw new ImportError(
      file.name,
      undefined,
      opts.format ? `unknown format "${opts.format}"` : `unrecognised format (known: ${IMPORTERS.map((i) => i.id).join(', ')})`,
    );
  }
  const hash = sha256(file.data);
  const { runs, warnings } = importer.parse(text, { name: file.name, sha256: hash, now: opts.now ?? new Date().toISOString() });
  return { name: file.name, sha256: hash, format: importer.id, runs, warnings };
}

export { ImportError };
