/** Joulebench run records (JSON object, JSON array, or JSONL), so export -> import round-trips. */
import { constants as bufferConstants } from 'node:buffer';
import { JsonLimitError, parseJsonLimited } from '@/lib/json-limits';
import { runRecordSchema, formatIssues, type RunRecord } from '@/lib/record/schema';
import { deriveMetrics } from '@/lib/metrics/catalogue';
import { shallowCopy } from '@/lib/shallow-copy';
import type { Importer, ParseContext, TextSource } from '../types';
import { sourceLines } from '../text';
import { ImportError } from '../types';

function looksLikeRecord(v: unknown): boolean {
  return !!v && typeof v === 'object' && 'schema_version' in v && 'metrics' in v && 'hardware' in v;
}

export const runRecordImporter: Importer = {
  id: 'joulebench',
  confidence: 1.0,
  label: 'Joulebench run records (JSON/JSONL)',
  detect(text) {
    const head = text.trimStart().slice(0, 2000);
    return /"schema_version"\s*:\s*1/.test(head) && head.includes('"hardware"');
  },
  parse(text, ctx) {
    const trimmed = text.trim();
    const items: { value: unknown; where: string }[] = [];
    if (trimmed.startsWith('[')) {
      let arr: unknown;
      try {
        arr = parseJsonLimited(trimmed);
      } catch (e) {
        throw new ImportError(
          ctx.name,
          undefined,
          e instanceof JsonLimitError ? e.message : `invalid JSON: ${(e as Error).message}`,
        );
      }
      if (!Array.isArray(arr)) throw new ImportError(ctx.name, undefined, 'expected an array of run records');
      arr.forEach((value, i) => items.push({ value, where: `item ${i}` }));
    } else {
      // One object, or JSON Lines.
      try {
        items.push({ value: parseJsonLimited(trimmed), where: 'line 1' });
      } catch (e) {
        if (e instanceof JsonLimitError) throw new ImportError(ctx.name, undefined, e.message);
        const lines = text.split(/\r?\n/);
        lines.forEach((line, i) => {
          if (!line.trim()) return;
          try {
            items.push({ value: parseJsonLimited(line), where: `line ${i + 1}` });
          } catch (e) {
            throw new ImportError(
              ctx.name,
              `line ${i + 1}`,
              e instanceof JsonLimitError ? e.message : `invalid JSON: ${(e as Error).message}`,
            );
          }
        });
      }
    }
    if (!items.length) throw new ImportError(ctx.name, undefined, 'no run records in file');
    const runs = items.map(({ value, where }) => toRecord(ctx.name, value, where));
    return { runs, warnings: [] };
  },
  /**
   * Large files (above 8 MB): JSON Lines are read line by line, so a file of a million runs is
   * never one string (V8 cannot hold a string over 512 MB). A JSON array or a pretty-printed
   * object, whose first line is not a whole record, is read whole as before.
   */
  parseStream(src, ctx) {
    return { runs: [...streamRunRecords(src, ctx)], warnings: [] };
  },
  streamRecords: (src, ctx) => streamRunRecords(src, ctx),
};

/**
 * The records of a large file one at a time: JSON Lines line by line; a JSON array or a
 * pretty-printed object (whose first line is not a whole record) read whole, as parse() does.
 * A bad line throws where it is found, after the records before it were yielded.
 */
function* streamRunRecords(src: TextSource, ctx: ParseContext): Generator<RunRecord> {
  let any = false;
  for (const { line, n } of sourceLines(ctx.name, src)) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = parseJsonLimited(line);
    } catch (e) {
      if (e instanceof JsonLimitError) throw new ImportError(ctx.name, `line ${n}`, e.message);
      if (!any) return yield* runRecordImporter.parse(wholeText(ctx.name, src), ctx).runs; // not JSON Lines
      throw new ImportError(ctx.name, `line ${n}`, `invalid JSON: ${(e as Error).message}`);
    }
    if (!any && Array.isArray(value)) return yield* runRecordImporter.parse(wholeText(ctx.name, src), ctx).runs;
    any = true;
    yield toRecord(ctx.name, value, `line ${n}`);
  }
  if (!any) throw new ImportError(ctx.name, undefined, 'no run records in file');
}

/** The whole file as one string, for a JSON array or object (V8's limit on a string is 512 MB). */
function wholeText(name: string, src: TextSource): string {
  let text = '';
  for (const c of src.chunks()) {
    if (text.length + c.length > bufferConstants.MAX_STRING_LENGTH)
      throw new ImportError(
        name,
        undefined,
        'a JSON array or object this large cannot be read in one piece: write the records as JSON Lines (one per line), which are read line by line',
      );
    text += c;
  }
  return text;
}

/** Where a record was stored before: an imported file's runs get new ones. */
const RECORD_IDS = new Set(['id', 'study_id']);

/** One parsed JSON value as a validated run record (ids dropped, derived metrics filled). */
function toRecord(file: string, value: unknown, where: string): RunRecord {
  if (!looksLikeRecord(value))
    throw new ImportError(file, where, 'not a Joulebench run record (schema_version, hardware, metrics)');
  const r = runRecordSchema.safeParse(value);
  if (!r.success) throw new ImportError(file, where, formatIssues(r.error.issues));
  const rec = shallowCopy(r.data, RECORD_IDS) as RunRecord;
  const { metrics, derived } = deriveMetrics({ metrics: rec.metrics, workload: rec.workload });
  rec.metrics = metrics;
  rec.derived = [...new Set([...(rec.derived ?? []), ...derived])];
  return rec;
}
